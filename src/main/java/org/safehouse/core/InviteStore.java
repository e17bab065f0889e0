package org.safehouse.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where a sealed room's invites and admissions are kept (docs/PROTOCOL.md "Invites"): {@link InMemoryInviteStore} on
 * one node (with a {@link InMemoryInviteStore.Journal} that writes it to SQLite when history is durable), Redis in
 * cluster mode. Never holds a token: only its SHA-256 ({@link #tokenHash}).
 *
 * <p>Every invite and admission carries the {@link #verifierTag} of the room's password verifier when it was made,
 * and only counts while the room's verifier is still that one. So a rotated password, a wipe, or a room that went and
 * was created again by someone else under the same name (a new verifier each time: Argon2id salts are random) cuts
 * off every old link and admission on every node at once, even where {@link #dropRoom} has not been applied yet.
 *
 * <ol>
 *   <li>Thread-safe. Every method may block on a shared store (cluster mode: Redis, bounded by its command timeout,
 *       throwing {@link SharedStateUnavailable}); callers hold at most a session's monitor, never a room's, except for
 *       {@link #dropRoom} and {@link #roomForgotten}, which MUST NOT block (a wipe calls them under the room's
 *       monitor): they may be applied later, which the verifier tag makes safe.</li>
 *   <li>{@link #consume} is atomic across every node sharing the store: an invite of n uses admits at most n joins.</li>
 *   <li>Bounded: at most {@code max_invites_per_room} live invites per room and {@code max_invites_per_inviter} per
 *       inviter's key ({@link #create} refuses more); at most {@link #MAX_ADMISSIONS_PER_ROOM} admissions per room
 *       (the oldest goes first). Expired, used-up and stale invites are dropped when the room's invites are next
 *       written.</li>
 * </ol>
 */
public interface InviteStore {
    /** Admissions one room keeps; beyond it the oldest is dropped (that person needs a new invite). */
    int MAX_ADMISSIONS_PER_ROOM = 1000;

    /**
     * One invite as kept.
     *
     * @param tokenHash   lowercase hex SHA-256 of the token's characters
     * @param verifierTag the room verifier's {@link #verifierTag} when the invite was made
     * @param byKey       the inviter's proven key fingerprint
     * @param byNick      the inviter's nickname when it made the invite
     * @param expiresMs   epoch milliseconds
     */
    record Invite(String inviteId, String tokenHash, String verifierTag, String byKey, String byNick, int maxUses,
                  int usesLeft, long expiresMs) {
        /** Usable at {@code nowMs} in a room whose verifier has the tag {@code currentTag}. */
        public boolean liveAt(long nowMs, String currentTag) {
            return usesLeft > 0 && nowMs < expiresMs && verifierTag.equals(currentTag);
        }

        public Invite withUsesLeft(int newUsesLeft) {
            return new Invite(inviteId, tokenHash, verifierTag, byKey, byNick, maxUses, newUsesLeft, expiresMs);
        }

        @Override
        public String toString() {
            return "Invite[" + inviteId + "]"; // no hash or key in logs
        }
    }

    /** A key let in by an invite: it joins again without the password while the verifier is {@code verifierTag}. */
    record Admission(String keyFingerprint, String verifierTag, long admittedMs) {
    }

    enum Created { CREATED, ROOM_FULL, INVITER_FULL }

    /** Adds {@code invite}, unless the room or its inviter holds as many live invites as it may already. */
    Created create(String roomKey, Invite invite, int maxPerRoom, int maxPerInviter, long nowMs);

    /** The live invite of this token, if any. */
    Optional<Invite> find(String roomKey, String tokenHash, String verifierTag, long nowMs);

    /** Takes one use of the live invite of this token, atomically; false when there is none (any more). */
    boolean consume(String roomKey, String tokenHash, String verifierTag, long nowMs);

    /** Gives back a use {@link #consume} took, for a join that then did not enter (never beyond its max uses). */
    void giveBack(String roomKey, String tokenHash);

    /** The room's live invites, oldest first. */
    List<Invite> live(String roomKey, String verifierTag, long nowMs);

    /** Drops the invite; false when the room has no invite of that id. */
    boolean revoke(String roomKey, String inviteId);

    void admit(String roomKey, Admission admission);

    boolean admitted(String roomKey, String keyFingerprint, String verifierTag);

    /** The key was banned: it is admitted no more (an unban does not bring the admission back). */
    void forgetAdmission(String roomKey, String keyFingerprint);

    /** The room's password was rotated, or the room wiped or deleted: every invite and admission goes, everywhere. */
    void dropRoom(String roomKey);

    /**
     * This node forgot the room (empty, nobody keeps it). A store of one node drops what it held for it; a store
     * shared by nodes keeps it (other nodes may hold members; the verifier tag voids it if the room is re-created).
     * MUST NOT block: called under the room's monitor.
     */
    default void roomForgotten(String roomKey) {
        dropRoom(roomKey);
    }

    /** Lowercase hex SHA-256 of the token's characters (UTF-8): what is kept instead of the token. */
    static String tokenHash(String token) {
        return sha256Hex(token);
    }

    /** Lowercase hex SHA-256 of the room's password verifier (a PHC string). */
    static String verifierTag(String verifierPhc) {
        return sha256Hex("safehouse-invite-verifier-v1\n" + verifierPhc);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
