[description]
Safehouse TLS policy for the ssl module: TLS 1.3 and 1.2 only, and no CBC, RSA or static DH/ECDH key exchange, NULL,
anonymous, MD5 or SHA-1 cipher suites (Jetty's own exclusions plus those), so only forward-secret AEAD suites remain.

[tags]
ssl
safehouse

[depend]
ssl

[xml]
etc/safehouse-tls.xml
