package org.safehouse.transport;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.safehouse.core.AddressGroups;

/**
 * Slows down guessing of the admin token: an address group (IPv4 address, IPv6 /64) that presented a wrong or no
 * token {@link #FAILURES_PER_MINUTE} times within a minute is refused (429) for the rest of that minute, whatever it
 * presents then, so the throttle tells nothing about a token. Remembers at most {@link #MAX_GROUPS} groups; beyond
 * that, windows that ended are dropped, and failures of further groups go uncounted until some end (the token's 32
 * or more random characters still stand). Thread-safe.
 */
final class AdminThrottle {
    static final int FAILURES_PER_MINUTE = 10;
    static final int MAX_GROUPS = 10_000;
    private static final long WINDOW_MILLIS = 60_000;

    /** Per group: the start of its window and the failures in it. */
    private record Window(long startMillis, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    AdminThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Whether requests from this address are refused now. */
    boolean throttled(String address) {
        Window window = windows.get(AddressGroups.of(address));
        return window != null && window.failures() >= FAILURES_PER_MINUTE
                && clock.millis() - window.startMillis() < WINDOW_MILLIS;
    }

    /** A request from this address presented a wrong or no token. */
    void failed(String address) {
        long now = clock.millis();
        if (windows.size() >= MAX_GROUPS) {
            windows.values().removeIf(window -> now - window.startMillis() >= WINDOW_MILLIS);
        }
        String group = AddressGroups.of(address);
        if (windows.size() >= MAX_GROUPS && !windows.containsKey(group)) {
            return; // a flood of groups: they are not remembered, but the token is 32+ random characters
        }
        windows.compute(group, (key, window) -> window == null || now - window.startMillis() >= WINDOW_MILLIS
                ? new Window(now, 1) : new Window(window.startMillis(), window.failures() + 1));
    }
}
