// The room key an invite link carries (`k`) and the one an inviter puts in a link: kept in the sealed rooms' key
// ring (sealed-keys.js), or, in a page that has none, for this page only. Never sent to the server.

const held = new Map(); // room (lowercase) -> Uint8Array, when the page has no key ring
let ring = null;

function keyRing() {
  if (!ring) ring = import('./sealed-keys.js').catch(() => null);
  return ring;
}

/** Keeps the key a link brought for `room` (32 bytes). */
export async function rememberLinkKey(room, roomKey) {
  const keys = await keyRing();
  if (keys && keys.rememberRoomKey) {
    await keys.rememberRoomKey(room, roomKey);
    return;
  }
  held.set(room.toLowerCase(), new Uint8Array(roomKey));
}

/** The key the page seals `room` with now (32 bytes), or null when it holds none. */
export async function linkKeyOf(room) {
  const keys = await keyRing();
  if (keys && keys.currentRoomKey) {
    const current = await keys.currentRoomKey(room);
    if (current) return current.key;
  }
  return held.get(room.toLowerCase()) || null;
}
