package org.safehouse.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * (verifier, password) pairs that Argon2id already found matching, so a crowd reconnecting after a restart costs one
 * Argon2id computation per room and password, not one per user. Entries are HMAC-SHA256 tags under a random key made
 * when the process starts and never stored: the password is never kept, and a tag is useless outside this process.
 * The verifier (the room's PHC string) is part of the tagged text, so a room re-created or restored with another
 * verifier matches none of its old entries. Bounded: the least recently used entry goes first. Thread-safe.
 */
final class VerifiedPasswords {
    static final int MAX_ENTRIES = 10_000;

    private final SecretKeySpec key;
    private final Map<String, Boolean> verified = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    VerifiedPasswords(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The tag of a pair: what is remembered, and what identical concurrent checks share. */
    String tag(String verifier, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(verifier.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    synchronized boolean contains(String tag) {
        return verified.get(tag) != null;
    }

    synchronized void remember(String tag) {
        verified.put(tag, Boolean.TRUE);
    }

    synchronized int size() {
        return verified.size();
    }
}
