// What was sent and not yet confirmed. Room messages carry a clientMsgId and stay here until the server's Ack; after
// a reconnect they are sent again with the same id, and the server delivers each at most once. The latest send of
// each room (room message or private) is remembered too, so that an Error refusing it can give its text back to the
// composer. Bounded in count and in age. No DOM, no socket: the caller sends.

import { roomViewId } from './store.js';

export const OUTBOX_LIMITS = Object.freeze({
  unackedKept: 100, // room messages sent but not yet acknowledged, resent after a reconnect
  unackedMaxAgeMs: 5 * 60 * 1000,
});

export class Outbox {
  constructor({ now = Date.now, limits = OUTBOX_LIMITS } = {}) {
    this.now = now;
    this.limits = limits;
    this.unacked = new Map(); // clientMsgId -> { room, text, sentAt, sealed }, oldest first
    this.lastSent = new Map(); // room -> { viewId, text } of the latest Broadcast or PrivateMessage
  }

  /** Notes a send that went out: `clientMsgId` for a room message (awaits its Ack), null for a private one. */
  sent(roomName, viewId, text, clientMsgId = null) {
    this.lastSent.set(roomName, { viewId, text });
    if (!clientMsgId) return;
    this.unacked.set(clientMsgId, { room: roomName, text, sentAt: this.now() });
    if (this.unacked.size > this.limits.unackedKept) this.unacked.delete(this.unacked.keys().next().value);
  }

  /** A sealed room's message got its sealed body: a resend sends the same bytes (never the text). */
  sealedAs(clientMsgId, sealed) {
    const sent = this.unacked.get(clientMsgId);
    if (sent) sent.sealed = sealed;
  }

  acknowledged(clientMsgId) {
    this.unacked.delete(clientMsgId);
  }

  /**
   * The room messages of `roomName` to send again after a reconnect, as { clientMsgId, text, sealed } (`sealed`
   * only for a sealed room's message); expired ones go.
   */
  toResend(roomName) {
    const now = this.now();
    const again = [];
    for (const [clientMsgId, sent] of this.unacked) {
      if (sent.room !== roomName) continue;
      if (now - sent.sentAt > this.limits.unackedMaxAgeMs) this.unacked.delete(clientMsgId);
      else again.push({ clientMsgId, text: sent.text, sealed: sent.sealed || null });
    }
    return again;
  }

  /**
   * The send an Error refuses, as { viewId, text }, forgotten so it is not sent again after a reconnect. The Error
   * names the room message by its clientMsgId; an older server, a rate limit (decided before the frame is read) or a
   * plain private message leave only the room's latest send to go by.
   */
  refused(roomName, clientMsgId) {
    const named = typeof clientMsgId === 'string' ? this.unacked.get(clientMsgId) : undefined;
    if (named) {
      this.unacked.delete(clientMsgId);
      return { viewId: roomViewId(roomName), text: named.text };
    }
    const latest = this.lastSent.get(roomName) || null;
    if (latest) this.forgetLatest(roomName, latest.text);
    return latest;
  }

  /** An action (kick, settings...) went out after the room's latest message: an Error now is about the action. */
  sentAction(roomName) {
    this.lastSent.delete(roomName);
  }

  /** Forgets the latest unacknowledged room message with this text. */
  forgetLatest(roomName, text) {
    const refused = [...this.unacked].reverse().find(([, sent]) => sent.room === roomName && sent.text === text);
    if (refused) this.unacked.delete(refused[0]);
  }

  /** The room was left: nothing of it is sent again. */
  forgetRoom(roomName) {
    this.lastSent.delete(roomName);
    for (const [clientMsgId, sent] of this.unacked) if (sent.room === roomName) this.unacked.delete(clientMsgId);
  }
}
