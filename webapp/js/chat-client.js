// The chat session over one Connection: joining (from the form) and rejoining every room after a reconnect,
// applying server frames to the store, and telling the UI what happened through `events`. No DOM here.

import { Connection } from './connection.js';
import { decode, encode, errorMessage, PROTOCOL_VERSION, UNSENT_CODES } from './protocol.js';
import { newClientMessageId } from './private-messages.js';
import { compareIds, roomViewId } from './store.js';

const HELLO_GRACE_MS = 3000; // a server that forgets Hello is still used after this long
const NAME_TAKEN_RETRY_MS = 3000; // our own lost connection may hold the nickname until the server notices
const NAME_TAKEN_RETRIES = 30;
const UNACKED_KEPT = 100; // room messages sent but not yet acknowledged, resent after a reconnect
const UNACKED_MAX_AGE_MS = 5 * 60 * 1000;
const DELIVERED_IDS_KEPT = 5000; // private message ids remembered per room and connection, to spot a replay

export class ChatClient {
  /**
   * events: onConnectionState(state, connection), onJoinResult(result), onRoomJoined(room, details),
   * onRoomLeft(name), onRoomStatus(room, notice), onMessage(room, message), onPresence(room, changes),
   * onError(roomName|null, frame, unsent), onRoomList(rooms), onOlderMessages(room, messages),
   * onKeyChange(room, { peer, change }), onKeysLearned(room), onPrivateRefused(room, peer, reason),
   * onNotSent(viewId, text, why)
   * A message is { frame, peer, own, earlier, text, security, queued }: `earlier` for history shown on joining (not
   * news to anyone); `text` the words to show (decrypted for an encrypted private message); `security` for a
   * private message: 'encrypted', 'plain' or 'unverified' (sent under a changed key not accepted yet).
   *
   * `privateMessages` (private-messages.js) does the end-to-end encryption. Frames are handled one after another,
   * each finishing (decryption included) before the next starts, so the order of what is shown is the order of
   * the wire.
   */
  constructor({ url, store, events, privateMessages }) {
    this.store = store;
    this.events = events;
    this.privateMessages = privateMessages;
    this.inbound = Promise.resolve(); // frames and connection events, handled in order
    this.outbound = Promise.resolve(); // encrypted private messages, sealed and sent in order
    this.deliveredIds = new Map(); // room -> private message ids delivered since its Joined on this connection
    this.pendingJoin = null;
    this.ready = false;
    this.wantRoomList = false;
    this.lastSent = new Map(); // room -> { viewId, text } of the latest Broadcast or PrivateMessage
    this.rejoinTimers = new Map();
    this.unacked = new Map(); // clientMsgId -> { room, text, sentAt }
    this.helloTimer = null;
    this.connection = new Connection({
      url,
      makePing: encode.ping,
      shouldReconnect: () => this.store.rooms.size > 0 || this.pendingJoin !== null,
      onOpen: () => this.inOrder(() => this.opened()),
      onFrame: (data) => this.inOrder(() => this.received(data)),
      onClose: (info) => this.inOrder(() => this.closed(info)),
      onStateChange: (state, connection) => this.events.onConnectionState(state, connection),
    });
  }

  /** Opens a connection only to learn the advertised rooms; it is closed again if nothing else needs it. */
  fetchRoomList() {
    this.wantRoomList = true;
    if (this.ready) this.connection.send(encode.listRooms());
    else if (this.connection.state === 'idle') this.connection.connect();
  }

  join({ room, nick, password }) {
    const known = this.store.room(room);
    if (known && known.status !== 'failed') {
      this.events.onJoinResult({ ok: true, room: known, already: true });
      return;
    }
    if (this.pendingJoin) return;
    this.pendingJoin = { room, nick, password };
    if (this.ready) this.connection.send(this.joinFrame(room, nick, password));
    else if (this.connection.state === 'connecting' || this.connection.state === 'open') return;
    else this.connection.retryNow();
  }

  leave(name) {
    const room = this.store.room(name);
    if (!room) return;
    this.cancelRejoin(name);
    if (this.ready && room.status !== 'failed' && room.status !== 'offline') this.connection.send(encode.leave(name));
    this.store.removeRoom(name);
    this.lastSent.delete(name);
    for (const [clientMsgId, sent] of this.unacked) if (sent.room === name) this.unacked.delete(clientMsgId);
    this.events.onRoomLeft(name);
    if (this.store.rooms.size === 0 && !this.pendingJoin) this.disconnect();
  }

  inOrder(work) {
    this.inbound = this.inbound.then(work).catch((error) => console.error('Safehouse: a frame was not handled', error));
  }

  joinFrame(room, nick, password, resume = null) {
    return encode.join(room, nick, password, resume, this.privateMessages.joinKeys());
  }

  /** Sends a room message (`peer` null) or a private one; false when it could not be sent now. */
  send(roomName, peer, text, viewId) {
    const room = this.store.room(roomName);
    if (!room || room.status !== 'joined' || !this.ready) return false;
    if (peer) {
      const { mode } = this.privateMessages.mode(room, peer);
      if (mode === 'encrypted') return this.sendEncrypted(room, peer, text, viewId);
      if (mode !== 'plain') return false;
    }
    const clientMsgId = peer ? null : newClientMessageId();
    const frame = peer ? encode.privateMessage(roomName, peer, text) : encode.broadcast(roomName, text, clientMsgId);
    if (!this.connection.send(frame)) return false;
    this.lastSent.set(roomName, { viewId, text });
    if (clientMsgId) {
      this.unacked.set(clientMsgId, { room: roomName, text, sentAt: Date.now() });
      if (this.unacked.size > UNACKED_KEPT) this.unacked.delete(this.unacked.keys().next().value);
    }
    return true;
  }

  /** Encrypts (asynchronously, in order) and sends; a failure gives the text back to the composer. */
  sendEncrypted(room, peer, text, viewId) {
    this.outbound = this.outbound.then(async () => {
      let sealed;
      try {
        sealed = await this.privateMessages.seal(room, peer, text);
      } catch (error) {
        console.error('Safehouse: could not encrypt', error);
        this.events.onNotSent(viewId, text, `Not sent: the message to ${peer} could not be encrypted.`);
        return;
      }
      if (this.store.room(room.name) !== room || room.status !== 'joined'
        || !this.connection.send(encode.encryptedPrivateMessage(room.name, peer, sealed))) {
        this.events.onNotSent(viewId, text, 'Not sent: the connection was lost. Send it again when it is back.');
        return;
      }
      this.lastSent.set(room.name, { viewId, text });
    });
    return true;
  }

  /** The person compared safety numbers and accepts `peer`'s new key. */
  async acceptChangedKey(roomName, peer) {
    const room = this.store.room(roomName);
    return room ? this.privateMessages.acceptChangedKey(room, peer) : false;
  }

  /** Learns a peer's pinned keys (an away peer can still be written to: the server keeps the message). */
  async recallPeer(roomName, peer) {
    const room = this.store.room(roomName);
    if (room) await this.privateMessages.recall(room, peer);
  }

  /** Closes the connection on purpose (nothing needs it); no reconnect follows. */
  disconnect() {
    this.ready = false;
    clearTimeout(this.helloTimer);
    this.connection.disconnect();
  }

  retryNow() {
    this.connection.retryNow();
  }

  /** Asks for the page of room messages before the oldest one shown. */
  loadOlder(roomName) {
    const room = this.store.room(roomName);
    if (!room || !this.ready || room.status !== 'joined' || !room.hasOlder || room.loadingOlder || room.loadingNewer
      || !room.oldestId) return;
    room.loadingOlder = true;
    this.connection.send(encode.olderHistory(roomName, room.oldestId));
  }

  /** Checks the connection at once (the tab came back, the network came back). */
  checkConnection() {
    if (this.connection.state === 'waiting') this.connection.retryNow();
    else this.connection.probe();
  }

  opened() {
    this.ready = false;
    this.deliveredIds.clear();
    clearTimeout(this.helloTimer);
    this.helloTimer = setTimeout(() => {
      console.warn('Safehouse: no Hello from the server; going on without it');
      this.becomeReady();
    }, HELLO_GRACE_MS);
  }

  becomeReady() {
    clearTimeout(this.helloTimer);
    if (this.ready) return;
    this.ready = true;
    for (const room of this.store.rooms.values()) {
      if (room.status === 'offline') this.rejoin(room);
    }
    if (this.pendingJoin) {
      const { room, nick, password } = this.pendingJoin;
      this.connection.send(this.joinFrame(room, nick, password));
    }
    if (this.wantRoomList) this.connection.send(encode.listRooms());
  }

  rejoin(room) {
    this.rejoinTimers.delete(room.name);
    room.status = 'rejoining';
    room.loadingOlder = false;
    const resume = { since: room.newestId, epoch: room.epoch };
    this.connection.send(this.joinFrame(room.name, room.nick, room.password, resume));
    this.events.onRoomStatus(room, null);
  }

  scheduleRejoin(room, delay) {
    this.cancelRejoin(room.name);
    this.rejoinTimers.set(room.name, setTimeout(() => {
      if (this.ready && this.store.room(room.name) === room) this.rejoin(room);
    }, delay));
  }

  cancelRejoin(name) {
    clearTimeout(this.rejoinTimers.get(name));
    this.rejoinTimers.delete(name);
  }

  closed({ code, wasOpen }) {
    this.ready = false;
    clearTimeout(this.helloTimer);
    for (const name of [...this.rejoinTimers.keys()]) this.cancelRejoin(name);
    for (const room of this.store.rooms.values()) {
      if (room.status === 'failed') continue;
      const notice = room.status === 'joined' ? 'Connection lost. Reconnecting…' : null;
      room.status = 'offline';
      this.events.onRoomStatus(room, notice);
    }
    if (this.pendingJoin) {
      this.pendingJoin = null;
      this.events.onJoinResult({ ok: false, text: closeExplanation(code, wasOpen) });
    }
  }

  received(data) {
    const frame = decode(data);
    if (!frame) return;
    const handler = this[`on${frame.msgType}`];
    return handler ? handler.call(this, frame) : undefined;
  }

  /** A join with keys is answered with a Challenge: sign it to prove this browser holds the keys. */
  async onChallenge(frame) {
    const pending = this.pendingJoin;
    const room = this.store.room(frame.room);
    let nick = null;
    if (pending && sameRoomName(pending.room, frame.room)) nick = pending.nick;
    else if (room && room.status === 'rejoining') nick = room.nick;
    if (nick === null || !this.privateMessages.joinKeys()) return;
    const signature = await this.privateMessages.proveSignature(frame.challenge, frame.room, nick);
    this.connection.send(encode.prove(frame.room, signature));
  }

  onHello(frame) {
    if (Array.isArray(frame.versions) && !frame.versions.includes(PROTOCOL_VERSION)) {
      console.warn('Safehouse: the server does not list protocol version', PROTOCOL_VERSION);
    }
    this.becomeReady();
  }

  async onJoined(frame) {
    this.deliveredIds.delete(frame.room); // a join (again) is followed by the private messages the server keeps
    const room = this.applyJoined(frame);
    if (!room) return;
    room.requireEncryption = frame.requireEncryption === true;
    await this.observeKeys(room, frame.users, frame.keys);
  }

  /** Checks the keys the server lists against the pins, and tells the person about any change. */
  async observeKeys(room, names, keys) {
    const reports = await this.privateMessages.observe(room, names, keys || {});
    if (this.store.room(room.name) !== room) return;
    for (const report of reports) this.events.onKeyChange(room, report);
    this.events.onKeysLearned(room);
  }

  applyJoined(frame) {
    const pending = this.pendingJoin;
    let room = this.store.room(frame.room);
    if (pending && sameRoomName(pending.room, frame.room)) {
      this.pendingJoin = null;
      const fresh = !room;
      if (fresh) {
        room = this.store.addRoom({
          name: frame.room, title: frame.title, nick: frame.nick, password: pending.password, users: frame.users,
        });
      } else {
        room.password = pending.password;
      }
      const changes = fresh ? null : room.replaceUsers(frame.users);
      Object.assign(room, { nick: frame.nick, title: frame.title || room.title, status: 'joined' });
      room.problem = null;
      room.rejoinTries = 0;
      if (fresh) room.hasOlder = Boolean(frame.hasMore);
      if (fresh) {
        this.deliverHistory(room, frame, true);
        this.events.onRoomJoined(room, { rejoined: false, changes, gap: false });
      } else {
        this.events.onRoomJoined(room, { rejoined: true, changes, gap: room.newestId !== null });
        this.deliverHistory(room, frame, false);
      }
      this.events.onJoinResult({ ok: true, room });
      return room;
    }
    if (!room) return null; // a Joined for a room we left meanwhile
    room.loadingNewer = false;
    room.loadingOlder = false;
    const changes = room.replaceUsers(frame.users);
    Object.assign(room, { nick: frame.nick, title: frame.title || room.title, status: 'joined', problem: null });
    room.rejoinTries = 0;
    // recovered: true means every message since our newest arrives now; anything else may have left a gap.
    const gap = room.newestId !== null && frame.recovered !== true;
    this.events.onRoomJoined(room, { rejoined: true, changes, gap });
    this.deliverHistory(room, frame, false);
    this.resendUnacked(room);
    return room;
  }

  /**
   * Sends again, with the same clientMsgId, the room messages whose Ack the lost connection never brought: the
   * server delivers each at most once, so the reader sees it once whether or not the first try arrived.
   */
  resendUnacked(room) {
    const now = Date.now();
    for (const [clientMsgId, sent] of this.unacked) {
      if (sent.room !== room.name) continue;
      if (now - sent.sentAt > UNACKED_MAX_AGE_MS) this.unacked.delete(clientMsgId);
      else this.connection.send(encode.broadcast(room.name, sent.text, clientMsgId));
    }
  }

  /**
   * The send an Error refuses, as { viewId, text }, forgotten so it is not sent again after a reconnect. The Error
   * names the room message by its clientMsgId; an older server, a rate limit (decided before the frame is read) or a
   * plain private message leave only the room's latest send to go by.
   */
  refusedSend(room, frame) {
    const named = typeof frame.clientMsgId === 'string' ? this.unacked.get(frame.clientMsgId) : undefined;
    if (named) {
      this.unacked.delete(frame.clientMsgId);
      return { viewId: roomViewId(room.name), text: named.text };
    }
    const latest = this.lastSent.get(room.name) || null;
    if (latest) this.forgetUnacked(room.name, latest.text);
    return latest;
  }

  /** Forgets the latest unacknowledged room message with this text. */
  forgetUnacked(roomName, text) {
    const refused = [...this.unacked].reverse().find(([, sent]) => sent.room === roomName && sent.text === text);
    if (refused) this.unacked.delete(refused[0]);
  }

  onAck(frame) {
    this.unacked.delete(frame.clientMsgId);
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
    if (room.loadingNewer) this.connection.send(encode.newerHistory(room.name, next));
  }

  onLeft(frame) {
    if (!this.store.room(frame.room)) return;
    this.cancelRejoin(frame.room);
    this.store.removeRoom(frame.room);
    this.events.onRoomLeft(frame.room);
  }

  onBroadcast(frame) {
    const room = this.store.room(frame.room);
    if (room) this.deliverBroadcast(room, frame, false);
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
    if (!this.deliveredIds.has(frame.room)) this.deliveredIds.set(frame.room, new Set());
    const delivered = this.deliveredIds.get(frame.room);
    const copy = `${frame.id}${own ? ' sent' : ' received'}`;
    const repeated = delivered.has(copy);
    delivered.add(copy);
    if (delivered.size > DELIVERED_IDS_KEPT) delivered.delete(delivered.values().next().value);
    if (!repeated && !room.remember(copy)) return;
    if (repeated && !encrypted) return;
    const peer = own ? frame.TgtUser : frame.SrcUser;
    if (!encrypted) {
      if (typeof frame.text !== 'string') return;
      room.conversation(peer, true);
      this.events.onMessage(room, { frame, peer, own, earlier: false, text: frame.text, security: 'plain' });
      return;
    }
    const opened = repeated ? { ok: false, reason: 'replayed' }
      : await this.privateMessages.open(room, frame, own, peer);
    if (this.store.room(room.name) !== room) return;
    room.conversation(peer, true);
    if (!opened.ok) {
      this.events.onPrivateRefused(room, peer, opened.reason);
      return;
    }
    this.events.onMessage(room, {
      frame, peer, own, earlier: false, text: opened.text, security: opened.security, queued: frame.queued === true,
    });
  }

  async onPresence(frame) {
    const room = this.store.room(frame.room);
    if (!room) return;
    this.events.onPresence(room, room.applyPresence(frame.joined, frame.left));
    await this.observeKeys(room, frame.joined, frame.keys);
  }

  onOnlineUsers(frame) {
    const room = frame.room ? this.store.room(frame.room) : null;
    if (room) this.events.onPresence(room, room.replaceUsers(frame.Users));
  }

  onRooms(frame) {
    this.wantRoomList = false;
    this.events.onRoomList(frame.rooms);
    if (this.store.rooms.size === 0 && !this.pendingJoin) this.disconnect();
  }

  onError(frame) {
    const pending = this.pendingJoin;
    if (pending && typeof frame.room === 'string' && sameRoomName(pending.room, frame.room)) {
      this.pendingJoin = null;
      this.events.onJoinResult({ ok: false, frame, text: errorMessage(frame), request: pending });
      if (this.store.rooms.size === 0) this.disconnect();
      return;
    }
    const room = frame.room ? this.store.room(frame.room) : null;
    if (room && room.status === 'rejoining') return this.rejoinFailed(room, frame);
    if (room && frame.code === 'not_in_room') {
      // The server no longer counts us in; ask to be let back in the same way as after a reconnect.
      this.rejoin(room);
      return;
    }
    const unsent = room && UNSENT_CODES.has(frame.code) ? this.refusedSend(room, frame) : null;
    this.events.onError(room ? room.name : null, frame, unsent);
  }

  rejoinFailed(room, frame) {
    room.rejoinTries += 1;
    if (frame.code === 'name_taken' && room.rejoinTries <= NAME_TAKEN_RETRIES) {
      const notice = room.rejoinTries === 1
        ? `The nickname ${room.nick} is still held by the lost connection; trying again until the server lets it go…`
        : null;
      this.events.onRoomStatus(room, notice);
      this.scheduleRejoin(room, NAME_TAKEN_RETRY_MS);
      return;
    }
    if (['throttled', 'rate_limited', 'server_busy'].includes(frame.code) && room.rejoinTries <= NAME_TAKEN_RETRIES) {
      this.scheduleRejoin(room, Math.max(1000, frame.retryAfterMs || 5000));
      return;
    }
    room.status = 'failed';
    room.problem = errorMessage(frame);
    this.events.onRoomStatus(room, `Could not rejoin: ${room.problem}`);
  }
}

/** The server may canonicalise a room name (NFC, trimming); a Joined or Error still answers the form's Join. */
function sameRoomName(a, b) {
  const canonical = (name) => name.normalize('NFC').trim().toLowerCase();
  return a === b || canonical(a) === canonical(b);
}

function closeExplanation(code, wasOpen) {
  if (code === 1008) return 'The server refused this page (its address is not an allowed origin).';
  if (!wasOpen) return 'Could not reach the server. Check the connection and try again.';
  return `The connection closed (code ${code}) before the server answered. Try again.`;
}
