package org.safehouse.crypto;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reading a certificate's subject alternative names, and telling IP literals from host names, so the launcher can
 * warn when the configured host is not among the names a browser will check.
 */
public final class SubjectAlternativeNames {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private SubjectAlternativeNames() {
    }

    /** The dNSName entries, in certificate order; empty if there are none. */
    public static List<String> dnsNames(X509Certificate certificate) {
        return entries(certificate, DNS_NAME);
    }

    /** The iPAddress entries as the JDK prints them ({@code 127.0.0.1}, {@code 0:0:0:0:0:0:0:1}); may be empty. */
    public static List<String> ipAddresses(X509Certificate certificate) {
        return entries(certificate, IP_ADDRESS);
    }

    /**
     * Whether a browser connecting to {@code host} would find it among the certificate's names: an IP literal must
     * equal an iPAddress entry; a host name must equal a dNSName entry ignoring case, or match a {@code *.} wildcard
     * entry in its first label only. The subject's CN is ignored, as browsers ignore it.
     */
    public static boolean covers(X509Certificate certificate, String host) {
        String bare = stripBrackets(host.trim());
        if (isIpAddress(bare)) {
            InetAddress wanted = literal(bare);
            return ipAddresses(certificate).stream().anyMatch(entry -> literal(entry).equals(wanted));
        }
        String name = asciiHostName(bare);
        for (String entry : dnsNames(certificate)) {
            String pattern = entry.toLowerCase(Locale.ROOT);
            if (pattern.equals(name)) {
                return true;
            }
            if (pattern.startsWith("*.")) {
                int dot = name.indexOf('.');
                if (dot > 0 && name.substring(dot).equals(pattern.substring(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code host} is an IPv4 (dotted quad) or IPv6 literal (with or without square brackets; no zone id).
     * JDK only, on purpose: the launcher asks this at every start, and loading one BouncyCastle class makes the JVM
     * verify the signature of the whole bcprov jar first, which took 0.4 s of a 2 s start-up.
     */
    public static boolean isIpAddress(String host) {
        return ipAddressBytes(host).isPresent();
    }

    /**
     * The bytes of an IP literal (4 for IPv4 and IPv4-mapped IPv6, 16 for IPv6; with or without square brackets), or
     * empty for anything else: names, zone ids, ports, garbage. Never looks a name up.
     */
    public static Optional<byte[]> ipAddressBytes(String host) {
        String bare = stripBrackets(host.trim());
        boolean ipv6 = bare.indexOf(':') >= 0;
        if (ipv6 ? !bare.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)
                : !isDottedQuad(bare)) {
            return Optional.empty();
        }
        try {
            // In brackets the JDK parses an IPv6 literal and never falls back to a name lookup.
            return Optional.of(InetAddress.getByName(ipv6 ? "[" + bare + "]" : bare).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isDottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code host} as it belongs in a dNSName entry: lowercase, internationalised names in their ASCII
     * ({@code xn--}) form.
     *
     * @throws IllegalArgumentException if {@code host} is not a valid host name
     */
    public static String asciiHostName(String host) {
        String ascii = IDN.toASCII(host.trim(), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        if (ascii.isEmpty() || ascii.endsWith(".")) {
            throw new IllegalArgumentException("not a host name: '" + host + "'");
        }
        return ascii;
    }

    static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(stripBrackets(ip)); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }

    private static List<String> entries(X509Certificate certificate, int type) {
        Collection<List<?>> all;
        try {
            all = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        if (all != null) {
            for (List<?> entry : all) {
                if (entry.size() >= 2 && Integer.valueOf(type).equals(entry.get(0))) {
                    found.add(String.valueOf(entry.get(1)));
                }
            }
        }
        return List.copyOf(found);
    }
}
