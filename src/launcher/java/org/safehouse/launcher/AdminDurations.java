package org.safehouse.launcher;

import org.safehouse.core.ServerBan;

/** Durations of {@code admin ban-address --for}: a whole number and a unit: s, m, h or d (90m, 12h, 30d). */
final class AdminDurations {
    private AdminDurations() {
    }

    static long parse(String text) throws LauncherExit {
        if (text == null || !text.matches("[0-9]{1,9}[smhd]")) {
            throw new LauncherExit(2, "admin: \"" + text + "\" is no duration like 90m, 12h or 30d");
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        long unit = switch (text.charAt(text.length() - 1)) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            default -> 86_400_000L;
        };
        long millis = amount * unit;
        if (millis < ServerBan.MIN_DURATION_MILLIS || millis > ServerBan.MAX_DURATION_MILLIS) {
            throw new LauncherExit(2, "admin: a ban lasts from 1m to 365d, not " + text);
        }
        return millis;
    }
}
