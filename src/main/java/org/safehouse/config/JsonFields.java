package org.safehouse.config;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed access to one JSON object of config.json, with errors that name the key: the unknown-key rule (an unknown key
 * is an error naming it; keys starting with {@code _} are comments, and a top-level {@code "$schema"} names the
 * file's JSON Schema) and the type and range checks every section uses, each with the message a person reads.
 */
final class JsonFields {
    private final JsonObject object;
    private final String source;
    private final String prefix;

    JsonFields(JsonObject object, String source, String prefix, Set<String> known) throws ConfigException {
        this.object = object;
        this.source = source;
        this.prefix = prefix;
        for (String key : object.keySet()) {
            boolean schema = prefix.isEmpty() && key.equals(ConfigLoader.SCHEMA_KEY);
            if (!key.startsWith("_") && !schema && !known.contains(key)) {
                throw problem(key, "unknown key (keys starting with _ are comments; see config.json.example)");
            }
        }
    }

    ConfigException problem(String key, String problem) {
        return new ConfigException(where(key) + ": " + problem);
    }

    String where(String key) {
        return source + ": " + prefix + key;
    }

    JsonValue value(String key) {
        JsonValue value = object.get(key);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    Optional<String> optionalString(String key) throws ConfigException {
        JsonValue value = value(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof JsonString string) {
            return Optional.of(string.getString());
        }
        throw problem(key, "must be a string");
    }

    String requiredString(String key) throws ConfigException {
        return optionalString(key).orElseThrow(() -> problem(key, "is required"));
    }

    String string(String key, String fallback, int minLength, int maxLength) throws ConfigException {
        String value = optionalString(key).orElse(fallback);
        if (value.length() < minLength || value.length() > maxLength) {
            throw problem(key, "must be " + minLength + " to " + maxLength + " characters long");
        }
        return value;
    }

    boolean bool(String key, boolean fallback) throws ConfigException {
        JsonValue value = value(key);
        if (value == null) {
            return fallback;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE
                || value.getValueType() == JsonValue.ValueType.TRUE
                || value.getValueType() == JsonValue.ValueType.FALSE) {
            return value.getValueType() == JsonValue.ValueType.TRUE;
        }
        throw problem(key, "must be true or false");
    }

    int integer(String key, int fallback, int min, int max) throws ConfigException {
        JsonValue value = value(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            long n = number.longValue();
            if (n >= min && n <= max && number.bigDecimalValue().compareTo(BigDecimal.valueOf(n)) == 0) {
                return (int) n;
            }
        }
        throw problem(key, "must be a whole number from " + min + " to " + max);
    }

    long wholeNumber(String key, long fallback, long min, long max) throws ConfigException {
        JsonValue value = value(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof JsonNumber number && number.isIntegral()
                && number.bigDecimalValue().compareTo(BigDecimal.valueOf(min)) >= 0
                && number.bigDecimalValue().compareTo(BigDecimal.valueOf(max)) <= 0) {
            return number.longValueExact();
        }
        throw problem(key, "must be a whole number from " + min + " to " + max);
    }

    double number(String key, double fallback, double min, double max) throws ConfigException {
        JsonValue value = value(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof JsonNumber number) {
            double n = number.doubleValue();
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw problem(key, "must be a number from " + min + " to " + max);
    }

    List<String> stringList(String key) throws ConfigException {
        JsonValue value = value(key);
        List<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw problem(key, "must be an array of strings");
        }
        for (JsonValue item : value.asJsonArray()) {
            if (!(item instanceof JsonString string)) {
                throw problem(key, "must be an array of strings");
            }
            result.add(string.getString());
        }
        return result;
    }

    /** An array of CIDR blocks or single addresses, IPv4 or IPv6 ({@link AddressRange#parse}). */
    List<AddressRange> addressRanges(String key) throws ConfigException {
        List<AddressRange> ranges = new ArrayList<>();
        for (String entry : stringList(key)) {
            try {
                ranges.add(AddressRange.parse(entry));
            } catch (IllegalArgumentException e) {
                throw problem(key, e.getMessage());
            }
        }
        return ranges;
    }

    JsonFields object(String key, Set<String> known) throws ConfigException {
        JsonValue value = value(key);
        if (value == null) {
            return new JsonFields(JsonValue.EMPTY_JSON_OBJECT, source, prefix + key + ".", known);
        }
        if (!(value instanceof JsonObject nested)) {
            throw problem(key, "must be an object");
        }
        return new JsonFields(nested, source, prefix + key + ".", known);
    }
}
