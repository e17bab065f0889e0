package org.safehouse.protocol;

import java.util.List;

/** Versions of the modern ({@code /chat}) protocol this server speaks. */
public final class ProtocolVersion {
    public static final int CURRENT = 1;
    public static final List<Integer> SUPPORTED = List.of(CURRENT);

    private ProtocolVersion() {
    }

    public static boolean isSupported(int version) {
        return SUPPORTED.contains(version);
    }
}
