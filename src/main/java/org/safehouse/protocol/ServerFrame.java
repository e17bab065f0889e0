package org.safehouse.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A frame the server sends. Encoded by {@link ServerFrameEncoder} (through {@link JsonCodec#encode(ServerFrame)}).
 *
 * <p>Each record dispatches itself to the {@link Visitor} method for its type, so a new record does not compile
 * until the visitor, and with it the encoder, has a method for it (Java 17's way to the guarantee an exhaustive
 * switch over the sealed type would give; pattern matching for switch is only a preview there).
 */
public sealed interface ServerFrame {

    /** Calls the visitor's method for this frame's type. */
    <R> R accept(Visitor<R> visitor);

    /** One method per server frame type; see {@link #accept}. */
    interface Visitor<R> {
        R visitHello(Hello hello);

        R visitServerName(ServerName serverName);

        R visitJoined(Joined joined);

        R visitChallenge(Challenge challenge);

        R visitHistoryPage(HistoryPage historyPage);

        R visitAck(Ack ack);

        R visitLeft(Left left);

        R visitBroadcast(Broadcast broadcast);

        R visitPrivateMessage(PrivateMessage privateMessage);

        R visitPresence(Presence presence);

        R visitOnlineUsers(OnlineUsers onlineUsers);

        R visitRooms(Rooms rooms);

        R visitPong(Pong pong);

        R visitError(Error error);

        R visitSettings(Settings settings);

        R visitRoles(Roles roles);

        R visitRoomEvent(RoomEvent roomEvent);

        R visitRemoved(Removed removed);

        R visitBans(Bans bans);

        R visitSealInfo(SealInfo sealInfo);

        R visitInvite(Invite invite);

        R visitInvites(Invites invites);
    }

    /**
     * Sent on open of a modern connection.
     *
     * @param certificate lowercase hex SHA-256 of the DER leaf certificate the server is reached with, when known
     *                    (Safehouse serves TLS itself, or config {@code tls_certificate_sha256} names a proxy's)
     */
    record Hello(String server, List<Integer> versions, Optional<String> certificate) implements ServerFrame {
        public Hello(String server, List<Integer> versions) {
            this(server, versions, Optional.empty());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitHello(this);
        }
    }

    /** Ragnarok's greeting: {@code {"ServerName": ...}}. */
    record ServerName(String name) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitServerName(this);
        }
    }

    /**
     * @param users     the members in joining order; a {@link RenderedNames} is encoded by copying its rendered text
     * @param history   the newest page, or everything after the resumed id
     * @param hasMore   older messages exist before the first of {@code history}
     * @param recovered present when the client asked to resume: whether {@code history} holds every message after its
     *                  id (false when the id left the window or the epoch changed)
     * @param hasPassword whether the room has a password (wire {@code "password"}), so a client can tell a room it
     *                  trusts from a same-named one without a password
     * @param role      the joiner's role in the room
     * @param roles     the online members whose role is not {@link Role#MEMBER}, by nickname
     * @param seal      a sealed room's seal (wire {@code "seal"}), absent otherwise
     */
    record Joined(String room, String title, String nick, List<String> users, String epoch,
                  List<Broadcast> history, boolean hasMore, Optional<Boolean> recovered,
                  Map<String, PublicKeys> keys, boolean requireEncryption, boolean hasPassword, Role role,
                  String topic, RoomOptions settings, Map<String, Role> roles, Optional<RoomSeal> seal)
            implements ServerFrame {
        /** The Joined of a room that is not sealed. */
        public Joined(String room, String title, String nick, List<String> users, String epoch,
                      List<Broadcast> history, boolean hasMore, Optional<Boolean> recovered,
                      Map<String, PublicKeys> keys, boolean requireEncryption, boolean hasPassword, Role role,
                      String topic, RoomOptions settings, Map<String, Role> roles) {
            this(room, title, nick, users, epoch, history, hasMore, recovered, keys, requireEncryption, hasPassword,
                    role, topic, settings, roles, Optional.empty());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitJoined(this);
        }
    }

    /** Asks a joining client to prove it owns the keys it named, by signing this challenge. */
    record Challenge(String room, String challenge) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitChallenge(this);
        }
    }

    /**
     * A page of history, oldest first.
     *
     * @param continueAfter only on the last History frame of a resume cut short by the byte budget: the client fetches
     *                      the rest with {@code History} {@code after} this id
     */
    record HistoryPage(String room, String epoch, List<Broadcast> messages, boolean hasMore,
                       Optional<Long> continueAfter) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitHistoryPage(this);
        }

        public HistoryPage(String room, String epoch, List<Broadcast> messages, boolean hasMore) {
            this(room, epoch, messages, hasMore, Optional.empty());
        }
    }

    /** Confirms a Broadcast that carried a clientMsgId; sent again, with the same id, for a resend. */
    record Ack(String room, String clientMsgId, long id, long timestamp) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAck(this);
        }
    }

    record Left(String room) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitLeft(this);
        }
    }

    /**
     * A room message as delivered; {@code id} is a snowflake.
     *
     * @param text   empty when {@code sealed} is present
     * @param sealed a sealed room's message as its sender sealed it (with its {@code clientMsgId})
     */
    record Broadcast(long id, String room, long timestamp, String sender, String text, Optional<SealedBody> sealed)
            implements ServerFrame {
        /** A plain message. */
        public Broadcast(long id, String room, long timestamp, String sender, String text) {
            this(id, room, timestamp, sender, text, Optional.empty());
        }

        /** The same message under another room name (history read back from a store names no room). */
        public Broadcast inRoom(String roomName) {
            return new Broadcast(id, roomName, timestamp, sender, text, sealed);
        }

        /** What it holds, in characters: its text, or every field of its sealed body. */
        public long contentChars() {
            return sealed.map(SealedBody::chars).orElse((long) text.length());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitBroadcast(this);
        }
    }

    /**
     * A private message as delivered. {@code target} is present only in the sender's own copy.
     *
     * @param queued in the sender's copy: the recipient is offline; the message waits for its next proven join
     */
    record PrivateMessage(long id, String room, long timestamp, String sender, Optional<String> target,
                          Optional<String> text, Optional<EncryptedBody> encrypted, boolean queued)
            implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitPrivateMessage(this);
        }
    }

    /**
     * Coalesced membership changes; {@code joined} and {@code left} are disjoint.
     *
     * @param keys the proven public keys of members in {@code joined} that have keys
     */
    record Presence(String room, List<String> joined, List<String> left, Map<String, PublicKeys> keys)
            implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitPresence(this);
        }
    }

    /** Ragnarok's full member list; a {@link RenderedNames} is encoded by copying its rendered text. */
    record OnlineUsers(String room, List<String> users) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitOnlineUsers(this);
        }
    }

    record RoomSummary(String name, String title, int members, boolean hasPassword) {
    }

    record Rooms(List<RoomSummary> rooms) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRooms(this);
        }
    }

    record Pong(Optional<String> token) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitPong(this);
        }
    }

    /** @param clientMsgId the client's id of the Broadcast or PrivateMessage refused, when it carried one */
    record Error(ErrorCode code, String text, Optional<String> room, OptionalLong retryAfterMillis,
                 List<Integer> versions, Optional<String> clientMsgId) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitError(this);
        }

        public Error(ErrorCode code, String text, Optional<String> room, OptionalLong retryAfterMillis,
                     List<Integer> versions) {
            this(code, text, room, retryAfterMillis, versions, Optional.empty());
        }

        /** The same refusal, naming the client's id of the frame it refuses. */
        public Error refusing(Optional<String> refusedClientMsgId) {
            return new Error(code, text, room, retryAfterMillis, versions, refusedClientMsgId);
        }

        public static Error of(ErrorCode code, String text) {
            return new Error(code, text, Optional.empty(), OptionalLong.empty(), List.of());
        }
    }

    /**
     * The settings of a room every member may see (wire {@code "settings"} in Joined and Settings).
     *
     * @param maxMembers 0 when there is no limit
     */
    record RoomOptions(int maxMembers, PostPolicy postPolicy, boolean historyForNewcomers) {
        /** A room nobody changed: no member limit, everyone posts, newcomers see history. */
        public static final RoomOptions DEFAULT = new RoomOptions(0, PostPolicy.EVERYONE, true);
    }

    /**
     * A room's settings changed; sent to every /chat member.
     *
     * @param hasPassword whether the room has a password now (wire {@code "password"}), never the password
     * @param by          the nickname of who changed them
     * @param seal        a sealed room's seal now (a new salt after its password changed), absent otherwise
     */
    record Settings(String room, String topic, boolean hasPassword, RoomOptions settings, String by,
                    Optional<RoomSeal> seal) implements ServerFrame {
        /** The Settings of a room that is not sealed. */
        public Settings(String room, String topic, boolean hasPassword, RoomOptions settings, String by) {
            this(room, topic, hasPassword, settings, by, Optional.empty());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitSettings(this);
        }
    }

    /** The online members whose role is not {@link Role#MEMBER}, after a role changed or such a member came or went. */
    record Roles(String room, Map<String, Role> roles) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRoles(this);
        }
    }

    /**
     * The system line members see for a moderation action ("alice kicked bob: spam"). Has an id of the room's
     * sequence, but is not kept in history.
     *
     * @param untilMs when a ban or mute ends (epoch milliseconds); empty for ever, or for other events
     */
    record RoomEvent(String room, long id, long timestamp, RoomEventKind event, String actor,
                     Optional<String> target, Optional<String> reason, OptionalLong untilMs) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRoomEvent(this);
        }
    }

    /**
     * This connection is no longer in the room (the connection stays open; a Ragnarok one is closed with 4007 next).
     *
     * @param by   who removed it: a nickname, absent for the operator
     * @param text a kick's or ban's reason, or the owner's word on a wipe
     */
    record Removed(String room, RemovalReason reason, Optional<String> by, Optional<String> text)
            implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRemoved(this);
        }
    }

    /**
     * One ban of a room's ban list. Never holds an address or a digest of one.
     *
     * @param label   the nickname at ban time
     * @param by      the nickname of who banned
     * @param untilMs when it ends (epoch milliseconds); empty: until unbanned
     */
    record BanSummary(String id, Set<BanKind> kinds, String label, Optional<String> reason, String by,
                      OptionalLong untilMs) {
        public BanSummary {
            kinds = Set.copyOf(kinds);
        }
    }

    /** A room's ban list, the answer to ListBans. */
    record Bans(String room, List<BanSummary> bans) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitBans(this);
        }
    }

    /**
     * The answer to SealInfo: the room's seal when it exists and is sealed; empty for any other name (no such room,
     * or a room that is not sealed, alike).
     */
    record SealInfo(String room, Optional<RoomSeal> seal) implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitSealInfo(this);
        }
    }

    /**
     * A new invite, to its creator only: the one time the token is ever sent (the server keeps its SHA-256).
     *
     * @param expires epoch milliseconds
     */
    record Invite(String room, String inviteId, String token, int maxUses, int usesLeft, long expires)
            implements ServerFrame {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitInvite(this);
        }

        @Override
        public String toString() {
            return "Invite[room=" + room + ", inviteId=" + inviteId + ", token=<hidden>]";
        }
    }

    /**
     * One live invite of a room's invite list; never its token.
     *
     * @param by the inviter's nickname when it made the invite
     */
    record InviteSummary(String inviteId, String by, int maxUses, int usesLeft, long expires) {
    }

    /** A room's live invites, the answer to ListInvites and RevokeInvite. */
    record Invites(String room, List<InviteSummary> invites) implements ServerFrame {
        public Invites {
            invites = List.copyOf(invites);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitInvites(this);
        }
    }
}
