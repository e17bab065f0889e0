package org.safehouse.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), the format
 * libargon2 and most tools print, so a hash made elsewhere can go into config.json.
 *
 * <p>Thread-safe. Hashing takes tens of milliseconds and {@code memoryKib} of heap by design: callers throttle
 * before calling (see the core's password throttle), never after.
 */
public final class Argon2PasswordHasher implements PasswordHasher {
    /** OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
    public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
    public static final int DEFAULT_ITERATIONS = 2;
    public static final int DEFAULT_PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final int memoryKib;
    private final int iterations;

    public Argon2PasswordHasher() {
        this(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS);
    }

    public Argon2PasswordHasher(int memoryKib, int iterations) {
        if (memoryKib < DEFAULT_MEMORY_KIB || iterations < DEFAULT_ITERATIONS) {
            throw new IllegalArgumentException("Argon2id needs at least 19 MiB and 2 iterations");
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
    }

    /** @return true when the text looks like a PHC Argon2id hash this class can verify. */
    public static boolean isHash(String text) {
        return PHC.matcher(text).matches();
    }

    /** Hashes with a fresh random salt. */
    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, iterations, DEFAULT_PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + DEFAULT_PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Compares in constant time (for a given hash length).
     *
     * @throws IllegalArgumentException when {@code phcHash} is not a valid Argon2id PHC string
     */
    @Override
    public boolean verify(String phcHash, String password) {
        Matcher m = PHC.matcher(phcHash);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an Argon2id PHC hash");
        }
        int memory = Integer.parseInt(m.group(1));
        int time = Integer.parseInt(m.group(2));
        int lanes = Integer.parseInt(m.group(3));
        byte[] salt = B64D.decode(m.group(4));
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = derive(password, salt, memory, time, lanes, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Checks a configured hash for parameters at least as strong as the defaults; null when fine, else why not. */
    public static String weaknessOf(String phcHash) {
        Matcher m = PHC.matcher(phcHash);
        if (!m.matches()) {
            return "not an Argon2id hash in PHC format ($argon2id$v=19$m=...,t=...,p=...$salt$hash)";
        }
        if (Integer.parseInt(m.group(1)) < DEFAULT_MEMORY_KIB || Integer.parseInt(m.group(2)) < DEFAULT_ITERATIONS) {
            return "Argon2id parameters below m=19456,t=2";
        }
        if (Integer.parseInt(m.group(1)) > 1024 * 1024) {
            return "Argon2id memory above 1 GiB";
        }
        return null;
    }

    private static byte[] derive(String password, byte[] salt, int memory, int time, int lanes, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(time)
                .withParallelism(lanes)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] passwordBytes = utf8(password);
        byte[] out = new byte[length];
        try {
            generator.generateBytes(passwordBytes, out);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
        return out;
    }

    private static byte[] utf8(String text) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
