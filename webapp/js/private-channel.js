// Private messages over the chat session: sending an encrypted one (sealed and sent in order, asynchronously),
// receiving one (plain, or checked and opened by private-messages.js, with a replay spotted per connection), and
// learning the keys the server lists for peers. No DOM: the view hears of it through `events`.

import { noteShown } from './message-time.js';
import { encode } from './protocol.js';

const DELIVERED_IDS_KEPT = 5000; // private message ids remembered per room and connection, to spot a replay

export class PrivateChannel {
  /**
   * `send(frame)` hands a frame to the open connection (false when there is none); `privateMessages()` gives the
   * current PrivateMessages (the page swaps it in once this browser's keys are loaded); `outbox` notes what was sent.
   */
  constructor({ store, events, send, privateMessages, outbox }) {
    this.store = store;
    this.events = events;
    this.send = send;
    this.privateMessages = privateMessages;
    this.outbox = outbox;
    this.outbound = Promise.resolve(); // encrypted private messages, sealed and sent in order
    this.deliveredIds = new Map(); // room -> private message ids delivered since its Joined on this connection
  }

  /** A new connection: what the last one delivered says nothing about replays on this one. */
  connectionOpened() {
    this.deliveredIds.clear();
  }

  /** A join (again) is followed by the private messages the server keeps, which may have been shown before. */
  roomJoined(roomName) {
    this.deliveredIds.delete(roomName);
  }

  /** Encrypts (asynchronously, in order) and sends; a failure gives the text back to the composer. */
  sendEncrypted(room, peer, text, viewId) {
    this.outbound = this.outbound.then(async () => {
      let copies; // one per device of the peer, and one per other device of this person (devices.js)
      try {
        copies = await this.privateMessages().sealAll(room, peer, text);
      } catch (error) {
        console.error('Safehouse: could not encrypt', error);
        this.events.onNotSent(viewId, text, `Not sent: the message to ${peer} could not be encrypted.`);
        return;
      }
      if (this.store.room(room.name) !== room || room.status !== 'joined'
        || !copies.every(({ target, fields }) => this.send(encode.encryptedPrivateMessage(room.name, target, fields)))) {
        this.events.onNotSent(viewId, text, 'Not sent: the connection was lost. Send it again when it is back.');
        return;
      }
      this.outbox.sent(room.name, viewId, text);
    });
    return true;
  }

  /** Checks the keys the server lists against the pins, and tells the person about any change. */
  async observeKeys(room, names, keys) {
    const reports = await this.privateMessages().observe(room, names, keys || {});
    if (this.store.room(room.name) !== room) return;
    for (const report of reports) {
      if (report.own) this.events.onOwnDevices(room, report.change);
      else this.events.onKeyChange(room, report);
    }
    this.events.onKeysLearned(room);
  }

  /**
   * A private message. Between one Joined of a room and the next, on one connection, the server sends a private
   * message (the recipient's copy, or the sender's) at most once: a second copy there is a replay. One already
   * shown that comes again after a new Joined (the server re-sends what it keeps to a join that does not resume)
   * is dropped quietly.
   */
  async onPrivateMessage(frame) {
    const room = this.store.room(frame.room);
    if (!room) return;
    const encrypted = typeof frame.ciphertext === 'string';
    const own = typeof frame.TgtUser === 'string' && frame.SrcUser === room.nick;
    const copy = `${frame.id}${own ? ' sent' : ' received'}`;
    const repeated = this.noteDelivered(frame.room, copy);
    if (!repeated && !room.remember(copy)) return;
    if (repeated && !encrypted) return;
    const peer = own ? frame.TgtUser : frame.SrcUser;
    if (!encrypted) {
      if (typeof frame.text !== 'string') return;
      if (await this.privateMessages().plainUnderPinnedName(room, peer)) {
        if (this.store.room(room.name) === room) this.events.onPlainUnderPinnedName(room, peer, own);
        return;
      }
      room.conversation(peer, true);
      this.events.onMessage(room, { frame, peer, own, earlier: false, text: frame.text, security: 'plain' });
      return;
    }
    const opened = repeated ? { ok: false, reason: 'replayed' }
      : await this.privateMessages().open(room, frame, own, peer);
    if (this.store.room(room.name) !== room) return;
    if (!opened.ok && opened.reason === 'duplicate') return; // another device's copy of a message already shown
    const shownPeer = opened.ok && opened.conversationPeer ? opened.conversationPeer : peer;
    const conversation = room.conversation(shownPeer, true);
    if (!opened.ok) {
      this.events.onPrivateRefused(room, peer, opened.reason);
      return;
    }
    // A message shown before a reload and delivered again is shown, not announced; a new one is compared with the
    // newest signed time accepted before it (also before a reload), so one the server held back is marked late.
    const again = opened.again === true;
    const { shownAt, late } = noteShown(conversation, frame.SrcUser, opened.sentAt, frame.ts,
      again ? null : opened.signedBefore);
    this.events.onMessage(room, {
      frame, peer: shownPeer, own: own || opened.own === true, earlier: false, again, text: opened.text,
      security: opened.security, queued: frame.queued === true,
      sentAt: opened.sentAt, shownAt, late,
    });
  }

  /** Remembers one copy as delivered on this connection; true when it was delivered before (a replay). */
  noteDelivered(roomName, copy) {
    if (!this.deliveredIds.has(roomName)) this.deliveredIds.set(roomName, new Set());
    const delivered = this.deliveredIds.get(roomName);
    const repeated = delivered.has(copy);
    delivered.add(copy);
    if (delivered.size > DELIVERED_IDS_KEPT) delivered.delete(delivered.values().next().value);
    return repeated;
  }
}
