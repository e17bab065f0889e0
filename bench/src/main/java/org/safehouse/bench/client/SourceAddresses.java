package org.safehouse.bench.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loopback source addresses the clients bind to, handed out round-robin. Spreading connections over
 * 127.0.0.2..127.0.0.50 keeps each address under the server's per-address limits and gives each address its own
 * ~28,000 ephemeral ports (and its own TIME_WAIT slots after a scenario closes its clients).
 */
public final class SourceAddresses {
    private final List<InetSocketAddress> addresses;
    private final AtomicInteger next = new AtomicInteger();

    private SourceAddresses(List<InetSocketAddress> addresses) {
        this.addresses = List.copyOf(addresses);
    }

    /** Parses "127.0.0.2-127.0.0.50", a comma list of addresses, or "none" (let the kernel choose). */
    public static SourceAddresses parse(String spec) {
        if (spec == null || spec.isBlank() || spec.equals("none")) {
            return new SourceAddresses(List.of());
        }
        List<InetSocketAddress> list = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] range = part.trim().split("-");
            if (range.length == 2) {
                byte[] first = bytes(range[0]);
                byte[] last = bytes(range[1]);
                int from = first[3] & 0xff;
                int to = last[3] & 0xff;
                for (int i = from; i <= to; i++) {
                    first[3] = (byte) i;
                    list.add(socketAddress(first));
                }
            } else {
                list.add(socketAddress(bytes(range[0])));
            }
        }
        for (InetSocketAddress address : list) {
            if (!address.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("source address " + address + " is not a loopback address");
            }
        }
        return new SourceAddresses(list);
    }

    /** The next source address (port 0: the kernel picks the port), or null when none were given. */
    public InetSocketAddress next() {
        if (addresses.isEmpty()) {
            return null;
        }
        return addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size()));
    }

    public int count() {
        return addresses.size();
    }

    private static byte[] bytes(String text) {
        try {
            byte[] address = InetAddress.getByName(text.trim()).getAddress();
            if (address.length != 4) {
                throw new IllegalArgumentException("source addresses must be IPv4: " + text);
            }
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + text, e);
        }
    }

    private static InetSocketAddress socketAddress(byte[] address) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address.clone()), 0);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
