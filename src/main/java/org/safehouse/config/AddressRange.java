package org.safehouse.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import org.safehouse.crypto.SubjectAlternativeNames;

/**
 * One CIDR block of {@code trusted_proxies}: an IPv4 or IPv6 network and its prefix length. A bare address is a
 * block of one ({@code /32}, {@code /128}). Parsed from IP literals only: a host name is refused, never looked up.
 * An IPv4 address and its IPv4-mapped IPv6 form are the same address. Immutable.
 */
public final class AddressRange {
    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 127.0.0.1} or {@code ::1}.
     *
     * @throws IllegalArgumentException with a message a person understands
     */
    public static AddressRange parse(String cidr) {
        String trimmed = cidr.trim();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = literal(addressPart).orElseThrow(() -> new IllegalArgumentException(
                "\"" + cidr + "\" is not an IP address or CIDR block like 10.0.0.0/8 or 2001:db8::/32 "
                        + "(host names are not accepted)"));
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = trimmed.substring(slash + 1);
            if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("\"" + cidr + "\": the prefix length must be a whole number from 0 to "
                        + bits);
            }
            prefix = Integer.parseInt(length);
        }
        byte[] network = masked(address, prefix);
        if (!Arrays.equals(network, address)) {
            throw new IllegalArgumentException("\"" + cidr + "\" has bits set after the first " + prefix
                    + "; did you mean " + format(network) + "/" + prefix + "?");
        }
        return new AddressRange(network, prefix, format(network) + "/" + prefix);
    }

    /** Whether {@code address} (an IP literal, IPv6 with or without brackets) lies in this block; false for others. */
    public boolean contains(String address) {
        return literal(address).map(this::contains).orElse(false);
    }

    boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address, prefixLength), network);
    }

    /**
     * The bytes of an IP literal (4 for IPv4 and IPv4-mapped IPv6, 16 for IPv6), or empty for anything else: names,
     * zone ids, ports, garbage. Never looks a name up.
     */
    public static Optional<byte[]> literal(String text) {
        if (text == null || text.isBlank() || text.trim().length() > 47) { // the longest literal, in brackets
            return Optional.empty();
        }
        return SubjectAlternativeNames.ipAddressBytes(text);
    }

    /** The canonical text of an IP literal ({@code 2001:db8:0:0:0:0:0:1}, {@code 127.0.0.1}), or empty. */
    public static Optional<String> canonical(String text) {
        return literal(text).map(AddressRange::format);
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            result[i] &= (byte) (0xff << (8 - keep));
        }
        return result;
    }

    private static String format(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes always make an address
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
