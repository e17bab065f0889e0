package org.safehouse.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * {@code log_format: "json"}: each log event as one JSON object on one line, with {@code time} (ISO-8601 UTC),
 * {@code level} (ERROR, WARN, INFO, DEBUG, TRACE), {@code logger}, {@code message}, then the event's structured fields
 * (its parameters that are {@link Map.Entry}, see core.LogFields: {@code addr}, {@code room}, {@code reason}, ...),
 * then {@code error} and {@code stack} when it carries a throwable. JDK only, thread-safe (no state).
 */
final class JsonLineFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
        fields.put("level", level(record.getLevel()));
        fields.put("logger", String.valueOf(record.getLoggerName()));
        fields.put("message", message(record));
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            for (Object parameter : parameters) {
                if (parameter instanceof Map.Entry<?, ?> field && field.getKey() instanceof String name
                        && !fields.containsKey(name)) {
                    fields.put(name, String.valueOf(field.getValue()));
                }
            }
        }
        if (record.getThrown() != null) {
            fields.put("error", record.getThrown().getClass().getName());
            StringWriter stack = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(stack));
            fields.put("stack", stack.toString());
        }
        StringBuilder line = new StringBuilder(256).append('{');
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (line.length() > 1) {
                line.append(',');
            }
            quote(line, field.getKey()).append(':');
            quote(line, field.getValue());
        }
        return line.append("}\n").toString();
    }

    /** The message with its parameters filled in, as the text format shows it (SLF4J's {} are already filled). */
    private String message(LogRecord record) {
        String text = record.getMessage();
        if (text == null) {
            return "";
        }
        Object[] parameters = record.getParameters();
        if (parameters == null || parameters.length == 0 || !text.contains("{")) {
            return text;
        }
        try {
            return MessageFormat.format(text, parameters);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    static String level(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
