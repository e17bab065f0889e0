// The wire protocol of docs/PROTOCOL.md (modern endpoint /chat): building client frames, checking server frames,
// and the words shown to people for each error code. Knows nothing of the DOM or of the socket.

import {
  fits, isBoolean, isNumber, isObject, isString, isStringArray, optional,
} from './frame-checks.js';
import {
  encodeSealed, isRoomMessageBody, SEALED_MESSAGES, SEALED_SHAPES,
} from './sealed-protocol.js';
import {
  encodeModeration, JOINED_MODERATION_FIELDS, MODERATION_MESSAGES, MODERATION_SHAPES, normaliseModeration,
} from './moderation-protocol.js';

export const PROTOCOL_VERSION = 1;

export const encode = {
  /**
   * `resume` ({ since, epoch }) asks for the room messages after `since`, when the epoch is still the same. `keys`
   * (this browser's public keys, or null) make the join a proven one; a room this join creates then requires
   * end-to-end encryption. `ownerPassword` (a page without keys) makes a room it creates owned by that password, and
   * claims the owner's role in a room created so. `extra`: more fields, e.g. `sealed` (sealed-protocol.js): true
   * joins a sealed room, a seal ({ salt, kdf }) creates one, `password` then being the join verifier.
   */
  join: (room, nick, password, resume = null, keys = null, ownerPassword = null, extra = null) => JSON.stringify({
    msgType: 'Join', version: PROTOCOL_VERSION, room, nick, password: password || null,
    ...(resume && resume.since && resume.epoch ? { since: resume.since, epoch: resume.epoch } : {}),
    ...(keys ? { keys, requireEncryption: true } : {}),
    ...(ownerPassword ? { ownerPassword } : {}),
    ...(extra || {}), // e.g. { invite, sealed: true } (invite-channel.js)
  }),
  prove: (room, signature) => JSON.stringify({ msgType: 'Prove', room, signature }),
  olderHistory: (room, before, limit = 50) => JSON.stringify({ msgType: 'History', room, before, limit }),
  /** The rest of a resume the server cut short (History.continueAfter), one page at a time. */
  newerHistory: (room, after, limit = 100) => JSON.stringify({ msgType: 'History', room, after, limit }),
  leave: (room) => JSON.stringify({ msgType: 'Leave', room }),
  /** `clientMsgId` makes the send idempotent: the server acknowledges it and ignores a repeat (after a reconnect). */
  broadcast: (room, text, clientMsgId) => JSON.stringify({ msgType: 'Broadcast', room, text, clientMsgId }),
  privateMessage: (room, target, text) => JSON.stringify({ msgType: 'PrivateMessage', room, TgtUser: target, text }),
  /** `sealed`: clientMsgId, ciphertext, iv, counter, signature (see e2e.js). */
  encryptedPrivateMessage: (room, target, sealed) => JSON.stringify({
    msgType: 'PrivateMessage', room, TgtUser: target, ...sealed,
  }),
  listRooms: () => JSON.stringify({ msgType: 'ListRooms' }),
  createInvite: (room, maxUses, expiresInMs) => JSON.stringify({ msgType: 'CreateInvite', room, maxUses, expiresInMs }),
  listInvites: (room) => JSON.stringify({ msgType: 'ListInvites', room }),
  revokeInvite: (room, inviteId) => JSON.stringify({ msgType: 'RevokeInvite', room, inviteId }),
  ping: (token) => JSON.stringify({ msgType: 'Ping', token }),
  ...encodeModeration,
  ...encodeSealed,
};

// `text` is absent from a sealed room's message (`sealed` instead: sealed-protocol.js).
const BROADCAST = {
  id: isString, room: isString, ts: isNumber, SrcUser: isString, text: optional(isString), sealed: optional(isObject),
  clientMsgId: optional(isString),
};
const isBroadcast = (message) => message !== null && typeof message === 'object' && fits(message, BROADCAST)
  && isRoomMessageBody(message);

// Required shape of each server frame this client understands; a frame that does not fit is dropped (and logged)
// rather than half-applied.
const SHAPES = {
  Hello: { versions: optional(Array.isArray), certificate: optional(isString) },
  Invite: {
    room: isString, inviteId: isString, token: isString, maxUses: isNumber, usesLeft: isNumber, expires: isNumber,
  },
  Invites: { room: isString, invites: Array.isArray },
  Joined: {
    room: isString, title: optional(isString), nick: isString, users: isStringArray, epoch: optional(isString),
    history: optional(Array.isArray), hasMore: optional(isBoolean), recovered: optional(isBoolean),
    keys: optional(isObject), requireEncryption: optional(isBoolean), seal: optional(isObject),
    ...JOINED_MODERATION_FIELDS,
  },
  Challenge: { room: isString, challenge: isString },
  History: {
    room: isString, epoch: optional(isString), messages: Array.isArray, hasMore: optional(isBoolean),
    continueAfter: optional(isString),
  },
  Left: { room: isString },
  Broadcast: BROADCAST,
  // `text` is absent from an end-to-end encrypted private message (ciphertext, iv, counter, signature instead).
  PrivateMessage: {
    id: isString, room: isString, ts: isNumber, SrcUser: isString, TgtUser: optional(isString), text: optional(isString),
    clientMsgId: optional(isString), ciphertext: optional(isString), iv: optional(isString),
    counter: optional(isNumber), signature: optional(isString), queued: optional(isBoolean),
    SrcDevice: optional(isString), TgtDevice: optional(isString), // devices.js: which device sent it, and to which
  },
  Presence: {
    room: isString, joined: optional(isStringArray), left: optional(isStringArray), keys: optional(isObject),
  },
  OnlineUsers: { room: optional(isString), Users: isStringArray },
  Rooms: { rooms: Array.isArray },
  Pong: { token: optional(isString) },
  Ack: { room: isString, clientMsgId: isString, id: optional(isString) },
  Error: { code: isString, text: optional(isString), room: optional(isString), retryAfterMs: optional(isNumber) },
  ...MODERATION_SHAPES,
  ...SEALED_SHAPES,
};

/**
 * Parses one text frame. Returns the frame object, or null for anything this client does not understand
 * (not JSON, no known msgType, wrong field types). Ragnarok's {"ServerName": ...} has no msgType and is ignored.
 */
export function decode(data) {
  if (!isString(data)) return null;
  let frame;
  try {
    frame = JSON.parse(data);
  } catch {
    console.warn('Safehouse: a frame that is not JSON was ignored');
    return null;
  }
  if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) return null;
  const shape = SHAPES[frame.msgType];
  if (!shape) return null;
  for (const [field, check] of Object.entries(shape)) {
    if (!check(frame[field])) {
      console.warn(`Safehouse: ${frame.msgType} frame with a bad ${field} was ignored`);
      return null;
    }
  }
  if (frame.msgType === 'Broadcast' && !isRoomMessageBody(frame)) {
    console.warn('Safehouse: Broadcast frame with neither text nor sealed was ignored');
    return null;
  }
  if (frame.msgType === 'Presence') {
    frame.joined = frame.joined || [];
    frame.left = frame.left || [];
  }
  // History pages hold Broadcast frames; one that does not fit is dropped alone, not the whole page.
  if (frame.msgType === 'Joined') frame.history = (frame.history || []).filter(isBroadcast);
  if (frame.msgType === 'History') frame.messages = frame.messages.filter(isBroadcast);
  if (frame.msgType === 'Rooms') frame.rooms = frame.rooms.filter((room) => room && isString(room.name));
  return normaliseModeration(frame);
}

/** Whole seconds to wait, rounded up, from an Error's retryAfterMs (at least 1 when present). */
export function retrySeconds(frame) {
  return isNumber(frame.retryAfterMs) ? Math.max(1, Math.ceil(frame.retryAfterMs / 1000)) : null;
}

function waitPhrase(frame) {
  const seconds = retrySeconds(frame);
  if (seconds === null) return 'Try again in a little while.';
  return seconds === 1 ? 'Try again in 1 second.' : `Try again in ${seconds} seconds.`;
}

const MESSAGES = {
  wrong_password: () => 'Wrong password for this room.',
  no_password_expected: (frame) =>
    `The room ${isString(frame.room) ? frame.room : ''} has no password, though you gave one. It may not be the room `
    + 'you mean: someone else may have opened a room of that name. You were not let in.',
  name_taken: () => 'Someone in this room already uses that nickname. Choose another one.',
  server_busy: (frame) => `The server is busy checking other passwords. ${waitPhrase(frame)}`,
  cluster_unavailable: () => 'This server lost touch with the others; connecting to another one…',
  throttled: (frame) => `Too many wrong passwords were tried recently. ${waitPhrase(frame)}`,
  room_full: () => 'This room is full.',
  bad_nickname: () =>
    'That nickname is not allowed: use 1 to 32 characters, without control, invisible or direction-changing ones.',
  bad_room_name: () => 'That room name is not allowed: use 1 to 64 characters, without control characters.',
  no_such_room: () => 'There is no room by that name, and this server does not let people create rooms.',
  already_joined: () => 'You are already in this room.',
  too_many_rooms: () => 'You are in as many rooms as this server allows. Leave one first.',
  incompatible_version: (frame) =>
    `This page and the server speak different protocol versions (page: ${PROTOCOL_VERSION}, server: ` +
    `${Array.isArray(frame.versions) ? frame.versions.join(', ') : 'unknown'}). Reload the page.`,
  rate_limited: (frame) => `Not sent: you are sending too fast. ${waitPhrase(frame)}`,
  text_too_long: () => 'Not sent: that message is longer than this server allows.',
  bad_text: () => 'Not sent: the message contains control characters (only tab and new line are allowed).',
  unknown_recipient: () => 'Not sent: that person is no longer in the room.',
  not_in_room: () => 'You are not in that room any more.',
  keys_required: () =>
    'This room accepts only members with end-to-end encryption keys, and this browser has none (they need a '
    + 'secure page: https, or localhost).',
  encryption_required: () => 'Not sent: this room accepts only end-to-end encrypted private messages.',
  mailbox_full: () =>
    'Not sent: too many private messages are already waiting (from you, or for that person). '
    + 'Try again when they are back.',
  bad_keys: () => 'The server refused the encryption keys.',
  bad_signature: () => 'The server refused the proof of identity. Join again.',
  invite_invalid: () =>
    'This invite link does not work any more: it expired, was used up or revoked, or the room\'s password changed '
    + 'since it was made. Ask for a new link.',
  ...MODERATION_MESSAGES,
  ...SEALED_MESSAGES,
};

/** The sentence shown to a person for an Error frame. */
export function errorMessage(frame) {
  const known = MESSAGES[frame.code];
  if (known) return known(frame);
  const detail = isString(frame.text) && frame.text ? `: ${frame.text}` : '';
  return `The server answered "${frame.code}"${detail}`;
}

/** Errors that mean the text just sent was not delivered, so the composer gets it back. */
export const UNSENT_CODES = new Set([
  'rate_limited', 'text_too_long', 'bad_text', 'unknown_recipient', 'bad_field', 'bad_json', 'encryption_required',
  'keys_required', 'mailbox_full', 'muted', 'moderators_only',
]);
