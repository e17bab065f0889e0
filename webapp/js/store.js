// What the client knows about its rooms, in memory only: membership, nickname, the password needed to rejoin
// after a reconnect (never written to storage or to the URL), private conversations and unread counts.
// No DOM here. A "view" is what the main pane can show: a room, or one private conversation inside a room.

import { RoomModeration } from './moderation-state.js';

const SEEN_IDS_KEPT = 2000;

/** Orders two message ids (decimal strings of 64-bit snowflakes, time-ordered) without losing precision. */
export function compareIds(a, b) {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Room statuses: 'joined', 'offline' (connection lost), 'rejoining' (Join sent after reconnect), 'failed'. */
export class Room {
  constructor({ name, title, nick, password, ownerPassword = null, users }) {
    this.name = name;
    this.title = title || name;
    this.nick = nick;
    this.password = password;
    this.ownerPassword = ownerPassword; // a page without keys proves ownership with it on every rejoin
    this.moderation = new RoomModeration(); // topic, settings, roles, bans (moderation-state.js)
    this.users = new Set(users);
    this.usersVersion = 0; // bumped on every membership change, so views redraw only when needed
    this.status = 'joined';
    this.problem = null; // why the room is 'failed', for people
    this.unread = 0;
    this.conversations = new Map(); // peer nickname -> { peer, unread }
    this.requireEncryption = false; // private messages must be end-to-end encrypted (Joined.requireEncryption)
    this.sealed = null; // a sealed room's { salt, kdf, keyId } (sealed-rooms.js); null for an ordinary room
    this.peers = new Map(); // nickname -> what private-messages.js knows of their keys (status, keys, safety number)
    this.trustVersion = 0; // bumped when `peers` changes, so views redraw
    this.seenIds = new Set();
    this.rejoinTries = 0;
    // Room history: the epoch and newest id seen let a rejoin resume without a gap; the oldest id pages backwards.
    this.epoch = null;
    this.newestId = null;
    this.oldestId = null;
    this.hasOlder = false;
    this.loadingOlder = false;
    this.loadingNewer = false; // fetching the rest of a resume the server cut short (History.continueAfter)
  }

  /** Notes the id of a room message (Broadcast) shown, for resuming and paging. */
  noteRoomMessage(id) {
    if (this.newestId === null || compareIds(id, this.newestId) > 0) this.newestId = id;
    if (this.oldestId === null || compareIds(id, this.oldestId) < 0) this.oldestId = id;
  }

  /** Remembers a message id; false when it was already seen (a duplicate to drop). */
  remember(id) {
    if (this.seenIds.has(id)) return false;
    this.seenIds.add(id);
    if (this.seenIds.size > SEEN_IDS_KEPT) this.seenIds.delete(this.seenIds.values().next().value);
    return true;
  }

  sortedUsers() {
    return [...this.users].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }) || (a < b ? -1 : 1));
  }

  /**
   * Applies a Presence frame as set operations. Returns who really arrived and who really left: a name in `joined`
   * that is already in the list is not a new arrival, a name in `left` that is not in it did not leave.
   */
  applyPresence(joined, left) {
    const arrivals = joined.filter((name) => !this.users.has(name));
    const departures = left.filter((name) => this.users.has(name));
    for (const name of joined) this.users.add(name);
    for (const name of left) this.users.delete(name);
    this.usersVersion += 1;
    return { arrivals, departures };
  }

  /** Replaces the list (Joined after a reconnect, or a full OnlineUsers list) and says what changed. */
  replaceUsers(users) {
    const next = new Set(users);
    const arrivals = users.filter((name) => !this.users.has(name));
    const departures = [...this.users].filter((name) => !next.has(name));
    this.users = next;
    this.usersVersion += 1;
    return { arrivals, departures };
  }

  conversation(peer, create = false) {
    let conversation = this.conversations.get(peer);
    if (!conversation && create) {
      conversation = { peer, unread: 0 };
      this.conversations.set(peer, conversation);
    }
    return conversation || null;
  }
}

export function roomViewId(room) {
  return JSON.stringify(['room', room]);
}

export function conversationViewId(room, peer) {
  return JSON.stringify(['private', room, peer]);
}

/** { kind: 'room' | 'private', room, peer? } from a view id. */
export function parseViewId(viewId) {
  const [kind, room, peer] = JSON.parse(viewId);
  return kind === 'private' ? { kind, room, peer } : { kind, room };
}

export class ChatStore {
  constructor() {
    this.rooms = new Map();
    this.activeViewId = null;
  }

  room(name) {
    return this.rooms.get(name) || null;
  }

  addRoom(details) {
    const room = new Room(details);
    this.rooms.set(room.name, room);
    return room;
  }

  removeRoom(name) {
    this.rooms.delete(name);
    if (this.activeViewId && parseViewId(this.activeViewId).room === name) this.activeViewId = null;
  }

  /** Every view id in sidebar order: each room, then its conversations. */
  viewIds() {
    const ids = [];
    for (const room of this.rooms.values()) {
      ids.push(roomViewId(room.name));
      for (const peer of room.conversations.keys()) ids.push(conversationViewId(room.name, peer));
    }
    return ids;
  }

  /** The room and (for a conversation) the conversation a view id names, or null when gone. */
  resolve(viewId) {
    if (!viewId) return null;
    const { kind, room: roomName, peer } = parseViewId(viewId);
    const room = this.room(roomName);
    if (!room) return null;
    if (kind === 'room') return { kind, room, conversation: null };
    const conversation = room.conversation(peer);
    return conversation ? { kind, room, conversation } : null;
  }

  unreadOf(viewId) {
    const target = this.resolve(viewId);
    if (!target) return 0;
    return target.conversation ? target.conversation.unread : target.room.unread;
  }

  addUnread(viewId) {
    const target = this.resolve(viewId);
    if (!target) return;
    if (target.conversation) target.conversation.unread += 1;
    else target.room.unread += 1;
  }

  clearUnread(viewId) {
    const target = this.resolve(viewId);
    if (!target) return;
    if (target.conversation) target.conversation.unread = 0;
    else target.room.unread = 0;
  }

  totalUnread() {
    let total = 0;
    for (const room of this.rooms.values()) {
      total += room.unread;
      for (const conversation of room.conversations.values()) total += conversation.unread;
    }
    return total;
  }
}
