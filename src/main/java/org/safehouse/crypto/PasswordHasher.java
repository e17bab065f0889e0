package org.safehouse.crypto;

/**
 * Makes and checks password verifiers (PHC strings). The seam the core's password checks call, so a test can count
 * the expensive calls. Implementations MUST be thread-safe; both methods may take tens of milliseconds and tens of MiB.
 */
public interface PasswordHasher {
    /** A fresh verifier for {@code password}, with a random salt. */
    String hash(String password);

    /** Whether {@code password} matches the verifier, compared in constant time. */
    boolean verify(String phcHash, String password);
}
