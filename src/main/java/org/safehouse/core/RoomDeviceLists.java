package org.safehouse.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.safehouse.crypto.SignedDeviceList;

/**
 * The newest device list proven under each nickname of one room, by nickname key: what a private message to one
 * device ({@code TgtDevice}) of a person who is offline is checked against, and what keeps a device its person has
 * unlinked from coming back under their name. A list replaces the one remembered when it is the same person's with a
 * higher version, or another person's (the name changed hands, as the mailbox's identities do). Only what those checks
 * need is kept (identity fingerprint, version, the devices' signing keys), not the list's text. At most
 * {@value #MAX_NICKNAMES} nicknames, the least recently proven forgotten first; each list names at most 16 devices
 * whose keys are at most 400 characters each (under 10 KiB a list, about 1 KiB for three Ed25519 devices). Owned by
 * its {@link Room}; guarded by the room's monitor. Kept in memory only: after a restart a person's offline devices are
 * known again once one of them proves itself.
 */
final class RoomDeviceLists {
    /** Most nicknames whose device list a room remembers. */
    static final int MAX_NICKNAMES = 64;

    /** A person's newest list, and the nickname as they last showed it. */
    record Known(String nick, String identityFingerprint, long version, Map<String, String> deviceSigningKeys) {
        boolean names(String deviceFingerprint) {
            return deviceSigningKeys.containsKey(deviceFingerprint);
        }

        Optional<String> deviceSigningKey(String deviceFingerprint) {
            return Optional.ofNullable(deviceSigningKeys.get(deviceFingerprint));
        }

        boolean samePerson(SignedDeviceList list) {
            return identityFingerprint.equals(list.identityFingerprint());
        }
    }

    private final Map<String, Known> byNickKey = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > MAX_NICKNAMES;
        }
    };

    /** A device of {@code nick} proved itself with {@code list}. */
    void proven(String nick, String nickKey, SignedDeviceList list) {
        Known known = byNickKey.get(nickKey);
        if (known == null || !known.samePerson(list) || known.version() < list.version()) {
            byNickKey.put(nickKey, new Known(nick, list.identityFingerprint(), list.version(),
                    list.deviceSigningKeys()));
        }
    }

    /** The newest list proven under this nickname key, if remembered. */
    Optional<Known> newest(String nickKey) {
        return Optional.ofNullable(byNickKey.get(nickKey));
    }
}
