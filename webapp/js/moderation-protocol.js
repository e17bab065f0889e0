// The frames of rooms with owners and moderation (docs/PROTOCOL.md, "Rooms with owners and moderation"): building
// what an owner or moderator sends, the shapes of what the server sends about roles, settings, sanctions and
// removals, and the words shown for their error codes. protocol.js merges these in; no DOM, no socket.

import {
  isBoolean, isNumber, isObject, isString, isStringArray, oneOf, optional,
} from './frame-checks.js';

export const ROLES = Object.freeze(['owner', 'moderator', 'member']);
export const POST_POLICIES = Object.freeze(['everyone', 'moderators']);
export const BAN_KINDS = Object.freeze(['key', 'nick', 'address']);
export const ROOM_EVENTS = Object.freeze(
  ['kick', 'ban', 'unban', 'mute', 'unmute', 'role', 'owner', 'settings', 'password']);
export const REMOVAL_REASONS = Object.freeze(['kicked', 'banned', 'deleted', 'wiped']);

/** The server's limits on what a moderator types (the page checks them too, to say so before sending). */
export const MODERATION_LIMITS = Object.freeze({
  topicChars: 300,
  reasonChars: 200,
  maxMembers: 10_000_000,
  minSanctionMs: 60_000,
  maxSanctionMs: 31_536_000_000,
  minWipePasswordChars: 8,
});

const frame = (msgType, room, fields) => JSON.stringify({ msgType, room, ...withoutEmpty(fields) });

/** Drops absent optional fields (undefined, null, and an empty reason), so only what was meant is sent. */
function withoutEmpty(fields) {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null));
}

const reasonOrNull = (reason) => (isString(reason) && reason.trim() ? reason.trim() : null);

export const encodeModeration = {
  /** `changes`: only the fields to change (topic, password, maxMembers, postPolicy, historyForNewcomers). */
  roomSettings: (room, changes) => frame('RoomSettings', room, {
    topic: changes.topic, password: changes.password, maxMembers: changes.maxMembers,
    postPolicy: changes.postPolicy, historyForNewcomers: changes.historyForNewcomers,
    salt: changes.salt, // a sealed room's new salt, with its new verifier (sealed-rooms.js)
  }),
  setRole: (room, nick, role) => frame('SetRole', room, { nick, role }),
  transferOwnership: (room, nick) => frame('TransferOwnership', room, { nick }),
  kick: (room, nick, reason) => frame('Kick', room, { nick, reason: reasonOrNull(reason) }),
  /** `kinds` absent bans by all three; `durationMs` absent bans until unbanned. */
  ban: (room, nick, { kinds = null, durationMs = null, reason = null } = {}) => frame('Ban', room, {
    nick, kinds, reason: reasonOrNull(reason), durationMs,
  }),
  unban: (room, banId) => frame('Unban', room, { banId }),
  listBans: (room) => frame('ListBans', room, {}),
  mute: (room, nick, durationMs) => frame('Mute', room, { nick, durationMs }),
  unmute: (room, nick) => frame('Unmute', room, { nick }),
  deleteRoom: (room, confirm) => frame('DeleteRoom', room, { confirm }),
  /** `salt`: a sealed room's new salt, with `newPassword` its new verifier (sealed-rooms.js); absent otherwise. */
  wipeRoom: (room, confirm, newPassword, salt) => frame('WipeRoom', room, { confirm, newPassword, salt }),
};

const isRoleMap = (value) => isObject(value) && Object.values(value).every(oneOf('owner', 'moderator'));
const isRoomSettings = (value) => isObject(value) && optional(isNumber)(value.maxMembers)
  && optional(oneOf(...POST_POLICIES))(value.postPolicy) && optional(isBoolean)(value.historyForNewcomers);
const isBan = (ban) => isObject(ban) && isString(ban.id) && isStringArray(ban.kinds) && isString(ban.label)
  && optional(isString)(ban.reason) && isString(ban.by) && optional(isNumber)(ban.until);

/** What Joined carries about the room's rules, beside its fields in protocol.js. */
export const JOINED_MODERATION_FIELDS = {
  role: optional(oneOf(...ROLES)), topic: optional(isString), settings: optional(isRoomSettings),
  roles: optional(isRoleMap),
};

export const MODERATION_SHAPES = {
  Settings: {
    room: isString, topic: optional(isString), password: optional(isBoolean), settings: optional(isRoomSettings),
    by: optional(isString),
  },
  Roles: { room: isString, roles: isRoleMap },
  RoomEvent: {
    room: isString, id: isString, ts: isNumber, event: oneOf(...ROOM_EVENTS), actor: isString,
    target: optional(isString), reason: optional(isString), until: optional(isNumber),
  },
  Removed: { room: isString, reason: oneOf(...REMOVAL_REASONS), by: optional(isString), text: optional(isString) },
  Bans: { room: isString, bans: Array.isArray },
};

/** Completes a decoded moderation frame: one bad ban entry is dropped alone, not the whole list. */
export function normaliseModeration(decoded) {
  if (decoded.msgType === 'Bans') decoded.bans = decoded.bans.filter(isBan);
  return decoded;
}

/** "about 5 minutes", "2 hours", "3 days": a wait of `ms` rounded up, for people. */
export function durationWords(ms) {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  if (hours < 48) return hours === 1 ? '1 hour' : `${hours} hours`;
  return `${Math.ceil(hours / 24)} days`;
}

export const MODERATION_MESSAGES = {
  not_allowed: () => 'Not done: your role in this room does not allow that.',
  unknown_member: () => 'Not done: that person is not in the room (or that ban no longer exists).',
  banned: () => 'You are banned from this room.',
  muted: (error) => (isNumber(error.retryAfterMs)
    ? `Not sent: you are muted in this room for another ${durationWords(error.retryAfterMs)}.`
    : 'Not sent: you are muted in this room.'),
  moderators_only: () => 'Not sent: only moderators may post in this room.',
  confirm_mismatch: () => 'Not done: the confirmation must be the name of the room, exactly.',
};
