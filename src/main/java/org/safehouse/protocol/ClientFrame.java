package org.safehouse.protocol;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A frame a client sends, decoded. {@code room} is empty when the client did not name one (Ragnarok clients never
 * do); the core decides whether that is allowed for the connection's kind.
 */
public sealed interface ClientFrame {

    /** Double dispatch: a new frame type does not compile until every handler handles it. */
    void dispatchTo(ClientFrameHandler handler);

    /**
     * @param since a resuming client's last seen message id in this room
     * @param epoch the room history epoch the client saw that id in
     * @param ownerPassword a keyless creator's owner password, or a returning owner's claim to the room
     * @param invite the token of an invite link, joining a room instead of its password (docs/PROTOCOL.md "Invites")
     * @param sealed whether the client knows the room is sealed ({@code "sealed"}: true or a seal object)
     * @param seal   the seal of a sealed room this Join would create (the object form); implies {@code sealed}
     */
    record Join(int version, String room, String nick, Optional<String> password, Optional<Long> since,
                Optional<String> epoch, Optional<PublicKeys> keys, boolean requireEncryption,
                Optional<String> ownerPassword, Optional<String> invite, boolean sealed, Optional<RoomSeal> seal)
            implements ClientFrame {
        public Join {
            sealed = sealed || seal.isPresent();
        }

        /** A Join that knows nothing of sealed rooms. */
        public Join(int version, String room, String nick, Optional<String> password, Optional<Long> since,
                    Optional<String> epoch, Optional<PublicKeys> keys, boolean requireEncryption,
                    Optional<String> ownerPassword, Optional<String> invite) {
            this(version, room, nick, password, since, epoch, keys, requireEncryption, ownerPassword, invite, false,
                    Optional.empty());
        }

        /** A Join without an owner password, as every client sent before rooms had owners. */
        public Join(int version, String room, String nick, Optional<String> password, Optional<Long> since,
                    Optional<String> epoch, Optional<PublicKeys> keys, boolean requireEncryption) {
            this(version, room, nick, password, since, epoch, keys, requireEncryption, Optional.empty());
        }

        /** A Join without an invite. */
        public Join(int version, String room, String nick, Optional<String> password, Optional<Long> since,
                    Optional<String> epoch, Optional<PublicKeys> keys, boolean requireEncryption,
                    Optional<String> ownerPassword) {
            this(version, room, nick, password, since, epoch, keys, requireEncryption, ownerPassword,
                    Optional.empty());
        }

        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onJoin(this);
        }

        @Override
        public String toString() {
            return "Join[version=" + version + ", room=" + room + ", nick=" + nick + ", password=<hidden>, since="
                    + since + ", epoch=" + epoch + ", keys=" + keys.isPresent() + ", ownerPassword="
                    + (ownerPassword.isPresent() ? "<hidden>" : "none") + ", invite="
                    + (invite.isPresent() ? "<hidden>" : "none") + ", sealed=" + sealed + "]";
        }
    }

    record Leave(String room) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onLeave(this);
        }
    }

    /**
     * @param clientMsgId the client's own id, making a resend idempotent (required, and equal to the body's, when
     *                    sealed)
     * @param text        empty when {@code sealed} is present: exactly one of the two is given
     * @param sealed      a sealed room's message, end-to-end encrypted under the room key
     */
    record Broadcast(Optional<String> room, String text, Optional<String> clientMsgId, Optional<SealedBody> sealed)
            implements ClientFrame {
        public Broadcast(Optional<String> room, String text, Optional<String> clientMsgId) {
            this(room, text, clientMsgId, Optional.empty());
        }

        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onBroadcast(this);
        }

        @Override
        public String toString() {
            return "Broadcast[room=" + room + ", text=<" + text.length() + " chars>, sealed=" + sealed.isPresent()
                    + "]";
        }
    }

    /** Whether a room is sealed, and its seal: allowed before any join, so a page knows how to derive the password. */
    record SealInfo(String room) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onSealInfo(this);
        }
    }

    /** The answer to a {@code Challenge}: the signature proving ownership of the keys the Join named. */
    record Prove(String room, String signature) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onProve(this);
        }
    }

    /**
     * Exactly one of {@code text} (plain) and {@code encrypted} is present.
     *
     * @param targetDevice {@code TgtDevice}: the fingerprint (64 lowercase hex) of the one device of {@code target} it
     *                     is for (a person's devices each get their own copy), if any
     */
    record PrivateMessage(Optional<String> room, String target, Optional<String> text,
                          Optional<EncryptedBody> encrypted, Optional<String> targetDevice) implements ClientFrame {
        public PrivateMessage(Optional<String> room, String target, Optional<String> text,
                              Optional<EncryptedBody> encrypted) {
            this(room, target, text, encrypted, Optional.empty());
        }

        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onPrivateMessage(this);
        }

        @Override
        public String toString() {
            return "PrivateMessage[room=" + room + ", target=" + target + ", encrypted=" + encrypted.isPresent()
                    + ", device=" + targetDevice.isPresent() + "]";
        }
    }

    /** A page of a room's history: before or after an id (exclusive), or the newest page when neither is given. */
    record History(String room, Optional<Long> before, Optional<Long> after, int limit) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onHistory(this);
        }
    }

    record ListRooms() implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onListRooms(this);
        }
    }

    record Ping(Optional<String> token) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onPing(this);
        }
    }

    // Rooms with owners and moderation (docs/PROTOCOL.md). Who may send which is the core's rule, not the codec's.

    /**
     * Changes only the settings present; {@code password} "" removes the room's password.
     *
     * @param salt a sealed room's new KDF salt, given with its new password (the new join verifier)
     */
    record RoomSettings(String room, Optional<String> topic, Optional<String> password, OptionalInt maxMembers,
                        Optional<PostPolicy> postPolicy, Optional<Boolean> historyForNewcomers, Optional<String> salt)
            implements ClientFrame {
        public RoomSettings(String room, Optional<String> topic, Optional<String> password, OptionalInt maxMembers,
                            Optional<PostPolicy> postPolicy, Optional<Boolean> historyForNewcomers) {
            this(room, topic, password, maxMembers, postPolicy, historyForNewcomers, Optional.empty());
        }

        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onRoomSettings(this);
        }

        @Override
        public String toString() {
            return "RoomSettings[room=" + room + ", topic=" + topic.isPresent() + ", password="
                    + (password.isPresent() ? "<hidden>" : "unchanged") + ", maxMembers=" + maxMembers
                    + ", postPolicy=" + postPolicy + ", historyForNewcomers=" + historyForNewcomers + ", salt="
                    + salt.isPresent() + "]";
        }
    }

    /** @param role {@link Role#MODERATOR} or {@link Role#MEMBER}, never the owner (that is TransferOwnership) */
    record SetRole(String room, String nick, Role role) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onSetRole(this);
        }
    }

    record TransferOwnership(String room, String nick) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onTransferOwnership(this);
        }
    }

    record Kick(String room, String nick, Optional<String> reason) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onKick(this);
        }
    }

    /**
     * @param kinds      what the ban matches; never empty (a Ban without kinds bans all three)
     * @param durationMs how long it lasts; empty: until unbanned
     */
    record Ban(String room, String nick, Set<BanKind> kinds, Optional<String> reason, OptionalLong durationMs)
            implements ClientFrame {
        public Ban {
            kinds = Set.copyOf(kinds);
        }

        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onBan(this);
        }
    }

    record Unban(String room, String banId) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onUnban(this);
        }
    }

    record ListBans(String room) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onListBans(this);
        }
    }

    record Mute(String room, String nick, long durationMs) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onMute(this);
        }
    }

    record Unmute(String room, String nick) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onUnmute(this);
        }
    }

    /** @param confirm must equal the room's display name exactly */
    record DeleteRoom(String room, String confirm) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onDeleteRoom(this);
        }
    }

    /**
     * @param confirm     must equal the room's display name exactly
     * @param newPassword the room's password after (a sealed room's: the new join verifier)
     * @param salt        a sealed room's new KDF salt, which its wipe needs (the room key changes with the password);
     *                    no other room takes one
     */
    record WipeRoom(String room, String confirm, String newPassword, Optional<String> salt) implements ClientFrame {
        public WipeRoom(String room, String confirm, String newPassword) {
            this(room, confirm, newPassword, Optional.empty());
        }

        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onWipeRoom(this);
        }

        @Override
        public String toString() {
            return "WipeRoom[room=" + room + ", confirm=" + confirm + ", newPassword=<hidden>, salt="
                    + salt.isPresent() + "]";
        }
    }

    // Invites of sealed rooms (docs/PROTOCOL.md "Invites").

    /** @param expiresInMs how long the invite lasts, from now */
    record CreateInvite(String room, int maxUses, long expiresInMs) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onCreateInvite(this);
        }
    }

    record ListInvites(String room) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onListInvites(this);
        }
    }

    record RevokeInvite(String room, String inviteId) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onRevokeInvite(this);
        }
    }
}
