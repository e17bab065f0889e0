// What the page knows of one room's rules: its topic and settings, this person's role, the roles of the members
// online, the ban list when asked for, and whether this person is muted. And who may do what, by role, exactly as
// the server decides it (DESIGN: the server checks every action anyway; the page only hides what would be refused).
// No DOM.

export const DEFAULT_SETTINGS = Object.freeze({ maxMembers: 0, postPolicy: 'everyone', historyForNewcomers: true });

const STAFF = new Set(['owner', 'moderator']);

/** Topic: owner and moderators. */
export const mayChangeTopic = (role) => STAFF.has(role);
/** Password, member limit, who may post, history for newcomers; roles, ownership, deleting and wiping: the owner. */
export const mayRunRoom = (role) => role === 'owner';
/** Kick, ban, unban, the ban list, mute, unmute: owner and moderators. */
export const mayModerate = (role) => STAFF.has(role);

/**
 * Whether someone of `actorRole` may kick, ban or mute someone of `targetRole`: nobody acts on themselves, and a
 * moderator may not act on the owner or another moderator.
 */
export function mayActOn(actorRole, targetRole, self) {
  if (self || !mayModerate(actorRole)) return false;
  return actorRole === 'owner' ? targetRole !== 'owner' : targetRole === 'member';
}

export class RoomModeration {
  constructor() {
    this.role = 'member';
    this.topic = '';
    this.hasPassword = null; // unknown until a Settings frame says
    this.settings = { ...DEFAULT_SETTINGS };
    this.roles = new Map(); // nickname -> 'owner' | 'moderator', members online only
    this.bans = null; // the last Bans list, or null until one was asked for
    this.mutedUntil = null; // ms since the epoch, when a RoomEvent said this person was muted
    this.version = 0; // bumped on every change, so views redraw only when needed
  }

  applyJoined(frame) {
    this.role = frame.role || 'member';
    this.topic = frame.topic || '';
    this.settings = { ...DEFAULT_SETTINGS, ...(frame.settings || {}) };
    this.roles = new Map(Object.entries(frame.roles || {}));
    this.bans = null;
    this.version += 1;
  }

  applySettings(frame) {
    if (typeof frame.topic === 'string') this.topic = frame.topic;
    if (typeof frame.password === 'boolean') this.hasPassword = frame.password;
    if (frame.settings) this.settings = { ...this.settings, ...frame.settings };
    this.version += 1;
  }

  /** A Roles frame: the full map of the online members' roles; `ownNick`'s role comes from it too. */
  applyRoles(frame, ownNick) {
    this.roles = new Map(Object.entries(frame.roles));
    this.role = this.roles.get(ownNick) || 'member';
    this.version += 1;
  }

  applyBans(frame) {
    this.bans = frame.bans;
    this.version += 1;
  }

  /** Notes what a RoomEvent changes for this person: being muted or unmuted. */
  noteEvent(event, ownNick) {
    if (event.target !== ownNick) return;
    if (event.event === 'mute') this.mutedUntil = typeof event.until === 'number' ? event.until : null;
    if (event.event === 'unmute') this.mutedUntil = null;
    this.version += 1;
  }

  roleOf(nick) {
    return this.roles.get(nick) || 'member';
  }

  /** Whether this person may post room messages (an announcement room takes them from moderators only). */
  canPost() {
    return this.settings.postPolicy !== 'moderators' || STAFF.has(this.role);
  }

  isMuted(now = Date.now()) {
    return this.mutedUntil !== null && now < this.mutedUntil;
  }
}
