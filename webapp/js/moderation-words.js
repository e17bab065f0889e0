// The sentences the page shows about moderation: the system line of each RoomEvent ("bob was kicked by alice
// (moderator): spam") and what a removed member reads. Names stay separate parts ({ name }) so the view can isolate
// each in its own <bdi>; no DOM here.

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatTime = (ms) => timeFormat.format(new Date(ms));

/** Joins parts into plain text (names as they are), for tests and for titles. */
export const partsText = (parts) => parts.map((part) => (typeof part === 'string' ? part : part.name)).join('');

const name = (nick) => ({ name: nick });

/**
 * The system line of a RoomEvent as parts. `actorRole` is the actor's role when the event came (null when unknown:
 * the operator, or someone who left); the new role of a `role` event is in its reason ("moderator" or "member").
 */
export function eventParts(event, actorRole, format = formatTime) {
  const by = [' by ', name(event.actor), ...(actorRole && actorRole !== 'member' ? [` (${actorRole})`] : [])];
  const actor = by.slice(1);
  const target = event.target ? name(event.target) : 'someone';
  const until = typeof event.until === 'number' ? ` until ${format(event.until)}` : '';
  const reason = event.reason ? [`: ${event.reason}`] : [];
  switch (event.event) {
    case 'kick': return [target, ' was kicked', ...by, ...reason];
    case 'ban': return [target, ' was banned', ...by, until, ...reason].filter((part) => part !== '');
    case 'unban': return [...actor, ' lifted the ban on ', target];
    case 'mute': return [target, ' was muted', ...by, until, ...reason].filter((part) => part !== '');
    case 'unmute': return [target, ' was unmuted', ...by];
    case 'role': return event.reason === 'moderator' || event.reason === 'member'
      ? [...actor, ' made ', target, event.reason === 'moderator' ? ' a moderator' : ' a member']
      : [...actor, ' changed the role of ', target];
    case 'owner': return [...actor, ' handed the room over to ', target, ', its new owner'];
    case 'settings': return [...actor, ' changed the room settings'];
    case 'password': return [...actor, ' changed the room password'];
    default: return [...actor, ` did "${event.event}"`];
  }
}

/** What a member removed from a room reads (Removed frame); `room` is the room's title. */
export function removedParts(removed, room) {
  const by = removed.by ? [' by ', name(removed.by)] : [];
  const text = removed.text ? [`: ${removed.text}`] : [];
  switch (removed.reason) {
    case 'kicked': return ['You were removed from ', name(room), ...by, ...text];
    case 'banned': return ['You were banned from ', name(room), ...by, ...text];
    case 'deleted': return ['The room ', name(room), ' was deleted', ...by, ...text];
    case 'wiped': return ['This room was wiped. Its messages are gone from the server and from this page.'];
    default: return ['You are no longer in ', name(room)];
  }
}
