package org.safehouse.protocol;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of names that carries the JSON text of its array elements, rendered once as the names were added
 * ({@code "a","b"}, escaped exactly as {@link JsonWriter} escapes). A room sends its whole member list to every
 * newcomer; with this, {@link JsonCodec} copies that text into the frame instead of escaping every name again, which
 * in a join storm would be half the square of the room's size.
 *
 * <p>Made only by {@link RenderedNameList#snapshot()}. It shares that list's arrays, which the list writes only past
 * the ends this snapshot reads, so it may be kept and read from any thread like any other frame value.
 */
public final class RenderedNames extends AbstractList<String> implements RandomAccess {
    private final String[] names;
    private final int size;
    private final String[] frozenParts;
    private final int frozenPartCount;
    private final String lastPart;

    /** The names are {@code names[0..size)}; their text is {@code frozenParts[0..frozenPartCount)}, then lastPart. */
    RenderedNames(String[] names, int size, String[] frozenParts, int frozenPartCount, String lastPart) {
        this.names = names;
        this.size = size;
        this.frozenParts = frozenParts;
        this.frozenPartCount = frozenPartCount;
        this.lastPart = lastPart;
    }

    @Override
    public String get(int index) {
        Objects.checkIndex(index, size);
        return names[index];
    }

    @Override
    public int size() {
        return size;
    }

    /** Characters of the elements' text (without the brackets); its UTF-8 size is at most three times this. */
    public long jsonChars() {
        long chars = lastPart.length();
        for (int i = 0; i < frozenPartCount; i++) {
            chars += frozenParts[i].length();
        }
        return chars;
    }

    /** Adds the elements' text, in parts that concatenate to it (without the brackets), for {@link JsonWriter}. */
    void addJsonParts(List<String> parts) {
        for (int i = 0; i < frozenPartCount; i++) {
            parts.add(frozenParts[i]);
        }
        parts.add(lastPart);
    }
}
