// The frames of sealed rooms (docs/PROTOCOL.md, "Sealed rooms"): asking whether a room is sealed, joining and
// creating one, the sealed Broadcast, and the words for its error. protocol.js merges these in; no DOM, no socket.

import { isBoolean, isObject, isString, optional } from './frame-checks.js';
import { KDF, SALT_BYTES } from './sealed-crypto.js';
import { fromBase64 } from './bytes.js';

export const encodeSealed = {
  sealInfo: (room) => JSON.stringify({ msgType: 'SealInfo', room }),
  /** A room message sealed with the room key (sealed-crypto.js): no `text`. */
  sealedBroadcast: (room, clientMsgId, sealed) => JSON.stringify({ msgType: 'Broadcast', room, clientMsgId, sealed }),
};

/** The Join fields that say the join is to a sealed room: `seal` ({ salt, kdf }) creates one, true joins one. */
export const sealedJoinFields = (sealed) => (sealed ? { sealed } : {});

export const SEALED_SHAPES = {
  SealInfo: { room: isString, sealed: isBoolean, salt: optional(isString), kdf: optional(isString) },
};

/** A room's seal as Joined, Settings and SealInfo carry it, when it is one this page can use; else null. */
export function validSeal(seal) {
  if (!isObject(seal) || seal.kdf !== KDF || !isString(seal.salt)) return null;
  try {
    if (fromBase64(seal.salt).length !== SALT_BYTES) return null;
  } catch {
    return null;
  }
  return { salt: seal.salt, kdf: seal.kdf };
}

/** A Broadcast carries either its text or a sealed body. */
export const isRoomMessageBody = (message) => isString(message.text) || isObject(message.sealed);

export const SEALED_MESSAGES = {
  sealed_room: () => 'This room is sealed: its messages are encrypted with a key made from its password, which the '
    + 'server never sees. Enter the room\'s password to join.',
};
