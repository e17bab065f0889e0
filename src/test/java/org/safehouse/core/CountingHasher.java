package org.safehouse.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.crypto.PasswordHasher;

/** Real Argon2id, counting the expensive calls and recording which passwords were verified, in order. */
final class CountingHasher implements PasswordHasher {
    private final Argon2PasswordHasher argon2 = new Argon2PasswordHasher();
    final AtomicInteger hashes = new AtomicInteger();
    final AtomicInteger verifies = new AtomicInteger();
    final List<String> verified = new ArrayList<>();

    @Override
    public String hash(String password) {
        hashes.incrementAndGet();
        return argon2.hash(password);
    }

    @Override
    public boolean verify(String phcHash, String password) {
        verifies.incrementAndGet();
        synchronized (verified) {
            verified.add(password);
        }
        return argon2.verify(phcHash, password);
    }
}
