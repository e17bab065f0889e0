package org.safehouse.core;

import java.util.List;
import java.util.Optional;

/**
 * Where rooms created by a join outlive their members and a restart, beside their durable history: name, title,
 * password verifier (an Argon2id PHC string, never a password) and flags. While a room is in the catalog nobody can
 * re-create it with another password.
 *
 * <ol>
 *   <li>{@link #load} is called once at start, before anything else, and may block.</li>
 *   <li>{@link #remember} and {@link #forget} MUST NOT block (they may be called under a room's lock); writes of one
 *       key are applied in call order.</li>
 *   <li>{@link #keepsRooms()} is false for {@link #NONE} (in-memory history): then created rooms vanish when their
 *       last member leaves, as their history does.</li>
 * </ol>
 */
public interface RoomCatalog extends AutoCloseable {

    /** A created room as kept; {@code passwordHash} is the PHC verifier, empty for a room without a password. */
    record Entry(String key, String name, String title, Optional<String> passwordHash, boolean requireEncryption) {
        @Override
        public String toString() {
            return "Entry[" + key + "]";
        }
    }

    List<Entry> load();

    void remember(Entry entry);

    void forget(String roomKey);

    boolean keepsRooms();

    @Override
    void close();

    /** Keeps nothing: for in-memory history. */
    RoomCatalog NONE = new RoomCatalog() {
        @Override
        public List<Entry> load() {
            return List.of();
        }

        @Override
        public void remember(Entry entry) {
        }

        @Override
        public void forget(String roomKey) {
        }

        @Override
        public boolean keepsRooms() {
            return false;
        }

        @Override
        public void close() {
        }
    };
}
