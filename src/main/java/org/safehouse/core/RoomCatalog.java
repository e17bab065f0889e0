package org.safehouse.core;

import java.security.SecureRandom;
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
 *   <li>Writes are few (one per room created by a join, or gone), so they are bounded by the room limits
 *       ({@code max_rooms}, {@code rooms_created_per_minute_per_address_group}) rather than by a queue of their
 *       own; a failed write is logged, and the room lives on in memory.</li>
 *   <li>{@link #close} applies the writes called before it, then takes no more (later ones are logged and
 *       dropped).</li>
 *   <li>{@link #serverSecret()} returns the same {@link AddressGroupHmac#SECRET_BYTES} or more bytes at every call
 *       on one catalog; a catalog that keeps rooms SHOULD keep it too, so address bans outlive a restart. It may be
 *       called at start only (it may block).</li>
 *   <li>Server-wide address bans ({@link #loadServerBans}, {@link #rememberServerBan}, {@link #forgetServerBan}) and
 *       the operator's rotated passwords of configured rooms ({@link #rotatedPassword}, {@link #rotatePassword})
 *       follow the same rules: loaded at start, written without blocking, in call order. A catalog that keeps
 *       nothing keeps none of them (the defaults), so they last until the restart.</li>
 *   <li>A catalog shared by several nodes (cluster mode) also implements {@link #claim}, {@link #lookup} and
 *       {@link #listen}: {@link #claim} is atomic across nodes (one room, one password, whoever joins first), and
 *       {@link #lookup} and {@link #claim} may block (join path only, never under a room's monitor). The listener
 *       hears every other node's change, in one order, on one thread; it MUST NOT be called for this node's own
 *       changes, except {@link Changes#changed} (rules and password), which a shared catalog MAY hand back in its
 *       order so that concurrent changes on two nodes end alike. A catalog of one process keeps the defaults: every claim wins, nothing is looked up, nobody
 *       else changes anything.</li>
 * </ol>
 */
public interface RoomCatalog extends AutoCloseable {

    /**
     * A created room as kept; {@code passwordHash} is the PHC verifier, empty for a room without a password;
     * {@code rules} its owner, roles, settings, bans and mutes (every change of them is remembered again).
     */
    record Entry(String key, String name, String title, Optional<String> passwordHash, boolean requireEncryption,
                 RoomRules rules) {
        @Override
        public String toString() {
            return "Entry[" + key + "]";
        }
    }

    /** A room some node created (or wiped last), with the history epoch it gave the room. */
    record Known(Entry entry, String epoch) {
    }

    /**
     * What other nodes did to the catalog, for this node's mirrors ({@code core.RemoteRoomChanges} applies it under
     * each room's monitor). Called on one thread, in the order the changes were made; it MUST NOT block.
     */
    interface Changes {
        /** Another node created the room (it won its {@link #claim}). */
        void created(Known room);

        /** The room's rules or password changed on another node (or a configured room's password was rotated). */
        void changed(Entry entry);

        /** Deleted by its owner ({@code by}: the owner's nickname) or the operator (empty): everyone leaves. */
        void deleted(String roomKey, Optional<String> by);

        /** Another node forgot it because it was empty there; it goes here too if nobody is in it here. */
        void emptied(String roomKey);

        /** Wiped on another node: the fresh room's rules, password and new epoch. */
        void wiped(Known fresh, Optional<String> by);

        void serverBanned(ServerBan ban);

        void serverBanLifted(String id);
    }

    List<Entry> load();

    /**
     * Claims a room for a join to create, with its first password and rules and the history epoch it starts with.
     * May block (join path only).
     *
     * @return empty when this claim created the room; else the room as another claim created it (the join then
     *         checks against that one)
     */
    default Optional<Known> claim(Entry entry, String epoch) {
        return Optional.empty();
    }

    /** A room this process has not heard of, as the catalog holds it. May block (join path only). */
    default Optional<Known> lookup(String roomKey) {
        return Optional.empty();
    }

    /** Hands every later change made by another process to {@code changes}. Call once, after {@link #load}. */
    default void listen(Changes changes) {
    }

    /** The room was deleted (by its owner's nickname {@code by}, or the operator): forgotten, for every node. */
    default void deleted(String roomKey, Optional<String> by) {
        forget(roomKey);
    }

    /** The room was wiped: it lives on as {@code fresh}, with a new history epoch. */
    default void wiped(Entry fresh, String epoch, Optional<String> by) {
        remember(fresh);
    }

    void remember(Entry entry);

    void forget(String roomKey);

    boolean keepsRooms();

    /** The secret address-ban digests are keyed with ({@link AddressGroupHmac}); never logged, never sent. */
    byte[] serverSecret();

    /** The server-wide address bans kept, expired ones included (the caller drops those). At start only. */
    default List<ServerBan> loadServerBans() {
        return List.of();
    }

    default void rememberServerBan(ServerBan ban) {
    }

    default void forgetServerBan(String id) {
    }

    /**
     * The password verifier the operator set for a configured room ({@code admin rotate-password}): it overrides the
     * room's password from config.json at start, until rotated again. At start only.
     */
    default Optional<String> rotatedPassword(String roomKey) {
        return Optional.empty();
    }

    /** Keeps {@code passwordHash} (a PHC verifier, never a password) as the configured room's rotated password. */
    default void rotatePassword(String roomKey, String passwordHash) {
    }

    /**
     * Where this catalog keeps its rooms' invites and admissions ({@link InviteStore}); called once, at start, after
     * {@link #load}. A catalog that keeps nothing keeps them in memory only.
     */
    default InviteStore invites() {
        return new InMemoryInviteStore();
    }

    @Override
    void close();

    /** A fresh random secret for one process: what a catalog that keeps nothing (yet) hands out. */
    static byte[] randomSecret() {
        byte[] secret = new byte[AddressGroupHmac.SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** Keeps nothing: for in-memory history. */
    RoomCatalog NONE = new RoomCatalog() {
        private final byte[] secret = randomSecret();

        @Override
        public byte[] serverSecret() {
            return secret.clone();
        }

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
