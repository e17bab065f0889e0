package org.safehouse.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.crypto.SignedDeviceList;
import org.safehouse.protocol.DeviceList;
import org.safehouse.protocol.DeviceListClaim;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.ProtocolException;

/**
 * Checks the {@code identity} of a Join's keys (docs/PROTOCOL.md, "One person, several devices"): its sizes, that the
 * identity key is a key, that the device list is base64 of UTF-8 JSON of the right shape, that its signature by the
 * identity key verifies over the exact bytes sent, and that the joining device's own keys are in it. Any failure is
 * {@code bad_keys}, whose text names the check and never quotes what was sent. Stateless.
 */
final class DeviceListCheck {
    /** Longest key (base64 SPKI) a device entry may hold, as for a member's own keys. */
    static final int MAX_KEY_CHARS = 400;
    private DeviceListCheck() {
    }

    /**
     * The device keys with their person attached, or as they are when the Join named no identity.
     *
     * @throws ChatError {@code bad_keys}
     */
    static IdentityKeys check(IdentityKeys device, Optional<DeviceListClaim> identity, Optional<String> room)
            throws ChatError {
        if (identity.isEmpty()) {
            return device;
        }
        DeviceListClaim claim = identity.get();
        if (claim.devices().length() > DeviceListClaim.MAX_DEVICES_CHARS) {
            throw refused("the device list must be at most " + DeviceListClaim.MAX_DEVICES_CHARS + " characters",
                    room);
        }
        if (claim.signature().length() > DeviceListClaim.MAX_SIGNATURE_CHARS) {
            throw refused("the device list's signature is too long", room);
        }
        if (!SignedDeviceList.isSigningKey(claim.signing(), claim.algorithm())) {
            throw refused("the identity key must be base64 SPKI: ECDSA P-256 (ECDSA-P256-SHA256) or Ed25519", room);
        }
        DeviceList list;
        try {
            list = DeviceList.parse(utf8(Base64.getDecoder().decode(claim.devices()), room));
        } catch (IllegalArgumentException e) {
            throw refused("the device list must be base64", room);
        } catch (ProtocolException e) {
            throw refused(e.getMessage(), room);
        }
        List<String> signingKeys = new ArrayList<>(list.devices().size());
        Set<String> distinct = new HashSet<>();
        boolean listed = false;
        for (DeviceList.Device entry : list.devices()) {
            if (entry.signing().length() > MAX_KEY_CHARS || entry.agreement().length() > MAX_KEY_CHARS) {
                throw refused("each device's keys must be at most " + MAX_KEY_CHARS + " characters", room);
            }
            byte[] signing = base64(entry.signing(), room);
            if (!distinct.add(Base64.getEncoder().encodeToString(signing))) {
                throw refused("a device is listed twice", room);
            }
            signingKeys.add(entry.signing());
            listed |= entry.algorithm().equals(device.algorithm())
                    && Arrays.equals(signing, Base64.getDecoder().decode(device.signing()))
                    && Arrays.equals(base64(entry.agreement(), room), Base64.getDecoder().decode(device.agreement()));
        }
        SignedDeviceList person = SignedDeviceList.verify(claim.signing(), claim.algorithm(), claim.devices(),
                claim.signature(), list.version(), signingKeys)
                .orElseThrow(() -> refused("the device list's signature does not verify with the identity key", room));
        if (!listed) {
            throw refused("this device's keys are not in the device list", room);
        }
        return device.withPerson(person);
    }

    private static byte[] base64(String value, Optional<String> room) throws ChatError {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw refused("each device's keys must be base64", room);
        }
    }

    private static String utf8(byte[] bytes, Optional<String> room) throws ChatError {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw refused("the device list must be UTF-8 JSON", room);
        }
    }

    private static ChatError refused(String why, Optional<String> room) {
        return new ChatError(ErrorCode.BAD_KEYS, why, room);
    }
}
