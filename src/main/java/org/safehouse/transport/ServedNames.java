package org.safehouse.transport;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.config.TlsConfig;
import org.safehouse.crypto.PemTlsMaterial;
import org.safehouse.crypto.SubjectAlternativeNames;
import org.safehouse.crypto.SelfSignedCertificateStore;
import org.safehouse.crypto.TlsMaterial;
import org.safehouse.crypto.TlsMaterialException;

/**
 * The host names this server is known by, for the Origin check ({@link OriginPolicy}): the dNSName entries of the
 * configured (or generated) TLS certificate, and {@code server_ip} when it is a name. IP literals and
 * {@code localhost} need no listing. A certificate that cannot be read adds nothing (the launcher reports it).
 */
final class ServedNames {
    private static final System.Logger LOG = System.getLogger(ServedNames.class.getName());

    private ServedNames() {
    }

    static Set<String> of(SafehouseConfig config) {
        Set<String> names = new LinkedHashSet<>();
        String host = config.host().trim();
        if (!host.isEmpty() && !SubjectAlternativeNames.isIpAddress(host) && !host.equals("0.0.0.0")) {
            try {
                names.add(SubjectAlternativeNames.asciiHostName(host));
            } catch (IllegalArgumentException e) {
                // not a host name: nothing a browser could put in an Origin
            }
        }
        certificate(config.tls()).ifPresent(certificate -> names.addAll(SubjectAlternativeNames.dnsNames(certificate)));
        return names;
    }

    /**
     * Lowercase hex SHA-256 of the DER leaf certificate {@code java -jar} serves (configured, or generated), for
     * Hello's {@code certificate}; empty without TLS, or when it cannot be read.
     */
    static Optional<String> certificateSha256(SafehouseConfig config) {
        return certificate(config.tls()).map(certificate -> {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(certificate.getEncoded()));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot digest the certificate", e);
            }
        });
    }

    private static Optional<X509Certificate> certificate(TlsConfig tls) {
        if (!tls.enabled()) {
            return Optional.empty();
        }
        try {
            if (tls.certificate().isPresent()) {
                return Optional.of(PemTlsMaterial.readCertificates(tls.certificate().get()).get(0));
            }
            if (tls.keyStore().isPresent()) {
                return Optional.of(TlsMaterial.fromPkcs12(tls.keyStore().get(),
                        tls.keyStorePassword().orElse("").toCharArray()).certificate());
            }
            Path generated = new SelfSignedCertificateStore(tls.dataDirectory()).certificateFile();
            if (Files.isReadable(generated)) {
                return Optional.of(PemTlsMaterial.readCertificates(generated).get(0));
            }
        } catch (TlsMaterialException | RuntimeException e) {
            LOG.log(Level.DEBUG, "no certificate names for the Origin check: " + e.getClass().getSimpleName());
        }
        return Optional.empty();
    }
}
