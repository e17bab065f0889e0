package org.safehouse.core;

import java.util.Optional;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.crypto.SignedDeviceList;
import org.safehouse.protocol.DeviceListClaim;
import org.safehouse.protocol.PublicKeys;

/**
 * One connection's presence in one room. Immutable (the room it points to is guarded by its own monitor).
 *
 * @param nick            the display name, NFC-normalized
 * @param nickKey         the case-folded key names collide on
 * @param session         the connection
 * @param room            the room
 * @param directTopic     the topic of private messages to this member
 * @param keys            the public keys this member proved it owns (by signing the join challenge), if any
 * @param ownerByPassword whether it joined with the room's owner password (owner for this room session)
 * @param joinedAfterId   the newest message id of the room when it entered (where a newcomer's history starts when
 *                        the room hides older history from newcomers)
 */
record Member(String nick, String nickKey, ChatSession session, Room room, String directTopic,
              Optional<IdentityKeys> keys, boolean ownerByPassword, long joinedAfterId) implements RoomOccupant {

    /** The keys as they travel on the wire, when this member proved some. */
    @Override
    public Optional<PublicKeys> publicKeys() {
        return keys.map(Member::wire);
    }

    /** Device keys as they travel, with the person's identity and signed device list when it presented one. */
    static PublicKeys wire(IdentityKeys keys) {
        return new PublicKeys(keys.agreement(), keys.signing(), keys.algorithm(), keys.person()
                .map(person -> new DeviceListClaim(person.identitySigning(), person.algorithm(), person.devices(),
                        person.signature())));
    }

    /** The fingerprint roles and bans bind to, when this member proved keys. */
    @Override
    public Optional<String> fingerprint() {
        return keys.map(IdentityKeys::fingerprint);
    }

    /** The topic of private messages to this device alone ({@code TgtDevice}), when it proved keys. */
    Optional<String> deviceTopic() {
        return keys.map(k -> Topics.device(room.key(), nickKey, k.fingerprint()));
    }

    /** Whether {@code other} is another device of the same person: both proved keys under one identity key. */
    boolean samePerson(Optional<IdentityKeys> other) {
        Optional<SignedDeviceList> mine = keys.flatMap(IdentityKeys::person);
        Optional<SignedDeviceList> theirs = other.flatMap(IdentityKeys::person);
        return mine.isPresent() && theirs.isPresent() && mine.get().samePerson(theirs.get());
    }

    /** The version of the device list this member joined with; 0 without one. */
    long deviceListVersion() {
        return keys.flatMap(IdentityKeys::person).map(SignedDeviceList::version).orElse(0L);
    }

    @Override
    public boolean legacy() {
        return session.isLegacy();
    }
}
