package org.safehouse.core;

import java.util.Map;

/**
 * Structured fields of a log event, passed as the parameters of a {@link System.Logger} call:
 * {@code LOG.log(Level.INFO, "join refused {0} {1}", LogFields.field("addr", a), LogFields.field("room", r))}.
 * A field is a plain {@link Map.Entry}, a JDK type, so a log formatter loaded by another class loader (the
 * {@code java -jar} launcher's JSON formatter) recognises it; in the text format it prints as {@code addr=value}.
 *
 * <p>Values are made safe for one-line logs: control characters become {@code ?} and long values are cut. Never pass
 * message text or passwords.
 */
public final class LogFields {
    static final int MAX_VALUE_LENGTH = 128;

    private LogFields() {
    }

    public static Map.Entry<String, String> field(String name, Object value) {
        String text = String.valueOf(value);
        if (text.length() > MAX_VALUE_LENGTH) {
            text = text.substring(0, MAX_VALUE_LENGTH) + "...";
        }
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c));
        return Map.entry(name, safe.toString());
    }

    /** The client's address, as the transport determined it. */
    public static Map.Entry<String, String> address(ClientConnection connection) {
        return field("addr", connection.remoteAddress());
    }
}
