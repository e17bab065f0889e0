// Private messages, end to end: what this page knows of each peer's keys (checked against pins), how a message to
// a peer is sent (encrypted, plain where the room allows it, or not at all while a changed key is not accepted),
// and the checks a received encrypted message must pass before its text is shown. No DOM, no socket.

import { utf8 } from './bytes.js';
import { openMessage, sealMessage } from './e2e.js';
import { Identity } from './identity.js';
import { DeviceListLedger, deviceId, endorsesIdentity, verifiedDevices } from './devices.js';
import { read, write } from './keystore.js';
import { identifiedDevices, PeerDevices } from './peer-devices.js';
import { ReplayGuard } from './replay.js';
import { groupedDigits, personFingerprint, safetyNumberOf } from './fingerprint.js';
import * as trustHooks from './trust.js';
import { personKeyOf, TrustStore, validKeys } from './trust.js';

// trust.js pins a person's identity key when their signed device list holds (devices.js), else the device keys. The
// namespace import keeps this page working with a trust.js that has no such hook.
trustHooks.setIdentityListCheck?.(async (keys) => Boolean(await verifiedDevices(keys)));
// A device pinned before identities existed that endorsed its identity key hands its pin (and verified mark) over.
trustHooks.setEndorsementCheck?.(endorsesIdentity);

const OUTGOING_KEPT = 200;
const ECHOES_KEPT = 2000; // client message ids of own messages already shown: the server echoes one copy per device

/** 128 random bits as hex. */
export function newClientMessageId() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export class PrivateMessages {
  /** `replay`: the replay state kept across reloads (IndexedDB; tests give one over their own storage). */
  constructor(identity, trust, devices = new PeerDevices(), replay = new ReplayGuard()) {
    this.identity = identity; // null: this browser cannot encrypt
    this.trust = trust;
    this.devices = devices; // the peers' (and this person's) devices, from their signed lists
    this.echoed = new Set(); // clientMsgIds of own messages shown once already
    this.ownDeviceId = identity ? deviceId(identity.record.signing) : null;
    this.replay = replay;
    this.sendCounters = new Map(); // room \0 peer -> last counter used
    this.outgoing = new Map(); // clientMsgId -> plaintext sent, shown when the server's copy comes back
    this.ownKeysAsListed = new Map(); // room name -> this nickname's keys as the server lists them (one per room)
  }

  static async load() {
    const identity = await Identity.load();
    return new PrivateMessages(identity, identity ? await TrustStore.load() : null,
      new PeerDevices(new DeviceListLedger({ read, write })));
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
    if (Object.hasOwn(keysByName, room.nick)) this.ownKeysAsListed.set(room.name, validKeys(keysByName[room.nick]));
    for (const peer of names) {
      if (peer === room.nick) {
        await this.observeOwnDevices(room, keysByName[peer], reports);
        continue;
      }
      await this.devices.observe(room.name, peer, keysByName[peer]);
      const keys = validKeys(keysByName[peer]);
      const seen = await this.trust.observe(room.name, peer, keys);
      const before = room.peers.get(peer);
      const entry = { ...seen, safetyNumber: seen.fingerprint ? await this.safety(room, seen.fingerprint) : null };
      room.peers.set(peer, entry);
      room.trustVersion += 1;
      const sameChange = before?.status === 'changed' && JSON.stringify(before.keys) === JSON.stringify(entry.keys);
      if (entry.status === 'changed' && !sameChange) {
        reports.push({ peer, change: entry.keys ? 'changed' : 'dropped', verified: entry.pin?.verified === true });
      } else if (before?.status === 'changed' && entry.status === 'pinned') {
        reports.push({ peer, change: 'restored' });
      }
    }
    return reports;
  }

  /**
   * This page's own nickname came with keys (another device of this person joined): a newer list of this person is
   * taken; one that leaves this device out means it was unlinked, and it becomes a person of its own.
   */
  async observeOwnDevices(room, keys, reports) {
    if (!this.identity?.person || !keys?.identity) return;
    const outcome = await this.identity.observeOwnList(keys.identity);
    if (outcome === 'removed') {
      await this.identity.becomeOwnPerson();
      reports.push({ peer: room.nick, change: 'unlinked', own: true });
    } else if (outcome === 'adopted') {
      reports.push({ peer: room.nick, change: 'devices', own: true });
    }
  }

  /** The number of devices of `peer` (from the newest signed list), or null when not known. */
  async deviceCount(room, peer) {
    return (await this.devices.devicesOf(room.name, peer))?.length ?? null;
  }

  /**
   * The 60-digit safety number, in `room`, of this page's person and the person whose 30 digits are `fingerprint`.
   * This page's half is made from its own keys, never from what the server says they are; but from the identity key
   * only when the server lists this nickname with that identity (as the peers then see it), else from the device
   * key, as peers whose server relays no identity see it. A server that lists another identity gets a mismatch.
   */
  async safety(room, fingerprint) {
    const mine = this.joinKeys();
    const person = await personKeyOf(mine);
    const listed = this.ownKeysAsListed.get(room.name);
    const asPeersSee = person.identity && listed?.identity?.signing === person.signing ? person.signing : mine.signing;
    return safetyNumberOf(await personFingerprint(asPeersSee), fingerprint);
  }

  /**
   * Makes sure a peer who is not in the room now is known from its pin (to write to it, or to check its copies). The
   * pinned keys carry the signed device list they came with: the ledger learns the peer's identity from it, and
   * keeps the newest list it holds (kept across reloads) when the pin's is older, so an old pin never brings back
   * an unlinked device. Without this, a page that has not seen the peer online since it loaded would write one copy
   * to one device and refuse the copies of the peer's other devices.
   */
  async recall(room, peer) {
    if (!this.identity || room.peers.has(peer)) return;
    const pin = await this.trust.currentPin(room.name, peer);
    if (!pin || room.peers.has(peer)) return;
    if (!this.devices.identityOf(room.name, peer)) await this.devices.observe(room.name, peer, pin.keys);
    if (room.peers.has(peer)) return; // the peer came online in the meantime: observe() knows better
    room.peers.set(peer, {
      status: 'pinned', keys: pin.keys, fingerprint: pin.fingerprint, pin, safetyNumber: await this.safety(room, pin.fingerprint),
    });
    room.trustVersion += 1;
  }

  /**
   * The person accepted the changed key of `peer` without verifying it. Refused when the old key was verified: then
   * only verifying the new safety number (markVerified) lets messages go to the new key.
   */
  async acceptChangedKey(room, peer) {
    const entry = room.peers.get(peer);
    if (!entry || entry.status !== 'changed' || !entry.keys || entry.pin?.verified) return false;
    const pin = await this.trust.accept(room.name, peer, entry.keys);
    if (room.peers.get(peer) !== entry) return false;
    room.peers.set(peer, { ...entry, status: 'pinned', pin });
    room.trustVersion += 1;
    return true;
  }

  /**
   * The person compared `safetyNumber` with `peer` (read the digits, or scanned the code) and it matched: the keys
   * it was made from become the pin, marked verified. False when the number is not the current one (the keys
   * changed in between, or it was another conversation's), so nothing stale is marked.
   */
  async markVerified(room, peer, safetyNumber) {
    const entry = room.peers.get(peer);
    if (!entry?.keys || entry.safetyNumber !== safetyNumber) return false;
    const pin = await this.trust.verify(room.name, peer, entry.keys);
    if (room.peers.get(peer) !== entry) return false;
    room.peers.set(peer, { ...entry, status: 'pinned', pin });
    room.trustVersion += 1;
    return true;
  }

  /**
   * How a message to `peer` would go now: { mode: 'encrypted' | 'plain' | 'changed' | 'impossible', safetyNumber }
   * (60 digits, grouped by five), with `verified` (encrypted to a verified pin) or, for 'changed', `dropped` (no
   * keys at all now) and `mustVerify` (the old key was verified: accepting alone does not unblock).
   */
  mode(room, peer) {
    const entry = room.peers.get(peer) || null;
    const safetyNumber = entry?.safetyNumber ? groupedDigits(entry.safetyNumber) : null;
    if (entry?.status === 'changed') {
      return { mode: 'changed', safetyNumber, dropped: !entry.keys, mustVerify: entry.pin?.verified === true };
    }
    if (this.identity && entry?.keys) return { mode: 'encrypted', safetyNumber, verified: entry.pin?.verified === true };
    if (room.requireEncryption) return { mode: 'impossible', safetyNumber: null };
    return { mode: 'plain', safetyNumber: null };
  }

  /**
   * Whether a plain (unencrypted) private message under `peer`'s name must be kept out of the conversation: keys are
   * pinned for `peer` here, so their real messages come encrypted, and a plain one may be forged (by the server, or
   * by someone using the name). The page shows it apart, as a warning.
   */
  async plainUnderPinnedName(room, peer) {
    if (!this.identity || !this.trust) return false;
    const entry = room.peers.get(peer);
    return Boolean(entry?.keys || entry?.pin || this.trust.pinned(room.name, peer));
  }

  /**
   * A one-line description of a peer for the people list: 'key changed', 'not encrypted', or null.
   */
  peerLabel(room, peer) {
    const { mode } = this.mode(room, peer);
    if (mode === 'changed') return 'key changed';
    if (mode === 'plain' || mode === 'impossible') return 'not encrypted';
    const devices = this.devices.countOf(room.name, peer);
    return devices > 1 ? `${devices} devices` : null;
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
    this.outgoing.set(clientMsgId, { text, peer });
    if (this.outgoing.size > OUTGOING_KEPT) this.outgoing.delete(this.outgoing.keys().next().value);
    return fields;
  }

  /** This person's other devices (with ids), from the list this device holds. */
  async ownOtherDevices() {
    const list = this.identity?.deviceList;
    if (!list) return [];
    return (await identifiedDevices(list)).filter((device) => device.signing !== this.identity.record.signing);
  }

  /**
   * A message to `peer`, encrypted once per device of `peer` (TgtDevice) and once per other device of this person
   * (to this page's own nickname, with `peer` inside); to the keys `peer` presents when no signed list of theirs is
   * known (a browser without devices, or another client).
   * @return [{ target, fields }]: the encrypted fields of each PrivateMessage frame to send
   */
  async sealAll(room, peer, text) {
    const entry = room.peers.get(peer);
    if (!this.identity || !entry?.keys || entry.status === 'changed') throw new Error('cannot encrypt to ' + peer);
    const clientMsgId = newClientMessageId();
    const base = {
      identity: this.identity, room: room.name, sender: room.nick, text, clientMsgId,
      counter: this.nextCounter(room, peer), sentAt: Date.now(),
    };
    const copies = [];
    const peerDevices = await this.devices.devicesOf(room.name, peer);
    if (peerDevices) {
      for (const device of peerDevices) {
        const fields = await sealMessage({ ...base, recipient: peer, recipientKeys: device });
        copies.push({ target: peer, fields: { ...fields, TgtDevice: device.id } });
      }
    } else {
      copies.push({ target: peer, fields: await sealMessage({ ...base, recipient: peer, recipientKeys: entry.keys }) });
    }
    for (const device of await this.ownOtherDevices()) {
      const fields = await sealMessage({ ...base, recipient: room.nick, recipientKeys: device, peer });
      copies.push({ target: room.nick, fields: { ...fields, TgtDevice: device.id } });
    }
    this.outgoing.set(clientMsgId, { text, peer });
    if (this.outgoing.size > OUTGOING_KEPT) this.outgoing.delete(this.outgoing.keys().next().value);
    return copies;
  }

  /** True the first time an own message's clientMsgId is shown; the server echoes one copy per device sent to. */
  firstEcho(clientMsgId) {
    if (this.echoed.has(clientMsgId)) return false;
    this.echoed.add(clientMsgId);
    if (this.echoed.size > ECHOES_KEPT) this.echoed.delete(this.echoed.values().next().value);
    return true;
  }

  /**
   * The keys of the device that sent a copy, or to which an own copy went: the device of `nick` that `id` names in
   * its newest list (this page's own list for its own nickname); with no id, `fallback` (the keys presented).
   */
  async deviceKeys(room, nick, id, fallback) {
    if (typeof id !== 'string') return fallback;
    if (nick === room.nick) {
      return (await this.ownOtherDevices()).find((device) => device.id === id)
        || (id === await this.ownDeviceId ? this.identity.publicKeys : null);
    }
    const listed = await this.devices.device(room.name, nick, id);
    if (listed) return listed;
    return fallback && id === await deviceId(fallback.signing) && !this.devices.identityOf(room.name, nick) ? fallback : null;
  }

  /**
   * A copy this person's other device sent to this one (SrcUser is this page's nickname): checked with that
   * device's keys from this device's list; the conversation it belongs to is the `peer` inside.
   */
  async openFromOwnDevice(room, frame) {
    const sender = await this.deviceKeys(room, room.nick, frame.SrcDevice, null);
    if (!sender || sender === this.identity.publicKeys) return { ok: false, reason: 'unknown-device' };
    const opened = await openMessage({
      identity: this.identity, peerKeys: sender, signerKeys: sender, room: room.name, sender: room.nick,
      recipient: room.nick, frame,
    });
    if (!opened.ok) return opened;
    if (typeof opened.peer !== 'string' || opened.peer === room.nick) return { ok: false, reason: 'malformed' };
    const conversation = `${room.nick}\u0000${frame.SrcDevice}`;
    const verdict = await this.replay.check(room.name, room.nick, conversation, frame);
    if (verdict === 'replayed') return { ok: false, reason: 'replayed' };
    if (verdict === 'new') await this.replay.accept(room.name, room.nick, conversation, frame);
    if (!this.firstEcho(frame.clientMsgId)) return { ok: false, reason: 'duplicate' };
    const signedBefore = verdict === 'new'
      ? await this.replay.noteSigned(room.name, room.nick, opened.peer, room.nick, opened.sentAt) : null;
    return {
      ok: true, text: opened.text, sentAt: opened.sentAt, security: 'encrypted', again: verdict === 'again',
      signedBefore, conversationPeer: opened.peer, own: true,
    };
  }

  /**
   * Checks and opens an encrypted message frame. `own`: this page's own copy (the server's echo to the sender).
   * @return { ok: true, text, sentAt, security: 'encrypted' | 'unverified', again, signedBefore } or { ok: false,
   *   reason }; `sentAt`: the time the sender signed (envelope v2), null when unknown (v1, or this page's own fresh
   *   copy); `again`: shown before (the server delivers what it keeps again after a reload); `signedBefore`: for a
   *   new message, the newest time the sender signed on one accepted before it, also before a reload (or null)
   */
  async open(room, frame, own, peer) {
    if (!this.identity) return { ok: false, reason: 'no-identity' };
    if (!own && peer === room.nick) return this.openFromOwnDevice(room, frame);
    if (own) {
      if (!this.firstEcho(frame.clientMsgId)) return { ok: false, reason: 'duplicate' };
      const local = this.outgoing.get(frame.clientMsgId);
      if (local !== undefined) {
        this.outgoing.delete(frame.clientMsgId);
        return {
          ok: true, text: local.text, sentAt: null, security: 'encrypted', again: false, conversationPeer: local.peer,
        };
      }
      if (peer === room.nick) return this.openOwnCopyToOwnDevice(room, frame);
    }
    await this.recall(room, peer);
    const entry = room.peers.get(peer);
    if (!entry?.keys) return { ok: false, reason: 'unknown-keys' };
    const peerKeys = await this.deviceKeys(room, peer, own ? frame.TgtDevice : frame.SrcDevice, entry.keys);
    if (!peerKeys) return { ok: false, reason: 'unknown-device' };
    const opened = await openMessage({
      identity: this.identity, peerKeys, signerKeys: own ? this.identity.publicKeys : peerKeys,
      room: room.name, sender: own ? room.nick : peer, recipient: own ? peer : room.nick, frame,
    });
    if (!opened.ok) return opened;
    if (own) return { ok: true, text: opened.text, sentAt: opened.sentAt, security: 'encrypted', again: true };
    // Each device of a person counts on its own clock: replays are spotted per sending device.
    const conversation = typeof frame.SrcDevice === 'string' ? `${peer}\u0000${frame.SrcDevice}` : peer;
    const verdict = await this.replay.check(room.name, room.nick, conversation, frame);
    if (verdict === 'replayed') return { ok: false, reason: 'replayed' };
    if (verdict === 'new') await this.replay.accept(room.name, room.nick, conversation, frame);
    const signedBefore = verdict === 'new' ? await this.replay.noteSigned(room.name, room.nick, peer, peer, opened.sentAt) : null;
    return {
      ok: true, text: opened.text, sentAt: opened.sentAt, security: entry.status === 'changed' ? 'unverified' : 'encrypted',
      again: verdict === 'again', signedBefore,
    };
  }

  /** The server's copy of a message this device sent to its own other device (after a reload): opened for its peer. */
  async openOwnCopyToOwnDevice(room, frame) {
    const target = await this.deviceKeys(room, room.nick, frame.TgtDevice, null);
    if (!target) return { ok: false, reason: 'unknown-device' };
    const opened = await openMessage({
      identity: this.identity, peerKeys: target, signerKeys: this.identity.publicKeys, room: room.name,
      sender: room.nick, recipient: room.nick, frame,
    });
    if (!opened.ok) return opened;
    if (typeof opened.peer !== 'string') return { ok: false, reason: 'malformed' };
    return {
      ok: true, text: opened.text, sentAt: opened.sentAt, security: 'encrypted', again: true,
      conversationPeer: opened.peer, own: true,
    };
  }
}
