package org.safehouse.core;

import java.util.Locale;
import java.util.Optional;
import org.safehouse.config.AddressRange;

/**
 * The unit every per-address limit counts in: an IPv4 address as it is, an IPv6 address by its /64 prefix (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would let one person look like millions).
 * An IPv4-mapped IPv6 address counts as its IPv4 address. Anything that is not an IP literal is its own group, in
 * lower case. Never resolves names.
 */
public final class AddressGroups {
    private AddressGroups() {
    }

    public static String of(String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        int zone = address.indexOf('%');
        String unzoned = zone >= 0 && address.indexOf(':') >= 0 ? address.substring(0, zone) : address;
        Optional<byte[]> literal = AddressRange.literal(unzoned);
        if (literal.isEmpty()) {
            return address.toLowerCase(Locale.ROOT);
        }
        byte[] bytes = literal.get();
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        StringBuilder prefix = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }
}
