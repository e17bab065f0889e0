package org.safehouse.crypto;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A certificate, key or keystore file that cannot be used; start-up should stop and show {@link #getMessage()}.
 *
 * <p>The message always begins with the file's absolute path, then says what is wrong with it in words a person
 * running the server understands, for example
 * {@code /etc/safehouse/key.pem: the private key does not match the certificate in /etc/safehouse/cert.pem}.
 * It never contains key material or passwords.
 */
public final class TlsMaterialException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public TlsMaterialException(Path file, String problem) {
        this(file, problem, null);
    }

    public TlsMaterialException(Path file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file").toAbsolutePath() + ": " + Objects.requireNonNull(problem), cause);
        this.file = file.toAbsolutePath();
        this.problem = problem;
    }

    /** The file the problem is about, absolute. */
    public Path file() {
        return file;
    }

    /** The problem without the file name, for callers that add their own context. */
    public String problem() {
        return problem;
    }
}
