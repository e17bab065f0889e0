// The chat session over one Connection: the page's entry to everything the server does. It greets the server
// (Hello, or going on without it), hands each server frame, in order, to the part that owns what it changes, and
// tells the UI what happened through `events`. The parts: room-joins.js (joining and rejoining), room-feed.js (room
// messages and history), private-channel.js (private messages), outbox.js (sends awaiting their Ack). No DOM here.

import { Connection } from './connection.js';
import { InviteChannel } from './invite-channel.js';
import { ModerationChannel } from './moderation-channel.js';
import { decode, encode, PROTOCOL_VERSION, UNSENT_CODES } from './protocol.js';
import { Outbox } from './outbox.js';
import { PrivateChannel } from './private-channel.js';
import { newClientMessageId } from './private-messages.js';
import { RoomFeed } from './room-feed.js';
import { RoomJoins } from './room-joins.js';
import { roomKeyRing } from './sealed-keys.js';
import { validSeal } from './sealed-protocol.js';
import { SealedRooms } from './sealed-rooms.js';

const HELLO_GRACE_MS = 3000; // a server that forgets Hello is still used after this long

export class ChatClient {
  /**
   * events: onConnectionState(state, connection), onJoinResult(result), onRoomJoined(room, details),
   * onRoomLeft(name), onRoomStatus(room, notice), onMessage(room, message), onPresence(room, changes),
   * onError(roomName|null, frame, unsent), onRoomList(rooms), onOlderMessages(room, messages),
   * onKeyChange(room, { peer, change }), onKeysLearned(room), onPrivateRefused(room, peer, reason),
   * onNotSent(viewId, text, why), onRoomRules(room), onRoomEvent(room, event, actorRole), onRemoved(room, removed),
   * onPlainUnderPinnedName(room, peer, own) (a plain private message under a name with pinned keys, kept out of
   * the conversation), onSealChanged(room), onSealedReopened(room, frames), onJoinProgress(text)
   * A message is { frame, peer, own, earlier, text, security, queued }: `earlier` for history shown on joining (not
   * news to anyone); `text` the words to show (decrypted for an encrypted private message; a sealed room's message
   * has its frame's `opened`, sealed-rooms.js); `security` for a
   * private message: 'encrypted', 'plain' or 'unverified' (sent under a changed key not accepted yet); `sentAt` for
   * an encrypted one: the time its sender signed (envelope v2), null when unknown; `shownAt` the time to show;
   * `late` when it was signed before the newest message already shown from its sender (message-time.js).
   *
   * `privateMessages` (private-messages.js) does the end-to-end encryption. Frames are handled one after another,
   * each finishing (decryption included) before the next starts, so the order of what is shown is the order of
   * the wire.
   */
  constructor({ url, store, events, privateMessages, keyRing = roomKeyRing() }) {
    this.store = store;
    this.events = events;
    this.privateMessages = privateMessages;
    this.inbound = Promise.resolve(); // frames and connection events, handled in order
    this.ready = false;
    this.wantRoomList = false;
    this.helloTimer = null;
    const send = (frame) => this.connection.send(frame);
    const isReady = () => this.ready;
    const currentPrivateMessages = () => this.privateMessages;
    this.outbox = new Outbox();
    this.sealed = new SealedRooms({ keyRing, privateMessages: currentPrivateMessages, events });
    this.sealing = Promise.resolve(); // sealed sends, one after another so they keep their order
    this.feed = new RoomFeed({ store, events, send, isReady });
    this.privateChannel = new PrivateChannel({
      store, events, send, privateMessages: currentPrivateMessages, outbox: this.outbox,
    });
    this.moderation = new ModerationChannel({ store, events, send, isReady, outbox: this.outbox });
    this.invites = new InviteChannel({ send, isReady });
    this.joins = new RoomJoins({
      store, events, send, isReady, privateMessages: currentPrivateMessages, feed: this.feed, outbox: this.outbox,
      disconnect: () => this.disconnect(),
      sealed: this.sealed,
    });
    this.connection = new Connection({
      url,
      makePing: encode.ping,
      shouldReconnect: () => this.store.rooms.size > 0 || this.joins.hasPending,
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

  join(request) {
    if (!this.joins.begin(request)) return;
    if (this.ready) this.joins.sendPending();
    else if (this.connection.state === 'connecting' || this.connection.state === 'open') return;
    else this.connection.retryNow();
  }

  leave(name) {
    const room = this.store.room(name);
    if (!room) return;
    this.joins.cancelRejoin(name);
    if (this.ready && room.status !== 'failed' && room.status !== 'offline') this.connection.send(encode.leave(name));
    this.store.removeRoom(name);
    this.outbox.forgetRoom(name);
    this.events.onRoomLeft(name);
    if (this.store.rooms.size === 0 && !this.joins.hasPending) this.disconnect();
  }

  inOrder(work) {
    this.inbound = this.inbound.then(work).catch((error) => console.error('Safehouse: a frame was not handled', error));
  }

  /** Sends a room message (`peer` null) or a private one; false when it could not be sent now. */
  send(roomName, peer, text, viewId) {
    const room = this.store.room(roomName);
    if (!room || room.status !== 'joined' || !this.ready) return false;
    if (peer) {
      const { mode } = this.privateMessages.mode(room, peer);
      if (mode === 'encrypted') return this.privateChannel.sendEncrypted(room, peer, text, viewId);
      if (mode !== 'plain') return false;
    } else if (room.sealed) {
      return this.sendSealed(room, text, viewId);
    }
    const clientMsgId = peer ? null : newClientMessageId();
    const frame = peer ? encode.privateMessage(roomName, peer, text) : encode.broadcast(roomName, text, clientMsgId);
    if (!this.connection.send(frame)) return false;
    this.outbox.sent(roomName, viewId, text, clientMsgId);
    return true;
  }

  /** A sealed room's message: sealed with the room key, then sent; the text itself never leaves the page. */
  sendSealed(room, text, viewId) {
    if (!this.sealed.canWrite(room)) return false;
    const clientMsgId = newClientMessageId();
    this.outbox.sent(room.name, viewId, text, clientMsgId);
    this.sealing = this.sealing.then(async () => {
      const sealed = await this.sealed.seal(room, text, clientMsgId);
      if (!sealed) {
        this.outbox.acknowledged(clientMsgId);
        this.events.onNotSent(viewId, text, 'Not sent: this page does not hold the room key (enter the password).');
        return;
      }
      this.outbox.sealedAs(clientMsgId, sealed);
      if (this.ready && room.status === 'joined') this.connection.send(encode.sealedBroadcast(room.name, clientMsgId, sealed));
    }).catch((error) => console.error('Safehouse: a sealed message was not sent', error));
    return true;
  }

  /** The person typed a sealed room's new password (after the owner changed it). */
  async unlockSealedRoom(roomName, password) {
    const room = this.store.room(roomName);
    return room ? this.sealed.unlock(room, password) : false;
  }

  /** The owner changes a sealed room's password: a new salt, a new key; old keys stay for old history. */
  async rotateSealedRoom(roomName, password) {
    const room = this.store.room(roomName);
    if (!room || !room.sealed) return false;
    const { password: verifier, salt } = await this.sealed.rotation(password);
    return this.moderation.act(roomName, encode.roomSettings(roomName, { password: verifier, salt }));
  }

  /**
   * The owner's panic wipe of a sealed room: sent with the new password's join verifier and a fresh salt (never the
   * password), so the wiped room's key is new. False when it could not be sent now.
   */
  async wipeSealedRoom(roomName, confirm, password) {
    const room = this.store.room(roomName);
    if (!room || !room.sealed) return false;
    const { newPassword, salt } = await this.sealed.wipe(password);
    return this.moderation.act(roomName, encode.wipeRoom(roomName, confirm, newPassword, salt));
  }

  /** The person compared safety numbers and accepts `peer`'s new key. */
  async acceptChangedKey(roomName, peer) {
    const room = this.store.room(roomName);
    return room ? this.privateMessages.acceptChangedKey(room, peer) : false;
  }

  /** The person compared `safetyNumber` (60 digits) with `peer` and it matched; false when it is not current. */
  async markVerified(roomName, peer, safetyNumber) {
    const room = this.store.room(roomName);
    return room ? this.privateMessages.markVerified(room, peer, safetyNumber) : false;
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

  /** This person's device list changed (link, unlink): joins every room again on a new connection to publish it. */
  republishKeys() {
    this.connection.reopen('device list changed');
  }

  /** Asks for the page of room messages before the oldest one shown. */
  loadOlder(roomName) {
    this.feed.loadOlder(roomName);
  }

  /** Checks the connection at once (the tab came back, the network came back). */
  checkConnection() {
    if (this.connection.state === 'waiting') this.connection.retryNow();
    else this.connection.probe();
  }

  opened() {
    this.ready = false;
    this.privateChannel.connectionOpened();
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
    this.joins.rejoinOffline();
    this.joins.sendPending();
    if (this.wantRoomList) this.connection.send(encode.listRooms());
  }

  closed(info) {
    this.ready = false;
    clearTimeout(this.helloTimer);
    this.joins.connectionLost(info);
  }

  /** Hands a server frame to the part that owns what it changes; frames this client does not know are dropped. */
  received(data) {
    const frame = decode(data);
    if (!frame) return undefined;
    switch (frame.msgType) {
      case 'Hello': return this.onHello(frame);
      case 'Challenge': return this.joins.onChallenge(frame);
      case 'SealInfo': return this.joins.onSealInfo(frame);
      case 'Joined': return this.onJoined(frame);
      case 'History': return this.openSealed(frame.room, frame.messages).then(() => this.feed.onHistory(frame));
      case 'Broadcast': return this.openSealed(frame.room, [frame]).then(() => this.feed.onBroadcast(frame));
      case 'Left': return this.onLeft(frame);
      case 'PrivateMessage': return this.privateChannel.onPrivateMessage(frame);
      case 'Presence': return this.onPresence(frame);
      case 'OnlineUsers': return this.onOnlineUsers(frame);
      case 'Rooms': return this.onRooms(frame);
      case 'Ack': return this.outbox.acknowledged(frame.clientMsgId);
      case 'Settings': return this.onSettings(frame);
      case 'Roles': return this.moderation.onRoles(frame);
      case 'RoomEvent': return this.moderation.onRoomEvent(frame);
      case 'Bans': return this.moderation.onBans(frame);
      case 'Removed': return this.moderation.onRemoved(frame);
      case 'Invite': return this.invites.onInvite(frame);
      case 'Invites': return this.invites.onInvites(frame);
      case 'Error': return this.onError(frame);
      default: return undefined; // Pong: any frame at all keeps the connection alive
    }
  }

  onHello(frame) {
    if (Array.isArray(frame.versions) && !frame.versions.includes(PROTOCOL_VERSION)) {
      console.warn('Safehouse: the server does not list protocol version', PROTOCOL_VERSION);
    }
    this.invites.heardHello(frame);
    this.becomeReady();
  }

  /** Opens a sealed room's messages in place before anything shows them. */
  async openSealed(roomName, messages) {
    const room = this.store.room(roomName);
    if (room && room.sealed) await this.sealed.openAll(room, messages, null);
  }

  async onSettings(frame) {
    this.moderation.onSettings(frame);
    const room = this.store.room(frame.room);
    if (room && room.status === 'joined') await this.sealed.settings(room, frame);
  }

  async onJoined(frame) {
    // A join that was sealed is never answered by an ordinary room: only a dishonest server or network does that,
    // and what the page wrote there would be readable.
    if (!validSeal(frame.seal) && this.joins.expectsSeal(frame.room)) return this.joins.refuseUnsealed(frame);
    this.privateChannel.roomJoined(frame.room);
    const pending = this.joins.pendingFor(frame.room);
    const known = this.store.room(frame.room);
    // The history is opened before it is shown; a first join has no room entry yet, so a stand-in carries its names.
    const standIn = known || { name: frame.room, nick: frame.nick, peers: new Map(), sealed: null };
    await this.sealed.joined(standIn, frame, pending ? pending.secrets : null);
    const room = this.joins.applyJoined(frame);
    if (!room) return;
    room.sealed = standIn.sealed;
    room.requireEncryption = frame.requireEncryption === true;
    room.seal = frame.seal && typeof frame.seal === 'object' ? frame.seal : null; // a sealed room (invites)
    this.moderation.roomJoined(room, frame);
    this.events.onRoomRules(room);
    await this.privateChannel.observeKeys(room, frame.users, frame.keys);
  }

  onLeft(frame) {
    if (!this.store.room(frame.room)) return;
    this.joins.cancelRejoin(frame.room);
    this.store.removeRoom(frame.room);
    this.events.onRoomLeft(frame.room);
  }

  async onPresence(frame) {
    const room = this.store.room(frame.room);
    if (!room) return;
    this.events.onPresence(room, room.applyPresence(frame.joined, frame.left));
    await this.privateChannel.observeKeys(room, frame.joined, frame.keys);
  }

  onOnlineUsers(frame) {
    const room = frame.room ? this.store.room(frame.room) : null;
    if (room) this.events.onPresence(room, room.replaceUsers(frame.Users));
  }

  onRooms(frame) {
    this.wantRoomList = false;
    this.events.onRoomList(frame.rooms);
    if (this.store.rooms.size === 0 && !this.joins.hasPending) this.disconnect();
  }

  async onError(frame) {
    if (await this.joins.onError(frame)) return;
    const room = frame.room ? this.store.room(frame.room) : null;
    const unsent = room && UNSENT_CODES.has(frame.code) ? this.outbox.refused(room.name, frame.clientMsgId) : null;
    this.events.onError(room ? room.name : null, frame, unsent);
  }
}
