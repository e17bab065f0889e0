// Sealed rooms in the chat client: the secrets a join derives from the password (after SealInfo), the room key kept
// on Joined, opening every sealed room message before it is shown, sealing what is sent, a password rotation (the
// owner's, or another member's that the page must be told the new password of) and the owner's panic wipe (a
// rotation too). No DOM: the view hears of it through `events`. Each room's seal lives on its store entry:
// room.sealed = { salt, kdf, keyId } (keyId null while the page does not hold the key of the current salt).

import { verifiedDevices } from './devices.js';
import { validKeys } from './trust.js';
import { deriveRoomSecrets, KDF, newSalt, openRoomMessage, sealRoomMessage } from './sealed-crypto.js';
import { validSeal } from './sealed-protocol.js';

export const UNREADABLE_KEPT = 200; // per room: sealed messages kept to open again once the new password is given

export class SealedRooms {
  /**
   * `keyRing` (sealed-keys.js); `privateMessages()` the current PrivateMessages (identity to sign with, pins of
   * peers that left); events: onSealChanged(room), onSealedReopened(room, messages).
   */
  constructor({ keyRing, privateMessages, events }) {
    Object.assign(this, { keyRing, privateMessages, events });
    this.rotations = new Map(); // salt -> { roomKey, keyId, verifier } of a rotation this page sent (owner)
    this.unreadable = new Map(); // room name -> [{ frame, message }] (bounded)
  }

  /**
   * The secrets of a join to a room the server says is `sealInfo` (a SealInfo frame), from the password typed:
   * { password: verifier, sealed: true | { salt, kdf }, roomKey, keyId, salt }, or null for an ordinary join.
   * `create`: the person asked for a new sealed room (a fresh salt when the room is not sealed yet).
   */
  async secretsForJoin(password, sealInfo, create) {
    const seal = sealInfo && sealInfo.sealed ? validSeal(sealInfo) : null;
    if (sealInfo && sealInfo.sealed && !seal) throw new Error('the server named a key derivation this page does not know');
    if (!seal && !create) return null;
    const salt = seal ? seal.salt : newSalt();
    const { roomKey, keyId, verifier } = await deriveRoomSecrets(password, salt);
    return { password: verifier, sealed: seal ? true : { salt, kdf: KDF }, roomKey, keyId, salt };
  }

  /**
   * A Joined: remembers the room key of a join with a password (or takes the newest key held, for a join that
   * brought its key another way: an invite link), and opens the history it carries.
   */
  async joined(room, frame, secrets) {
    const seal = validSeal(frame.seal);
    if (!seal) {
      room.sealed = null;
      return;
    }
    let keyId = null;
    if (secrets && secrets.salt === seal.salt) {
      keyId = await this.keyRing.rememberRoomKey(room.name, secrets.roomKey);
    } else if (room.sealed && room.sealed.salt === seal.salt && room.sealed.keyId) {
      keyId = room.sealed.keyId; // a rejoin: the same key
    } else if (!secrets) {
      keyId = (await this.keyRing.currentRoomKey(room.name))?.keyId || null;
    }
    room.sealed = { ...seal, keyId };
    await this.openAll(room, frame.history, frame.keys);
  }

  /** A Settings frame: a new salt means a new password (rotation). */
  async settings(room, frame) {
    const seal = validSeal(frame.seal);
    if (!seal || !room.sealed || room.sealed.salt === seal.salt) return;
    const ours = this.rotations.get(seal.salt);
    this.rotations.delete(seal.salt);
    let keyId = null;
    if (ours) {
      keyId = await this.keyRing.rememberRoomKey(room.name, ours.roomKey);
      room.password = ours.verifier; // what a rejoin sends from now on
    }
    room.sealed = { ...seal, keyId };
    this.events.onSealChanged(room);
  }

  /** The owner changes the password: the RoomSettings fields { password: verifier, salt } for `password`. */
  async rotation(password) {
    const salt = newSalt();
    const { roomKey, keyId, verifier } = await deriveRoomSecrets(password, salt);
    this.rotations.set(salt, { roomKey, keyId, verifier });
    return { password: verifier, salt };
  }

  /**
   * The owner wipes the room: the WipeRoom fields { newPassword: verifier, salt } for `password`, under a fresh salt,
   * so the wiped room has a new key that nobody who held the old one can derive. Nothing is kept here: the wipe takes
   * this page out of the room too, and it comes back in by joining with the new password, as everyone does.
   */
  async wipe(password) {
    const salt = newSalt();
    const { verifier } = await deriveRoomSecrets(password, salt);
    return { newPassword: verifier, salt };
  }

  /**
   * The person typed the room's new password (after a rotation): the key of the current salt is kept, the join
   * verifier is what a rejoin sends, and the messages this page could not read are opened again.
   */
  async unlock(room, password) {
    if (!room.sealed) return false;
    const { roomKey, keyId, verifier } = await deriveRoomSecrets(password, room.sealed.salt);
    await this.keyRing.rememberRoomKey(room.name, roomKey);
    room.sealed = { ...room.sealed, keyId };
    room.password = verifier;
    const waiting = this.unreadable.get(room.name) || [];
    this.unreadable.delete(room.name);
    const frames = waiting.map((entry) => entry.frame);
    await this.openAll(room, frames, null);
    const reopened = frames.filter((frame) => frame.opened && frame.opened.ok);
    if (reopened.length) this.events.onSealedReopened(room, reopened);
    return true;
  }

  /** Whether this browser holds a key for the room named `roomName` (derived from its password, or from a link). */
  async holdsKey(roomName) {
    return Boolean(await this.keyRing.currentRoomKey(roomName));
  }

  /** Whether the page can write to `room` now (not sealed, or sealed and holding the current key). */
  canWrite(room) {
    return !room.sealed || Boolean(room.sealed.keyId);
  }

  /**
   * Opens every sealed message of `messages` in place: sets `text` (when it opened) and `opened` (sealed-crypto.js's
   * answer). `keysByName`: the keys a Joined or Presence lists, for senders not otherwise known.
   */
  async openAll(room, messages, keysByName) {
    for (const frame of messages || []) {
      if (!frame.sealed) continue;
      const opened = await openRoomMessage({
        roomKeyFor: (keyId) => this.keyRing.roomKeyById(room.name, keyId),
        signerKeys: await this.signerKeys(room, frame.SrcUser, keysByName),
        room: room.name, sender: frame.SrcUser, clientMsgId: frame.clientMsgId, sealed: frame.sealed,
      });
      frame.opened = opened;
      if (opened.ok) frame.text = opened.text;
      else this.keepUnreadable(room, frame);
    }
  }

  keepUnreadable(room, frame) {
    if (frame.opened.reason !== 'unknown_key') return;
    const list = this.unreadable.get(room.name) || [];
    list.push({ frame });
    if (list.length > UNREADABLE_KEPT) list.shift();
    this.unreadable.set(room.name, list);
  }

  /**
   * The keys a sender's signature is checked against: the pin when there is one (a key the server swaps in later
   * does not pass); else the keys the server lists now; this page's own for its own messages. A person with several
   * devices: every device of their signed device list (devices.js), since any of them may have written.
   */
  async signerKeys(room, sender, keysByName) {
    const privateMessages = this.privateMessages();
    let keys = null;
    if (sender === room.nick && privateMessages.identity) keys = privateMessages.identity.joinKeys;
    else {
      const pin = privateMessages.trust?.pinned(room.name, sender);
      const listed = keysByName && typeof keysByName === 'object' ? keysByName[sender] : null;
      keys = pin?.keys || listed || room.peers?.get(sender)?.keys || null;
    }
    if (!validKeys(keys)) return null;
    const devices = await verifiedDevices(keys).catch(() => null);
    return devices ? [validKeys(keys), ...devices.list.devices.map(validKeys).filter(Boolean)] : validKeys(keys);
  }

  /** Seals `text` for `room` with the current key: the Broadcast's `sealed`, or null when the page cannot. */
  async seal(room, text, clientMsgId) {
    const identity = this.privateMessages().identity;
    if (!identity || !room.sealed?.keyId) return null;
    const roomKey = await this.keyRing.roomKeyById(room.name, room.sealed.keyId);
    if (!roomKey) return null;
    return sealRoomMessage({
      identity, roomKey, keyId: room.sealed.keyId, room: room.name, sender: room.nick, clientMsgId, text,
      sentAt: Date.now(),
    });
  }
}
