// The room key an invite link carries (`k`), and the one an inviter puts in a link: both live in the sealed rooms'
// key ring (sealed-keys.js), the one the chat client reads and writes with. Never sent to the server.

import { roomKeyRing } from './sealed-keys.js';

/** Keeps the key a link brought for `room` (32 bytes); it becomes the key the page reads and writes the room with. */
export function rememberLinkKey(room, roomKey, keyRing = roomKeyRing()) {
  return keyRing.rememberRoomKey(room, roomKey);
}

/**
 * The key a link to `room` (the store's entry) carries: the room's current key (room.sealed.keyId), never merely the
 * newest key this page holds (after a rotation this page has not unlocked, that is an old one, which would let the
 * invitee in but not let it read or write). Null when the page does not hold the current key.
 */
export async function linkKeyOf(room, keyRing = roomKeyRing()) {
  const keyId = room?.sealed?.keyId;
  return keyId ? keyRing.roomKeyById(room.name, keyId) : null;
}
