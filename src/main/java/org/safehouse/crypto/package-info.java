/**
 * Cryptography with no I/O policy of its own: password hashing ({@link org.safehouse.crypto.Argon2PasswordHasher})
 * and TLS material.
 *
 * <p>TLS material: {@link org.safehouse.crypto.TlsMaterial} is the one entry point the launcher calls. It loads a
 * PEM certificate chain and private key, or a PKCS12 keystore, validates them (file present and readable, key
 * matches the certificate, dates valid) and hands back an in-memory PKCS12 {@link java.security.KeyStore} that
 * Jetty's {@code SslContextFactory.Server} takes as it is. {@link org.safehouse.crypto.SelfSignedCertificateStore}
 * generates a self-signed certificate on first start, keeps it in an owner-only data directory and reuses it.
 * Every problem with a file is a {@link org.safehouse.crypto.TlsMaterialException} whose message names the file.
 *
 * <p>Depends on the JDK and BouncyCastle only: no jakarta.*, no Jetty, no other Safehouse package. The BouncyCastle
 * provider is never registered globally ({@code Security.addProvider}); the JDK providers do the work and
 * BouncyCastle only parses PEM and builds certificates, so nothing changes for other code in the same JVM.
 */
package org.safehouse.crypto;
