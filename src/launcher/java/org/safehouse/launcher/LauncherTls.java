package org.safehouse.launcher;

import java.nio.file.Path;
import java.util.List;
import org.safehouse.config.TlsConfig;
import org.safehouse.crypto.SelfSignedCertificateStore;
import org.safehouse.crypto.SubjectAlternativeNames;
import org.safehouse.crypto.TlsMaterial;
import org.safehouse.crypto.TlsMaterialException;

/**
 * Which certificate {@code java -jar} serves: the configured PEM pair ({@code SSL_Cert}, {@code SSL_Key}), else the
 * configured PKCS12 keystore ({@code SSL_Keystore}), else the self-signed certificate in {@code data_dir}, generated
 * on first start and reused afterwards. Every problem is a {@link TlsMaterialException} naming the file.
 */
final class LauncherTls {
    private LauncherTls() {
    }

    /** The material to serve, generating the self-signed certificate when there is none yet. */
    static TlsMaterial loadOrCreate(TlsConfig tls, String host) throws TlsMaterialException {
        if (tls.certificate().isPresent()) {
            return TlsMaterial.fromPem(tls.certificate().get(), tls.privateKey().orElseThrow());
        }
        if (tls.keyStore().isPresent()) {
            return TlsMaterial.fromPkcs12(tls.keyStore().get(), tls.keyStorePassword().orElseThrow().toCharArray());
        }
        return store(tls).loadOrCreate(host);
    }

    /** The material that would be served, never generating anything. */
    static TlsMaterial loadExisting(TlsConfig tls) throws TlsMaterialException {
        if (tls.selfSigned()) {
            SelfSignedCertificateStore store = store(tls);
            if (!store.exists()) {
                throw new TlsMaterialException(store.certificateFile(), "no self-signed certificate yet; the first "
                        + "start with \"SSL\": true generates it here (or run --replace-certificate)");
            }
            return store.load();
        }
        return loadOrCreate(tls, null);
    }

    /** Writes a new self-signed certificate for {@code host} over the one in {@code data_dir}. */
    static TlsMaterial replaceSelfSigned(TlsConfig tls, String host) throws TlsMaterialException {
        return store(tls).replace(host);
    }

    static SelfSignedCertificateStore store(TlsConfig tls) {
        return new SelfSignedCertificateStore(tls.dataDirectory());
    }

    /** The files holding private keys that TLS with this config reads, for the permission check. */
    static List<Path> privateKeyFiles(TlsConfig tls) {
        if (!tls.enabled()) {
            return List.of();
        }
        if (tls.privateKey().isPresent()) {
            return List.of(tls.privateKey().get());
        }
        if (tls.keyStore().isPresent()) {
            return List.of(tls.keyStore().get());
        }
        return List.of(store(tls).privateKeyFile());
    }

    /** Where the material came from, for the start-up line. */
    static String source(TlsConfig tls) {
        if (tls.certificate().isPresent()) {
            return "certificate " + tls.certificate().get() + ", key " + tls.privateKey().orElseThrow();
        }
        if (tls.keyStore().isPresent()) {
            return "keystore " + tls.keyStore().get();
        }
        return "self-signed certificate in " + tls.dataDirectory();
    }

    /**
     * A warning when browsers connecting to {@code host} will not find it in the certificate, or null. Wildcard bind
     * addresses name no host, so they get no warning.
     */
    static String nameMismatch(TlsMaterial material, String host, TlsConfig tls) {
        String bare = host.trim();
        if (bare.isEmpty() || bare.equals("0.0.0.0") || bare.equals("::") || bare.equals("[::]")) {
            return null;
        }
        try {
            if (SubjectAlternativeNames.covers(material.certificate(), bare)) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            return null; // not a name a browser could connect to; nothing useful to compare
        }
        String fix = tls.selfSigned()
                ? " Run --replace-certificate --host " + bare + " to generate one that does."
                : " Use a certificate issued for " + bare + ".";
        return "the TLS certificate does not name " + bare + " (names: "
                + SubjectAlternativeNames.dnsNames(material.certificate()) + " "
                + SubjectAlternativeNames.ipAddresses(material.certificate()) + "), so browsers connecting to it "
                + "will warn." + fix;
    }
}
