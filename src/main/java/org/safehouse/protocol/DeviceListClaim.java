package org.safehouse.protocol;

/**
 * The {@code identity} object of a Join's {@code keys}, as sent: the person's identity signing key (base64 SPKI) and
 * its algorithm, the device list (base64 of its UTF-8 JSON, see {@link DeviceList}) and the identity key's signature
 * over {@code safehouse-devices-v1\n<devices>}. Nothing here is checked; the core checks it before a join goes on
 * and then relays it unchanged in Joined and Presence.
 */
public record DeviceListClaim(String signing, String algorithm, String devices, String signature) {
    /** Longest {@code devices} string, in characters. */
    public static final int MAX_DEVICES_CHARS = 8192;
    /** Longest {@code signature} string (an ECDSA P-256 or Ed25519 signature is 88 base64 characters). */
    public static final int MAX_SIGNATURE_CHARS = 200;

    @Override
    public String toString() {
        return "DeviceListClaim[algorithm=" + algorithm + ", devices=<" + devices.length() + " chars>]";
    }
}
