package org.safehouse.crypto;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The self-signed certificate of a server started with TLS on and no certificate configured: generated on first
 * start into a data directory, reused on every later start, replaced on request.
 *
 * <p>Files: {@value #CERTIFICATE_FILE_NAME} (the certificate, PEM) and {@value #PRIVATE_KEY_FILE_NAME} (the EC P-256
 * key, unencrypted PKCS#8 PEM), directly in {@link #directory()}. A directory this class creates is {@code rwx------};
 * both files are {@code rw-------} (where the file system has POSIX permissions) and each is replaced atomically,
 * key first. The files are ordinary PEM, so they can also be configured as {@code SSL_Cert} and {@code SSL_Key}.
 *
 * <p>Contract:
 * <ol>
 * <li>{@link #loadOrCreate} with neither file present MUST generate both; with both present it MUST load them
 * unchanged (same fingerprint), even if {@code host} changed since: a new certificate would make every browser
 * that trusted the old one warn again. Use {@link SubjectAlternativeNames#covers} to warn, {@link #replace} to act.
 * <li>With only one of the two files present it MUST refuse, naming the missing file, rather than overwrite a key.
 * <li>A stored certificate that has expired, or a key that does not match it, MUST be refused like configured PEM
 * files are ({@link TlsMaterialException} naming the file), never silently regenerated.
 * <li>{@link #replace} MUST write a new key pair and certificate whatever is there, and return the new material.
 * <li>{@link #rotateKey} MUST write a new key pair and certificate for the stored one's host when one is stored, and
 * write nothing when none is.
 * </ol>
 * Methods are synchronized against each other in one JVM; two processes sharing one directory are not supported.
 */
public final class SelfSignedCertificateStore {
    public static final String CERTIFICATE_FILE_NAME = "cert.pem";
    public static final String PRIVATE_KEY_FILE_NAME = "key.pem";

    private static final String REPLACE_HINT =
            "; to start over, replace the self-signed certificate (the launcher's replace option, or delete "
                    + CERTIFICATE_FILE_NAME + " and " + PRIVATE_KEY_FILE_NAME + ")";

    private final Path directory;
    private final Clock clock;

    /** A store in {@code directory} (created on first generation), checking validity against the system clock. */
    public SelfSignedCertificateStore(Path directory) {
        this(directory, Clock.systemUTC());
    }

    /** A store in {@code directory} whose certificates start at, and are validated against, {@code clock}'s now. */
    public SelfSignedCertificateStore(Path directory, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path directory() {
        return directory;
    }

    public Path certificateFile() {
        return directory.resolve(CERTIFICATE_FILE_NAME);
    }

    public Path privateKeyFile() {
        return directory.resolve(PRIVATE_KEY_FILE_NAME);
    }

    /** Whether both files are present, so {@link #loadOrCreate} will load rather than generate. */
    public synchronized boolean exists() {
        return Files.exists(certificateFile()) && Files.exists(privateKeyFile());
    }

    /**
     * The stored certificate if there is one, else a new one for {@code host} (see the class contract).
     *
     * @param host the configured host name or IP; null, blank or a wildcard bind address adds no name of its own
     * @throws TlsMaterialException naming the file: one of the pair missing, unreadable, not matching, expired; or
     *                              the directory or a file cannot be written
     */
    public synchronized TlsMaterial loadOrCreate(String host) throws TlsMaterialException {
        boolean certificatePresent = Files.exists(certificateFile());
        boolean keyPresent = Files.exists(privateKeyFile());
        if (certificatePresent && keyPresent) {
            return load();
        }
        if (certificatePresent) {
            throw new TlsMaterialException(privateKeyFile(), "private key file is missing although its certificate "
                    + certificateFile() + " exists" + REPLACE_HINT);
        }
        if (keyPresent) {
            throw new TlsMaterialException(certificateFile(), "certificate file is missing although its private key "
                    + privateKeyFile() + " exists" + REPLACE_HINT);
        }
        return replace(host);
    }

    /**
     * The stored certificate and key, validated; for printing the fingerprint without starting a server.
     *
     * @throws TlsMaterialException naming the file if either is missing or unusable
     */
    public synchronized TlsMaterial load() throws TlsMaterialException {
        try {
            return TlsMaterial.fromPem(certificateFile(), privateKeyFile(), clock);
        } catch (TlsMaterialException e) {
            throw new TlsMaterialException(e.file(), e.problem() + REPLACE_HINT, e);
        }
    }

    /**
     * Generates a new key pair and certificate for {@code host}, valid from now, and writes them over whatever is
     * stored (creating the directory owner-only if needed).
     *
     * @throws IllegalArgumentException if {@code host} is neither an IP literal nor a valid host name
     * @throws TlsMaterialException     naming the directory or file that cannot be written
     */
    public synchronized TlsMaterial replace(String host) throws TlsMaterialException {
        SelfSignedCertificateGenerator.SelfSignedCertificate generated =
                SelfSignedCertificateGenerator.generate(host, clock.instant());
        try {
            FilePermissions.createOwnerOnlyDirectories(directory);
        } catch (IOException e) {
            throw new TlsMaterialException(directory, "cannot create the data directory: " + e, e);
        }
        byte[] keyPem = pem("PRIVATE KEY", generated.keyPair().getPrivate().getEncoded());
        byte[] certificatePem;
        try {
            certificatePem = pem("CERTIFICATE", generated.certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate just built cannot be encoded", e);
        }
        write(privateKeyFile(), keyPem); // key first: a crash in between leaves a mismatch that load() reports
        write(certificateFile(), certificatePem);
        return TlsMaterial.fromPem(certificateFile(), privateKeyFile(), clock);
    }

    /**
     * A new key pair and certificate for the host the stored certificate names (its common name), written over it:
     * the server's panic wipe, so that a key copied from a seized disk no longer matches what the server presents.
     * Nothing stored: nothing to rotate (the next start generates a pair). A stored pair that cannot be read any more
     * is replaced with one for the loopback names only.
     *
     * @return the new material, or empty when no certificate was stored
     * @throws TlsMaterialException naming the file that cannot be written
     */
    public synchronized Optional<TlsMaterial> rotateKey() throws TlsMaterialException {
        if (!Files.exists(certificateFile()) && !Files.exists(privateKeyFile())) {
            return Optional.empty();
        }
        String host = null;
        try {
            X500Name subject = X500Name.getInstance(load().certificate().getSubjectX500Principal().getEncoded());
            RDN[] commonNames = subject.getRDNs(BCStyle.CN);
            host = commonNames.length == 0 ? null : IETFUtils.valueToString(commonNames[0].getFirst().getValue());
        } catch (TlsMaterialException unreadable) {
            host = null;
        }
        return Optional.of(replace(host));
    }

    private static void write(Path file, byte[] content) throws TlsMaterialException {
        try {
            FilePermissions.writeOwnerOnly(file, content);
        } catch (IOException e) {
            throw new TlsMaterialException(file, "cannot write: " + e, e);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException("writing to a StringWriter cannot fail", e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
