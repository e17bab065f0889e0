// Roles, settings and sanctions of the rooms the page is in: the server's Settings, Roles, RoomEvent, Bans and
// Removed frames into each room's RoomModeration, and the actions an owner or moderator takes, sent as frames. The
// server decides; a refusal comes back as an Error (chat-client.js). No DOM: the view hears of it through `events`.

import { encode } from './protocol.js';
import { mayModerate } from './moderation-state.js';
import { partsText, removedParts } from './moderation-words.js';

export class ModerationChannel {
  /**
   * `send(frame)` hands a frame to the open connection; `isReady()` says whether the server greeted us; `outbox`
   * hears that the room's latest send was an action, so an Error about it gives no message back to the composer.
   * events: onRoomRules(room), onTopicChanged(room, topic, by), onRoomEvent(room, event, actorRole),
   * onRemoved(room, removed).
   */
  constructor({ store, events, send, isReady, outbox }) {
    Object.assign(this, { store, events, send, isReady, outbox });
  }

  /** Sends an action (a frame from encode.*) about a joined room; false when it cannot be sent now. */
  act(roomName, frame) {
    const room = this.store.room(roomName);
    if (!room || room.status !== 'joined' || !this.isReady()) return false;
    if (!this.send(frame)) return false;
    this.outbox.sentAction(roomName);
    return true;
  }

  /** Asks for the room's ban list (owner and moderators). */
  listBans(roomName) {
    return this.act(roomName, encode.listBans(roomName));
  }

  roomJoined(room, frame) {
    room.moderation.applyJoined(frame);
  }

  onSettings(frame) {
    const room = this.joinedRoom(frame.room);
    if (!room) return;
    const topicBefore = room.moderation.topic;
    room.moderation.applySettings(frame);
    if (room.moderation.topic !== topicBefore) this.events.onTopicChanged(room, room.moderation.topic, frame.by || null);
    this.events.onRoomRules(room);
  }

  onRoles(frame) {
    const room = this.joinedRoom(frame.room);
    if (!room) return;
    room.moderation.applyRoles(frame, room.nick);
    this.events.onRoomRules(room);
  }

  onRoomEvent(event) {
    const room = this.joinedRoom(event.room);
    if (!room || !room.remember(event.id)) return;
    const actorRole = room.users.has(event.actor) ? room.moderation.roleOf(event.actor) : null;
    room.moderation.noteEvent(event, room.nick);
    this.events.onRoomEvent(room, event, actorRole);
    // A ban list on screen follows the bans made and lifted by anyone.
    const changesBans = event.event === 'ban' || event.event === 'unban';
    if (changesBans && room.moderation.bans !== null && mayModerate(room.moderation.role)) this.listBans(room.name);
  }

  onBans(frame) {
    const room = this.joinedRoom(frame.room);
    if (!room) return;
    room.moderation.applyBans(frame);
    this.events.onRoomRules(room);
  }

  /**
   * This connection is no longer in the room (kicked, banned, the room deleted or wiped): the room stays listed, not
   * joined, with the reason. A wiped room also forgets everything it showed (the view clears its logs), and the
   * password kept for rejoining, which the owner changed.
   */
  onRemoved(removed) {
    const room = this.store.room(removed.room);
    if (!room) return;
    room.status = 'failed';
    room.problem = partsText(removedParts(removed, room.title));
    if (removed.reason === 'wiped') {
      room.conversations.clear();
      room.seenIds.clear();
      Object.assign(room, { password: '', epoch: null, newestId: null, oldestId: null, hasOlder: false });
    }
    this.outbox.forgetRoom(room.name);
    this.events.onRemoved(room, removed);
  }

  joinedRoom(name) {
    const room = this.store.room(name);
    return room && room.status === 'joined' ? room : null;
  }
}
