package org.safehouse.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A person's device list, decoded from the {@code devices} string of a {@link DeviceListClaim} (after base64, UTF-8):
 * {@code {"v":1,"version":n,"issued":ms,"devices":[{"agreement","signing","algorithm","name","added"}]}}. Only its
 * shape is read here (1 to {@value #MAX_DEVICES} devices, names of at most {@value #MAX_NAME_CHARS} characters, a
 * version of at least 1); whether its keys are keys and its signature holds is the core's check. Immutable.
 *
 * @param version grows with every change the identity key signs: the newest list of a person is the one shown
 */
public record DeviceList(long version, long issued, List<Device> devices) {
    public static final int MAX_DEVICES = 16;
    public static final int MAX_NAME_CHARS = 32;
    /** The largest version a browser can count to exactly (2^53 - 1). */
    private static final long MAX_VERSION = 9_007_199_254_740_991L;
    private static final JsonReaderFactory READERS = JsonProvider.provider().createReaderFactory(Map.of());

    /** One device as the list names it: its keys (base64 SPKI, as in {@link PublicKeys}), a name, when it was added. */
    public record Device(String agreement, String signing, String algorithm, String name, long added) {
    }

    public DeviceList {
        devices = List.copyOf(devices);
    }

    /**
     * Reads a decoded device list.
     *
     * @throws ProtocolException {@code bad_keys}, saying what is wrong without quoting the list
     */
    public static DeviceList parse(String json) throws ProtocolException {
        JsonObject object;
        try (JsonReader reader = READERS.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject read)) {
                throw invalid("the device list must be a JSON object");
            }
            object = read;
        } catch (RuntimeException e) {
            throw invalid("the device list is not valid JSON");
        }
        if (number(object, "v", 1, 1) != 1) {
            throw invalid("the device list must have v 1");
        }
        long version = number(object, "version", 1, MAX_VERSION);
        long issued = number(object, "issued", 0, MAX_VERSION);
        if (!(object.get("devices") instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_DEVICES) {
            throw invalid("the device list must name 1 to " + MAX_DEVICES + " devices");
        }
        List<Device> devices = new ArrayList<>(array.size());
        for (JsonValue element : array) {
            if (!(element instanceof JsonObject device)) {
                throw invalid("each device in the list must be an object");
            }
            String name = string(device, "name");
            if (name.length() > MAX_NAME_CHARS) {
                throw invalid("a device name must be at most " + MAX_NAME_CHARS + " characters");
            }
            devices.add(new Device(string(device, "agreement"), string(device, "signing"), string(device, "algorithm"),
                    name, number(device, "added", 0, MAX_VERSION)));
        }
        return new DeviceList(version, issued, devices);
    }

    private static long number(JsonObject object, String field, long min, long max) throws ProtocolException {
        if (object.get(field) instanceof JsonNumber number && number.isIntegral()) {
            try {
                long value = number.longValueExact();
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (ArithmeticException e) {
                // out of range: refused below
            }
        }
        throw invalid("the device list's " + field + " must be an integer from " + min + " to " + max);
    }

    private static String string(JsonObject object, String field) throws ProtocolException {
        if (object.get(field) instanceof JsonString string) {
            return string.getString();
        }
        throw invalid("each device in the list needs a string " + field);
    }

    private static ProtocolException invalid(String why) {
        return new ProtocolException(ErrorCode.BAD_KEYS, why, Optional.empty());
    }
}
