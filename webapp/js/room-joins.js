// Joining and staying joined: the one join the form may have under way, the proof a join with keys must give, and
// rejoining every room after a reconnect, resuming after the newest message seen (retried on a nickname still held
// by the lost connection, or on a busy server; given up otherwise). A join that was sealed must be answered by a
// sealed room; a browser an invite link let in comes back without the password. No DOM: the view hears of it
// through `events`.

import { encode, errorMessage } from './protocol.js';

const NAME_TAKEN_RETRY_MS = 3000; // our own lost connection may hold the nickname until the server notices
const REJOIN_RETRIES = 30;
const BUSY_CODES = ['throttled', 'rate_limited', 'server_busy'];
// A node of a cluster that lost its Redis refuses joins (cluster_unavailable) and closes with CLUSTER_LOST: the page
// keeps its rooms and its form's join, and sends them again to whichever node the next connection reaches.
export const CLUSTER_LOST = 4011;

export class RoomJoins {
  /**
   * `send(frame)` hands a frame to the open connection; `isReady()` says whether the server greeted us;
   * `privateMessages()` gives the current PrivateMessages (keys for a Join, the signature for a Prove); `feed`
   * delivers the history a Joined brings; `outbox` holds the room messages to send again after a rejoin;
   * `disconnect()` closes a connection nothing needs any more.
   */
  constructor({ store, events, send, isReady, privateMessages, feed, outbox, disconnect, sealed }) {
    this.store = store;
    this.events = events;
    this.send = send;
    this.isReady = isReady;
    this.privateMessages = privateMessages;
    this.feed = feed;
    this.outbox = outbox;
    this.disconnect = disconnect;
    this.sealed = sealed; // SealedRooms (sealed-rooms.js)
    // the form's join: { room, nick, password, ownerPassword, createSealed, stage, secrets, joinExtra, rejoinExtra,
    // admittedRetry }, until Joined or Error. With a password, the join first asks SealInfo (stage 'sealInfo'), then
    // derives a sealed room's secrets. `admittedRetry`: asked again as a browser a link admitted (comeBackAdmitted).
    this.pending = null;
    this.rejoinTimers = new Map();
  }

  get hasPending() {
    return this.pending !== null;
  }

  /** Takes the form's join; false when there is nothing to send (already in the room, or a join under way). */
  begin({ room, nick, password, ownerPassword = null, createSealed = false, joinExtra = null, rejoinExtra = null }) {
    const known = this.store.room(room);
    if (known && known.status !== 'failed') {
      this.events.onJoinResult({ ok: true, room: known, already: true });
      return false;
    }
    if (this.pending) return false;
    // `joinExtra`: more Join fields (an invite link's { invite, sealed: true }: invite-channel.js; its room key came
    // with the link, sealed-keys.js); `rejoinExtra` those of a rejoin.
    this.pending = {
      room, nick, password, ownerPassword, createSealed, joinExtra, rejoinExtra, stage: null, secrets: null,
      admittedRetry: false,
    };
    return true;
  }

  /** The form's join, when it is one to `roomName`; else null. */
  pendingFor(roomName) {
    return this.pending && sameRoomName(this.pending.room, roomName) ? this.pending : null;
  }

  /**
   * Whether a Joined for `roomName` must carry a seal: the form's join was sealed (creating a sealed room, a password
   * join whose SealInfo said sealed, an invite, a browser a link admitted), or, with no such join, the room is one
   * this page holds as sealed (a rejoin). An honest server refuses such a join to an ordinary room (`sealed_room`).
   */
  expectsSeal(roomName) {
    const pending = this.pendingFor(roomName);
    if (pending) return Boolean(pending.createSealed || pending.secrets || pending.joinExtra?.sealed);
    return Boolean(this.store.room(roomName)?.sealed);
  }

  /**
   * A Joined without a valid seal answered a sealed join: the page does not stay (a hostile server or network would
   * otherwise get what it writes in the clear). The form is told, or a rejoined room fails: nothing can be written.
   */
  refuseUnsealed(frame) {
    this.send(encode.leave(frame.room));
    const pending = this.pendingFor(frame.room);
    if (pending) {
      this.pending = null;
      this.events.onJoinResult({ ok: false, text: unsealedAnswerText(frame.room, pending), request: pending });
      return;
    }
    const room = this.store.room(frame.room);
    if (!room) return;
    room.status = 'failed';
    room.problem = unsealedAnswerText(room.name, null);
    this.events.onRoomStatus(room, room.problem);
  }

  /**
   * Sends the form's join, if one waits (on a new connection once the server greeted us): with a password, first
   * SealInfo (a sealed room's password is never sent as typed).
   */
  sendPending() {
    if (!this.pending) return;
    const pending = this.pending;
    if ((pending.password || pending.createSealed) && !pending.secrets && pending.stage !== 'derived') {
      pending.stage = 'sealInfo';
      this.send(encode.sealInfo(pending.room));
      return;
    }
    const { room, nick, password, ownerPassword, secrets, joinExtra } = pending;
    this.send(this.joinFrame(room, nick, secrets ? secrets.password : password, null, ownerPassword,
      secrets ? { sealed: secrets.sealed } : joinExtra));
  }

  /** The answer to the form's SealInfo: derives a sealed room's secrets (a second or so), then joins. */
  async onSealInfo(frame) {
    const pending = this.pending;
    if (!pending || pending.stage !== 'sealInfo' || !sameRoomName(pending.room, frame.room)) return;
    pending.stage = 'deriving';
    this.events.onJoinProgress?.('Deriving the room key from the password…');
    let secrets;
    try {
      secrets = await this.sealed.secretsForJoin(pending.password, frame, pending.createSealed);
    } catch (error) {
      console.error('Safehouse: no sealed room key', error);
      if (this.pending !== pending) return;
      this.pending = null;
      this.events.onJoinResult({ ok: false, text: 'This page could not derive the room key here: ' + error.message });
      return;
    }
    if (this.pending !== pending) return; // given up or lost meanwhile
    pending.stage = 'derived';
    pending.secrets = secrets;
    if (this.isReady()) this.sendPending();
  }

  /** `extra`: more Join fields: a sealed room's `sealed`, an invite's { invite, sealed } or a rejoin's { sealed }. */
  joinFrame(room, nick, password, resume = null, ownerPassword = null, extra = null) {
    return encode.join(room, nick, password, resume, this.privateMessages().joinKeys(), ownerPassword, extra);
  }

  /** Joins `room` again on this connection, asking for what came after the newest message seen. */
  rejoin(room) {
    this.rejoinTimers.delete(room.name);
    room.status = 'rejoining';
    room.loadingOlder = false;
    const resume = { since: room.newestId, epoch: room.epoch };
    this.send(this.joinFrame(room.name, room.nick, room.password, resume, room.ownerPassword,
      room.sealed ? { ...room.rejoinExtra, sealed: true } : room.rejoinExtra));
    this.events.onRoomStatus(room, null);
  }

  /** Rejoins every room the lost connection left offline. */
  rejoinOffline() {
    for (const room of this.store.rooms.values()) {
      if (room.status === 'offline') this.rejoin(room);
    }
  }

  scheduleRejoin(room, delay) {
    this.cancelRejoin(room.name);
    this.rejoinTimers.set(room.name, setTimeout(() => {
      if (this.isReady() && this.store.room(room.name) === room) this.rejoin(room);
    }, delay));
  }

  cancelRejoin(name) {
    clearTimeout(this.rejoinTimers.get(name));
    this.rejoinTimers.delete(name);
  }

  /** The connection closed: every room is offline until the next one, and the form's join failed. */
  connectionLost({ code, wasOpen }) {
    for (const name of [...this.rejoinTimers.keys()]) this.cancelRejoin(name);
    const lost = code === CLUSTER_LOST ? 'This server lost touch with the others. Reconnecting to another…'
      : 'Connection lost. Reconnecting…';
    for (const room of this.store.rooms.values()) {
      if (room.status === 'failed') continue;
      const notice = room.status === 'joined' ? lost : null;
      room.status = 'offline';
      this.events.onRoomStatus(room, notice);
    }
    if (this.pending && code !== CLUSTER_LOST) { // sent again on the next connection
      this.pending = null;
      this.events.onJoinResult({ ok: false, text: closeExplanation(code, wasOpen) });
    }
  }

  /** A join with keys is answered with a Challenge: sign it to prove this browser holds the keys. */
  async onChallenge(frame) {
    const pending = this.pending;
    const room = this.store.room(frame.room);
    let nick = null;
    if (pending && sameRoomName(pending.room, frame.room)) nick = pending.nick;
    else if (room && room.status === 'rejoining') nick = room.nick;
    if (nick === null || !this.privateMessages().joinKeys()) return;
    const signature = await this.privateMessages().proveSignature(frame.challenge, frame.room, nick);
    this.send(encode.prove(frame.room, signature));
  }

  /** Applies a Joined: the form's join, or a rejoin after a reconnect. Returns the room, or null if it was left. */
  applyJoined(frame) {
    const pending = this.pending;
    let room = this.store.room(frame.room);
    if (pending && sameRoomName(pending.room, frame.room)) {
      this.pending = null;
      const fresh = !room;
      if (fresh) {
        room = this.store.addRoom({
          name: frame.room, title: frame.title, nick: frame.nick, password: joinPassword(pending),
          ownerPassword: pending.ownerPassword, users: frame.users,
        });
      } else {
        Object.assign(room, { password: joinPassword(pending), ownerPassword: pending.ownerPassword });
      }
      const changes = fresh ? null : room.replaceUsers(frame.users);
      Object.assign(room, { nick: frame.nick, title: frame.title || room.title, status: 'joined' });
      if (pending.rejoinExtra) room.rejoinExtra = pending.rejoinExtra; // an invite's key rejoins without it
      room.problem = null;
      room.rejoinTries = 0;
      if (fresh) room.hasOlder = Boolean(frame.hasMore);
      if (fresh) {
        this.feed.deliverHistory(room, frame, true);
        this.events.onRoomJoined(room, { rejoined: false, changes, gap: false });
      } else {
        this.events.onRoomJoined(room, { rejoined: true, changes, gap: room.newestId !== null });
        this.feed.deliverHistory(room, frame, false);
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
    this.feed.deliverHistory(room, frame, false);
    this.resendUnacked(room);
    return room;
  }

  /**
   * Sends again, with the same clientMsgId, the room messages whose Ack the lost connection never brought: the
   * server delivers each at most once, so the reader sees it once whether or not the first try arrived.
   */
  resendUnacked(room) {
    for (const { clientMsgId, text, sealed } of this.outbox.toResend(room.name)) {
      if (sealed) this.send(encode.sealedBroadcast(room.name, clientMsgId, sealed));
      else if (!room.sealed) this.send(encode.broadcast(room.name, text, clientMsgId)); // never a sealed room's text
    }
  }

  /**
   * An Error about a join: the form's (told to the form), a rejoin's (retried or given up), or not_in_room (the
   * server no longer counts us in: asked to be let back in as after a reconnect). False when it is about anything else.
   * Resolves once handled (a comeback of a browser a link admitted first looks for the room's key).
   */
  async onError(frame) {
    const pending = this.pending;
    if (pending && typeof frame.room === 'string' && sameRoomName(pending.room, frame.room)) {
      if (frame.code === 'cluster_unavailable') return true; // kept: 4011 follows, the next node gets it
      if (pending.stage === 'sealInfo' && frame.code === 'unknown_type' && !pending.createSealed) {
        pending.stage = 'derived'; // a server before sealed rooms: no room there is sealed
        if (this.isReady()) this.sendPending();
        return true;
      }
      if (frame.code === 'sealed_room' && mayComeBackAdmitted(pending)) {
        await this.comeBackAdmitted(pending, frame);
        return true;
      }
      this.joinRefused(pending, frame);
      return true;
    }
    const room = frame.room ? this.store.room(frame.room) : null;
    if (room && room.status === 'rejoining') {
      this.rejoinFailed(room, frame);
      return true;
    }
    if (room && frame.code === 'not_in_room') {
      this.rejoin(room);
      return true;
    }
    return false;
  }

  joinRefused(pending, frame) {
    this.pending = null;
    this.events.onJoinResult({ ok: false, frame, text: joinErrorText(frame, pending), request: pending });
    if (this.store.rooms.size === 0) this.disconnect();
  }

  /**
   * A join without a password was refused `sealed_room`. When this browser holds a key for the room, an invite link
   * let it in before (a reload since, or the link's one use spent): it asks once more as that admitted browser
   * (`sealed` and no password), which the server lets in by its proven key (docs/PROTOCOL.md "Invites"), and rejoins
   * so after a reconnect. Without a key, the refusal is told to the form.
   */
  async comeBackAdmitted(pending, frame) {
    const held = await this.sealed.holdsKey(pending.room).catch(() => false);
    if (this.pending !== pending) return; // given up or lost meanwhile
    if (!held) {
      this.joinRefused(pending, frame);
      return;
    }
    Object.assign(pending, { joinExtra: { sealed: true }, rejoinExtra: { sealed: true }, admittedRetry: true });
    if (this.isReady()) this.sendPending();
  }

  rejoinFailed(room, frame) {
    if (frame.code === 'cluster_unavailable') { // 4011 follows: rejoined on the next connection
      room.status = 'offline';
      return;
    }
    room.rejoinTries += 1;
    if (frame.code === 'name_taken' && room.rejoinTries <= REJOIN_RETRIES) {
      const notice = room.rejoinTries === 1
        ? `The nickname ${room.nick} is still held by the lost connection; trying again until the server lets it go…`
        : null;
      this.events.onRoomStatus(room, notice);
      this.scheduleRejoin(room, NAME_TAKEN_RETRY_MS);
      return;
    }
    if (BUSY_CODES.includes(frame.code) && room.rejoinTries <= REJOIN_RETRIES) {
      this.scheduleRejoin(room, Math.max(1000, frame.retryAfterMs || 5000));
      return;
    }
    room.status = 'failed';
    room.problem = errorMessage(frame);
    this.events.onRoomStatus(room, `Could not rejoin: ${room.problem}`);
  }
}

/** A password-less join from the form, not yet asked as sealed: it may come from a browser a link admitted. */
function mayComeBackAdmitted(pending) {
  return !pending.password && !pending.createSealed && !pending.joinExtra?.sealed && !pending.admittedRetry;
}

/** The words for a Joined without a seal that answered a sealed join (`pending`), or a rejoin (`pending` null). */
function unsealedAnswerText(roomName, pending) {
  if (pending?.createSealed) {
    return `A room named ${roomName} already exists and is not sealed, so you were not kept in it: what you wrote `
      + 'there would be readable by the server. Choose another name for a sealed room.';
  }
  return `The server let this page into ${roomName} as an ordinary room, though it is sealed, so the page left it: `
    + 'anything written there would be readable by the server. An honest server never does this; the server, or the '
    + 'network on the way to it, may be tampering with the connection.';
}

/** The words for a refused join; `sealed_room` means one thing to a join that meant to create a sealed room. */
function joinErrorText(frame, pending) {
  if (frame.code === 'wrong_password' && pending.admittedRetry) {
    return 'An invite link let this browser into the room before, but that no longer lets it in (the room\'s '
      + 'password changed, or the link\'s admission ended). Enter the room\'s password, or ask for a new link.';
  }
  if (frame.code === 'unknown_type' && pending.createSealed) {
    return 'This server does not offer sealed rooms, so none was created.';
  }
  if (frame.code === 'sealed_room' && pending.createSealed) {
    return 'A room of that name already exists and is not sealed, so you were not let in: what you wrote there '
      + 'would be readable by the server. Choose another name for a sealed room.';
  }
  return errorMessage(frame);
}

/** What a rejoin sends as the password: a sealed room's join verifier, never the password typed. */
function joinPassword(pending) {
  return pending.secrets ? pending.secrets.password : pending.password;
}

/** The server may canonicalise a room name (NFC, trimming); a Joined or Error still answers the form's Join. */
export function sameRoomName(a, b) {
  const canonical = (name) => name.normalize('NFC').trim().toLowerCase();
  return a === b || canonical(a) === canonical(b);
}

export function closeExplanation(code, wasOpen) {
  if (code === 1008) return 'The server refused this page (its address is not an allowed origin).';
  if (!wasOpen) return 'Could not reach the server. Check the connection and try again.';
  return `The connection closed (code ${code}) before the server answered. Try again.`;
}
