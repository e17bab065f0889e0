// Room messages into the store: the history a Joined brings, live Broadcasts, and History pages (older ones asked for
// by scrolling up, newer ones that finish a resume the server cut short). Each message is shown once, in id order of
// arrival, and the room's newest and oldest ids move with it. No DOM: the view hears of it through `events`.

import { encode } from './protocol.js';
import { compareIds } from './store.js';

export class RoomFeed {
  /** `send(frame)` hands a frame to the open connection; `isReady()` says whether the server greeted us. */
  constructor({ store, events, send, isReady }) {
    this.store = store;
    this.events = events;
    this.send = send;
    this.isReady = isReady;
  }

  /** Asks for the page of room messages before the oldest one shown. */
  loadOlder(roomName) {
    const room = this.store.room(roomName);
    if (!room || !this.isReady() || room.status !== 'joined' || !room.hasOlder || room.loadingOlder
      || room.loadingNewer || !room.oldestId) return;
    room.loadingOlder = true;
    this.send(encode.olderHistory(roomName, room.oldestId));
  }

  /** The messages in a Joined: the newest page on a first join, or what was missed when rejoining. */
  deliverHistory(room, frame, firstJoin) {
    const newestBefore = room.newestId;
    if (frame.epoch) room.epoch = frame.epoch;
    for (const message of frame.history) {
      // After a reset (new epoch, or messages gone) the server sends all it has: keep only what is newer.
      if (!firstJoin && newestBefore !== null && compareIds(message.id, newestBefore) <= 0) continue;
      this.deliverBroadcast(room, message, firstJoin);
    }
  }

  deliverBroadcast(room, frame, earlier) {
    if (!room.remember(frame.id)) return;
    room.noteRoomMessage(frame.id);
    this.events.onMessage(room, { frame, peer: null, own: frame.SrcUser === room.nick, earlier });
  }

  onBroadcast(frame) {
    const room = this.store.room(frame.room);
    if (room) this.deliverBroadcast(room, frame, false);
  }

  /** A History frame: a page asked for by loadOlder(), or the rest of what a resuming Joined began. */
  onHistory(frame) {
    const room = this.store.room(frame.room);
    if (!room) return;
    if (frame.epoch) room.epoch = frame.epoch;
    if (room.loadingOlder) {
      room.loadingOlder = false;
      room.hasOlder = Boolean(frame.hasMore);
      const older = frame.messages.filter((message) => room.remember(message.id));
      for (const message of older) room.noteRoomMessage(message.id);
      this.events.onOlderMessages(room, older.map((message) => ({
        frame: message, peer: null, own: message.SrcUser === room.nick, earlier: true,
      })));
      return;
    }
    const newestBefore = room.newestId;
    for (const message of frame.messages) {
      if (newestBefore !== null && compareIds(message.id, newestBefore) <= 0) continue;
      this.deliverBroadcast(room, message, false);
    }
    // A resume too large for one reply ends with continueAfter: page on with `after` until hasMore is false.
    const last = frame.messages.length ? frame.messages[frame.messages.length - 1].id : null;
    const next = typeof frame.continueAfter === 'string' ? frame.continueAfter : room.loadingNewer && last;
    room.loadingNewer = Boolean(frame.hasMore && next);
    if (room.loadingNewer) this.send(encode.newerHistory(room.name, next));
  }
}
