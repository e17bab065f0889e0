package org.safehouse.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** PKCS12 keystores: built in memory from PEM material, loaded from a file, written to a file. */
final class Pkcs12KeyStores {
    /** The alias of the one entry in keystores built here. */
    static final String ALIAS = "safehouse";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] PASSWORD_ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private Pkcs12KeyStores() {
    }

    /** An in-memory keystore, never written anywhere, so its password only needs to be unguessable, not remembered. */
    static char[] randomPassword() {
        char[] password = new char[32];
        for (int i = 0; i < password.length; i++) {
            password[i] = PASSWORD_ALPHABET[RANDOM.nextInt(PASSWORD_ALPHABET.length)];
        }
        return password;
    }

    /** A PKCS12 keystore holding one key entry, {@link #ALIAS}, protected (store and key) by {@code password}. */
    static KeyStore inMemory(PrivateKey privateKey, List<X509Certificate> chain, char[] password) {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(ALIAS, privateKey, password, chain.toArray(new Certificate[0]));
            return keyStore;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK's PKCS12 keystore refused a key entry: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a PKCS12 file and validates its key entries: at least one, each readable with {@code password}, each
     * matching its certificate, each certificate currently valid. Returns the material of the first key entry in
     * alias order (Jetty picks among several by SNI; the fingerprint shown is that of the first).
     */
    static TlsMaterial load(Path file, char[] password, Clock clock) throws TlsMaterialException {
        PemTlsMaterial.requireReadableFile(file, "PKCS12 keystore");
        KeyStore keyStore;
        try (InputStream in = Files.newInputStream(file)) {
            keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
        } catch (AccessDeniedException e) {
            throw new TlsMaterialException(file, "PKCS12 keystore file is not readable by this user", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsMaterialException(file, "wrong keystore password", e);
            }
            throw new TlsMaterialException(file, "not a PKCS12 keystore, or a damaged one: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(file, "PKCS12 keystore cannot be read: " + e.getMessage(), e);
        }
        List<String> keyAliases = keyAliases(keyStore, file);
        if (keyAliases.isEmpty()) {
            throw new TlsMaterialException(file, "no private key in this keystore (only trusted certificates)");
        }
        X509Certificate first = null;
        for (String alias : keyAliases) {
            X509Certificate leaf = validateEntry(keyStore, alias, password, file, clock);
            if (first == null) {
                first = leaf;
            }
        }
        return new TlsMaterial(keyStore, password, first, CertificateFingerprint.sha256(first));
    }

    /** Writes {@code material}'s key entry to {@code file} as PKCS12 protected by {@code password}, owner-only. */
    static void write(TlsMaterial material, Path file, char[] password) throws TlsMaterialException {
        try {
            KeyStore source = material.keyStore();
            char[] sourcePassword = material.keyStorePassword();
            String alias = keyAliases(source, file).get(0);
            Key key = source.getKey(alias, sourcePassword);
            KeyStore target = KeyStore.getInstance("PKCS12");
            target.load(null, null);
            target.setKeyEntry(ALIAS, key, password, source.getCertificateChain(alias));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            target.store(bytes, password);
            FilePermissions.writeOwnerOnly(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new TlsMaterialException(file, "cannot write the PKCS12 keystore: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(file, "cannot build the PKCS12 keystore: " + e.getMessage(), e);
        }
    }

    private static X509Certificate validateEntry(KeyStore keyStore, String alias, char[] password, Path file,
            Clock clock) throws TlsMaterialException {
        Key key;
        Certificate[] chain;
        try {
            key = keyStore.getKey(alias, password);
            chain = keyStore.getCertificateChain(alias);
        } catch (UnrecoverableKeyException e) {
            throw new TlsMaterialException(file, "the key entry '" + alias + "' has a password different from the"
                    + " keystore's; use one password for both", e);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(file, "the key entry '" + alias + "' cannot be read: " + e.getMessage(), e);
        }
        if (!(key instanceof PrivateKey privateKey)) {
            throw new TlsMaterialException(file, "the entry '" + alias + "' holds no private key");
        }
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            throw new TlsMaterialException(file, "the key entry '" + alias + "' has no X.509 certificate");
        }
        CertificateChecks.requireKeyMatches(privateKey, leaf, file, file);
        for (Certificate certificate : chain) {
            if (certificate instanceof X509Certificate x509) {
                CertificateChecks.requireCurrentlyValid(x509, file, clock);
            }
        }
        return leaf;
    }

    private static List<String> keyAliases(KeyStore keyStore, Path file) throws TlsMaterialException {
        try {
            List<String> aliases = new ArrayList<>();
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias)) {
                    aliases.add(alias);
                }
            }
            Collections.sort(aliases);
            return aliases;
        } catch (KeyStoreException e) {
            throw new TlsMaterialException(file, "keystore entries cannot be listed: " + e.getMessage(), e);
        }
    }
}
