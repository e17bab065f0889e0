package org.safehouse.browser;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Looks for a text in raw bytes (a heap dump, a database file) in every encoding a JVM or SQLite may keep it in:
 * Latin-1 and UTF-8 (compact strings, byte arrays, SQLite text), UTF-16LE and UTF-16BE (non-compact strings).
 */
final class HeapSearch {
    private static final List<Charset> ENCODINGS = List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
            StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE);

    private HeapSearch() {
    }

    static boolean contains(byte[] haystack, String text) {
        for (Charset encoding : ENCODINGS) {
            if (indexOf(haystack, text.getBytes(encoding)) >= 0) {
                return true;
            }
        }
        return false;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        if (needle.length == 0) {
            return 0;
        }
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
