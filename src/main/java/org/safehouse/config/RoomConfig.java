package org.safehouse.config;

import java.util.OptionalInt;

/** A room declared in config.json; such rooms exist from start-up and never disappear. */
public record RoomConfig(String name, String title, RoomPassword password, OptionalInt maxMembers,
                         boolean requireEncryption) {
}
