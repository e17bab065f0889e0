package org.safehouse.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one JSON object, compact, exactly as the JSON-P generator does (same escapes, same number and literal
 * forms), for the server frames' encoding. A server encodes a frame per broadcast, so this appends straight into one
 * {@link StringBuilder}: text that needs no escaping is copied in one call instead of character by character. A full
 * member list goes out on every join; it arrives already rendered ({@link RenderedNames}) and is spliced in by
 * {@link #toString} rather than copied into the builder. Not thread-safe; one per encoding. Knows no frames.
 */
final class JsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(128);
    /** Whether the innermost open object or array already has a member: the next one needs a comma. */
    private boolean[] hasMember = new boolean[8];
    private boolean[] isArray = new boolean[8];
    private int depth = -1;
    /**
     * The finished text up to and including each spliced array, in order; null until a frame has one. {@link #toString}
     * joins it with {@code out} in one allocation of the exact size, so a 20,000-name list is copied once, straight
     * into the frame, and never regrows a builder.
     */
    private List<String> finished;

    JsonWriter writeStartObject() {
        return open('{');
    }

    JsonWriter writeStartObject(String name) {
        name(name);
        return push('{');
    }

    JsonWriter writeStartArray(String name) {
        name(name);
        return push('[');
    }

    JsonWriter writeEnd() {
        out.append(isArray[depth] ? ']' : '}');
        depth--;
        return this;
    }

    JsonWriter write(String name, String value) {
        name(name);
        string(value);
        return this;
    }

    JsonWriter write(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    JsonWriter write(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    /** An array element. */
    JsonWriter write(String value) {
        separate();
        string(value);
        return this;
    }

    /** An array element. */
    JsonWriter write(long value) {
        separate();
        out.append(value);
        return this;
    }

    /**
     * An array whose elements were rendered earlier, by {@link RenderedNameList}: their text is spliced in as it is.
     * The result is what {@link #writeStartArray}, {@link #write(String)} for each name and {@link #writeEnd} write.
     */
    JsonWriter writeRenderedArray(String name, RenderedNames elements) {
        name(name);
        out.append('[');
        if (finished == null) {
            finished = new ArrayList<>();
        }
        finished.add(out.toString());
        out.setLength(0);
        elements.addJsonParts(finished);
        out.append(']');
        return this;
    }

    /** Makes room for about {@code chars} more characters at once (a long list would otherwise regrow many times). */
    JsonWriter reserve(int chars) {
        out.ensureCapacity(out.length() + chars);
        return this;
    }

    @Override
    public String toString() {
        if (finished == null) {
            return out.toString();
        }
        String[] parts = finished.toArray(new String[finished.size() + 1]);
        parts[finished.size()] = out.toString();
        // Since JDK 17 String.join sums the lengths first and copies each part once into the String's own array.
        return String.join("", parts);
    }

    private JsonWriter open(char bracket) {
        separate();
        return push(bracket);
    }

    private JsonWriter push(char bracket) {
        out.append(bracket);
        depth++;
        if (depth == hasMember.length) {
            hasMember = Arrays.copyOf(hasMember, depth * 2);
            isArray = Arrays.copyOf(isArray, depth * 2);
        }
        hasMember[depth] = false;
        isArray[depth] = bracket == '[';
        return this;
    }

    private void name(String name) {
        separate();
        string(name);
        out.append(':');
    }

    private void separate() {
        if (depth < 0) {
            return;
        }
        if (hasMember[depth]) {
            out.append(',');
        } else {
            hasMember[depth] = true;
        }
    }

    private void string(String text) {
        appendString(out, text);
    }

    /**
     * Appends an RFC 8259 string: quote, backslash and control characters escaped (short forms where JSON has them).
     * The one escaping of the package, shared with {@link RenderedNameList} so rendered names match what this writes.
     */
    static void appendString(StringBuilder out, String text) {
        out.append('"');
        int length = text.length();
        int run = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(text, run, length).append('"');
    }
}
