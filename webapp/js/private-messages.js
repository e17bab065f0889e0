// Private messages, end to end: what this page knows of each peer's keys (checked against pins), how a message to
// a peer is sent (encrypted, plain where the room allows it, or not at all while a changed key is not accepted),
// and the checks a received encrypted message must pass before its text is shown. No DOM, no socket.

import { utf8 } from './bytes.js';
import { openMessage, sealMessage } from './e2e.js';
import { Identity } from './identity.js';
import { ReplayGuard } from './replay.js';
import { safetyNumber, TrustStore, validKeys } from './trust.js';

const OUTGOING_KEPT = 200;

/** 128 random bits as hex. */
export function newClientMessageId() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export class PrivateMessages {
  constructor(identity, trust) {
    this.identity = identity; // null: this browser cannot encrypt
    this.trust = trust;
    this.replay = new ReplayGuard();
    this.sendCounters = new Map(); // room \0 peer -> last counter used
    this.outgoing = new Map(); // clientMsgId -> plaintext sent, shown when the server's copy comes back
  }

  static async load() {
    const identity = await Identity.load();
    return new PrivateMessages(identity, identity ? await TrustStore.load() : null);
  }

  /** The keys a Join carries, or null. */
  joinKeys() {
    return this.identity ? this.identity.joinKeys : null;
  }

  /** The Prove signature for a Challenge: see docs/PROTOCOL.md. */
  proveSignature(challenge, room, nick) {
    return this.identity.sign(utf8(`safehouse-join-v1\n${challenge}\n${room}\n${nick.normalize('NFC').trim()}`));
  }

  /**
   * Learns the keys the server lists for `names` (Joined.keys, Presence.keys) and checks them against the pins.
   * @return what changed that the person must be told: [{ peer, change: 'changed' | 'dropped' | 'restored' }]
   */
  async observe(room, names, keysByName) {
    const reports = [];
    if (!this.identity) return reports;
    for (const peer of names) {
      if (peer === room.nick) continue;
      const keys = validKeys(keysByName[peer]);
      const seen = await this.trust.observe(room.name, peer, keys);
      const before = room.peers.get(peer);
      const entry = { ...seen, safetyNumber: seen.fingerprint ? await this.safety(seen.fingerprint) : null };
      room.peers.set(peer, entry);
      room.trustVersion += 1;
      if (entry.status === 'changed' && !(before?.status === 'changed' && before.fingerprint === entry.fingerprint)) {
        reports.push({ peer, change: entry.keys ? 'changed' : 'dropped' });
      } else if (before?.status === 'changed' && entry.status === 'pinned') {
        reports.push({ peer, change: 'restored' });
      }
    }
    return reports;
  }

  safety(fingerprint) {
    return safetyNumber(this.identity.fingerprint, fingerprint);
  }

  /** Makes sure a peer who is not in the room now is known from its pin (to write to it, or to check its copies). */
  async recall(room, peer) {
    if (!this.identity || room.peers.has(peer)) return;
    const pin = this.trust.pinned(room.name, peer);
    if (!pin) return;
    room.peers.set(peer, {
      status: 'pinned', keys: pin.keys, fingerprint: pin.fingerprint, pin, safetyNumber: await this.safety(pin.fingerprint),
    });
    room.trustVersion += 1;
  }

  /** The person accepted the changed key of `peer`. */
  async acceptChangedKey(room, peer) {
    const entry = room.peers.get(peer);
    if (!entry || entry.status !== 'changed' || !entry.keys) return false;
    const pin = await this.trust.accept(room.name, peer, entry.keys, entry.fingerprint);
    room.peers.set(peer, { ...entry, status: 'pinned', pin });
    room.trustVersion += 1;
    return true;
  }

  /**
   * How a message to `peer` would go now: { mode: 'encrypted' | 'plain' | 'changed' | 'impossible', safetyNumber }.
   */
  mode(room, peer) {
    const entry = room.peers.get(peer) || null;
    if (entry?.status === 'changed') return { mode: 'changed', safetyNumber: entry.safetyNumber, dropped: !entry.keys };
    if (this.identity && entry?.keys) return { mode: 'encrypted', safetyNumber: entry.safetyNumber };
    if (room.requireEncryption) return { mode: 'impossible', safetyNumber: null };
    return { mode: 'plain', safetyNumber: null };
  }

  /**
   * A one-line description of a peer for the people list: 'key changed', 'not encrypted', or null.
   */
  peerLabel(room, peer) {
    const { mode } = this.mode(room, peer);
    if (mode === 'changed') return 'key changed';
    if (mode === 'plain' || mode === 'impossible') return 'not encrypted';
    return null;
  }

  nextCounter(room, peer) {
    // Above every counter used before, also across reloads (which forget this map): the clock moves on.
    const key = `${room.name}\u0000${peer}`;
    const counter = Math.max((this.sendCounters.get(key) || 0) + 1, Date.now());
    this.sendCounters.set(key, counter);
    return counter;
  }

  /** The encrypted fields of a message to `peer` (mode must be 'encrypted'). */
  async seal(room, peer, text) {
    const entry = room.peers.get(peer);
    if (!this.identity || !entry?.keys || entry.status === 'changed') throw new Error('cannot encrypt to ' + peer);
    const clientMsgId = newClientMessageId();
    const fields = await sealMessage({
      identity: this.identity, recipientKeys: entry.keys, room: room.name, sender: room.nick, recipient: peer, text,
      clientMsgId, counter: this.nextCounter(room, peer),
    });
    this.outgoing.set(clientMsgId, text);
    if (this.outgoing.size > OUTGOING_KEPT) this.outgoing.delete(this.outgoing.keys().next().value);
    return fields;
  }

  /**
   * Checks and opens an encrypted message frame. `own`: this page's own copy (the server's echo to the sender).
   * @return { ok: true, text, sentAt, security: 'encrypted' | 'unverified', again } or { ok: false, reason };
   *   `sentAt`: the time the sender signed (envelope v2), null when unknown (v1, or this page's own fresh copy)
   */
  async open(room, frame, own, peer) {
    if (!this.identity) return { ok: false, reason: 'no-identity' };
    if (own) {
      const local = this.outgoing.get(frame.clientMsgId);
      if (local !== undefined) {
        this.outgoing.delete(frame.clientMsgId);
        return { ok: true, text: local, sentAt: null, security: 'encrypted', again: false };
      }
    }
    await this.recall(room, peer);
    const entry = room.peers.get(peer);
    if (!entry?.keys) return { ok: false, reason: 'unknown-keys' };
    const opened = await openMessage({
      identity: this.identity, peerKeys: entry.keys, signerKeys: own ? this.identity.publicKeys : entry.keys,
      room: room.name, sender: own ? room.nick : peer, recipient: own ? peer : room.nick, frame,
    });
    if (!opened.ok) return opened;
    if (own) return { ok: true, text: opened.text, sentAt: opened.sentAt, security: 'encrypted', again: true };
    const verdict = await this.replay.check(room.name, room.nick, peer, frame);
    if (verdict === 'replayed') return { ok: false, reason: 'replayed' };
    if (verdict === 'new') await this.replay.accept(room.name, room.nick, peer, frame);
    return {
      ok: true, text: opened.text, sentAt: opened.sentAt, security: entry.status === 'changed' ? 'unverified' : 'encrypted',
      again: verdict === 'again',
    };
  }
}
