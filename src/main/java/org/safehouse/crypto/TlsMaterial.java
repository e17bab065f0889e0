package org.safehouse.crypto;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Objects;

/**
 * A validated server certificate and key, ready for a TLS connector: the one entry point the launcher calls.
 *
 * <pre>{@code
 * TlsMaterial tls = TlsMaterial.fromPem(certFile, keyFile);      // or fromPkcs12, or SelfSignedCertificateStore
 * SslContextFactory.Server ssl = new SslContextFactory.Server();
 * ssl.setKeyStore(tls.keyStore());
 * ssl.setKeyStorePassword(new String(tls.keyStorePassword()));
 * System.out.println("SHA-256 fingerprint: " + tls.fingerprint());
 * }</pre>
 *
 * <p>The keystore is PKCS12 and holds exactly one key entry (or, from {@link #fromPkcs12}, the file's entries), the
 * key protected by the same password as the store, which is what Jetty expects when no key manager password is
 * set. For PEM input the keystore lives only in memory and its password is random.
 *
 * <p>Immutable as far as this class goes: {@link #keyStorePassword()} returns a copy, and nothing here changes the
 * keystore after construction; callers must not add entries to it either. Safe to share between threads once
 * built. {@link #toString()} shows no password.
 *
 * @param keyStore         PKCS12, loaded, holding the server key and its certificate chain
 * @param keyStorePassword protects both the store and its key entries
 * @param certificate      the server's own (leaf) certificate
 * @param fingerprint      {@link CertificateFingerprint#sha256} of {@code certificate}
 */
public record TlsMaterial(KeyStore keyStore, char[] keyStorePassword, X509Certificate certificate,
        String fingerprint) {

    public TlsMaterial {
        Objects.requireNonNull(keyStore, "keyStore");
        keyStorePassword = Objects.requireNonNull(keyStorePassword, "keyStorePassword").clone();
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /**
     * Loads a PEM certificate chain and PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted) and validates
     * them against the current time; see {@link PemTlsMaterial} for what is accepted and refused.
     *
     * @throws TlsMaterialException naming the file at fault: missing or unreadable, no certificate, no key, a key
     *                              that does not match the certificate, a certificate expired or not yet valid
     */
    public static TlsMaterial fromPem(Path certificateFile, Path privateKeyFile) throws TlsMaterialException {
        return fromPem(certificateFile, privateKeyFile, Clock.systemUTC());
    }

    /** {@link #fromPem(Path, Path)} checking validity against {@code clock}. */
    public static TlsMaterial fromPem(Path certificateFile, Path privateKeyFile, Clock clock)
            throws TlsMaterialException {
        PemTlsMaterial.Loaded loaded = PemTlsMaterial.load(certificateFile, privateKeyFile, clock);
        char[] password = Pkcs12KeyStores.randomPassword();
        KeyStore keyStore = Pkcs12KeyStores.inMemory(loaded.privateKey(), loaded.chain(), password);
        return new TlsMaterial(keyStore, password, loaded.leaf(), CertificateFingerprint.sha256(loaded.leaf()));
    }

    /**
     * Loads an existing PKCS12 keystore file protected by {@code password} (key entries must use the same password)
     * and validates every key entry as {@link #fromPem} does. {@link #certificate()} is the leaf of the first key
     * entry in alias order.
     *
     * @throws TlsMaterialException naming the file: missing or unreadable, not PKCS12, wrong password, no key
     *                              entry, a key not matching its certificate, a certificate expired or not yet valid
     */
    public static TlsMaterial fromPkcs12(Path keyStoreFile, char[] password) throws TlsMaterialException {
        return fromPkcs12(keyStoreFile, password, Clock.systemUTC());
    }

    /** {@link #fromPkcs12(Path, char[])} checking validity against {@code clock}. */
    public static TlsMaterial fromPkcs12(Path keyStoreFile, char[] password, Clock clock)
            throws TlsMaterialException {
        return Pkcs12KeyStores.load(keyStoreFile, password, clock);
    }

    /** A copy of the password of {@link #keyStore()} and its key entries. */
    @Override
    public char[] keyStorePassword() {
        return keyStorePassword.clone();
    }

    /**
     * Writes the key and its certificate chain to {@code file} as a PKCS12 keystore protected by {@code password},
     * readable by its owner only (replacing the file atomically). Use it to feed a container that wants a keystore
     * file, such as the jetty-base's ssl module.
     */
    public void writePkcs12(Path file, char[] password) throws TlsMaterialException {
        Pkcs12KeyStores.write(this, file, password);
    }

    @Override
    public String toString() {
        return "TlsMaterial[certificate=" + certificate.getSubjectX500Principal().getName()
                + ", fingerprint=" + fingerprint + "]";
    }
}
