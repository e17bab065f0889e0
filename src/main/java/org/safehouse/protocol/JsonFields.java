package org.safehouse.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads one field of a client frame's JSON object, strictly: a field of the wrong JSON type, or out of its range, is a
 * {@link ProtocolException} {@code bad_field} that names the field but never quotes the value. A JSON {@code null} is
 * the same as an absent optional field. Stateless.
 */
final class JsonFields {
    /** Longest tokens, epochs, client message ids and ban ids. */
    static final int MAX_TOKEN_CHARS = 64;

    private JsonFields() {
    }

    static String requiredString(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        JsonValue value = object.get(field);
        if (value instanceof JsonString string) {
            return string.getString();
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD,
                (value == null ? "missing field " : "field must be a string: ") + field, room);
    }

    static Optional<String> optionalString(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonString string) {
            return Optional.of(string.getString());
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD, "field must be a string or null: " + field, room);
    }

    static boolean optionalBoolean(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return false;
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE) {
            return value.getValueType() == JsonValue.ValueType.TRUE;
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD, "field must be true or false: " + field, room);
    }

    /** An optional string of at most {@value #MAX_TOKEN_CHARS} characters (tokens, epochs, client ids). */
    static Optional<String> shortString(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        Optional<String> value = optionalString(object, field, room);
        if (value.isPresent() && (value.get().isEmpty() || value.get().length() > MAX_TOKEN_CHARS)) {
            throw new ProtocolException(ErrorCode.BAD_FIELD,
                    field + " must be 1 to " + MAX_TOKEN_CHARS + " characters", room);
        }
        return value;
    }

    /** A string of at most {@value #MAX_TOKEN_CHARS} characters that must be there ("missing field" when absent). */
    static String requiredShortString(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        Optional<String> value = shortString(object, field, room);
        if (value.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "missing field " + field, room);
        }
        return value.get();
    }

    /** An optional message id: a decimal string (ids are 64-bit; JSON numbers would lose precision in browsers). */
    static Optional<Long> optionalId(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        Optional<String> value = optionalString(object, field, room);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            long id = Long.parseLong(value.get());
            if (id >= 0) {
                return Optional.of(id);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD, field + " must be a message id (a decimal string)", room);
    }

    /** The number as a long, or -1 when it does not fit one (longValue() would wrap it around). */
    static long exactLong(JsonNumber number) {
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    static int requiredInt(JsonObject object, String field, Optional<String> room) throws ProtocolException {
        JsonValue value = object.get(field);
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.intValueExact();
            } catch (ArithmeticException e) {
                // fall through to the error below
            }
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD,
                (value == null ? "missing field " : "field must be an integer: ") + field, room);
    }
    /** An optional true or false: empty when absent or null. */
    static Optional<Boolean> optionalFlag(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        return isAbsent(object, field) ? Optional.empty()
                : Optional.of(optionalBoolean(object, field, room));
    }

    /** An optional integer from {@code min} to {@code max}. */
    static OptionalLong optionalLong(JsonObject object, String field, long min, long max, Optional<String> room)
            throws ProtocolException {
        if (isAbsent(object, field)) {
            return OptionalLong.empty();
        }
        JsonValue value = object.get(field);
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                long exact = number.longValueExact();
                if (exact >= min && exact <= max) {
                    return OptionalLong.of(exact);
                }
            } catch (ArithmeticException e) {
                // fall through to the error below
            }
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD, field + " must be an integer from " + min + " to " + max,
                room);
    }

    /** An integer from {@code min} to {@code max} that must be there: {@code missing field} when absent or null. */
    static long requiredLong(JsonObject object, String field, long min, long max, Optional<String> room)
            throws ProtocolException {
        OptionalLong value = optionalLong(object, field, min, max, room);
        if (value.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "missing field " + field, room);
        }
        return value.getAsLong();
    }

    /** An optional array of strings (empty when absent or null); an array that holds anything else is refused. */
    static Optional<List<String>> optionalStrings(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        if (isAbsent(object, field)) {
            return Optional.empty();
        }
        if (object.get(field) instanceof JsonArray array) {
            List<String> strings = new ArrayList<>(array.size());
            for (JsonValue element : array) {
                if (!(element instanceof JsonString string)) {
                    throw new ProtocolException(ErrorCode.BAD_FIELD, field + " must hold only strings", room);
                }
                strings.add(string.getString());
            }
            return Optional.of(strings);
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD, "field must be an array of strings: " + field, room);
    }

    private static boolean isAbsent(JsonObject object, String field) {
        JsonValue value = object.get(field);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }
}
