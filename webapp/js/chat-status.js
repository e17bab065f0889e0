// What the page says about the view being read, decided without the DOM: whether the composer may send and the hint
// it shows, the line about end-to-end encryption under a conversation's title, the room's connection state, and why
// a private message was refused. view-chat-header.js and the composer show these words.

const STATUS_WORDS = { offline: 'offline, reconnecting', rejoining: 'rejoining…', failed: 'not joined' };

/** ' · offline, reconnecting' and the like, or '' for a joined room. */
export function roomStatusSuffix(room) {
  return STATUS_WORDS[room.status] ? ` · ${STATUS_WORDS[room.status]}` : '';
}

/**
 * Whether the composer of a view may send now, and the hint it shows (the reason when it may not).
 * `privateMode` is PrivateMessages.mode(room, peer) for a conversation, null for the room itself.
 */
export function composerState(room, conversation, privateMode) {
  const peer = conversation?.peer;
  const online = conversation ? room.users.has(peer) : true;
  const mode = privateMode?.mode;
  let canSend = room.status === 'joined';
  if (conversation) {
    // An encrypted message to someone away waits on the server for their next proven join.
    canSend = canSend && (online || mode === 'encrypted') && (mode === 'encrypted' || mode === 'plain');
  }
  // An announcement room takes room messages from its owner and moderators only (private ones from anyone).
  const announcementsOnly = !conversation && !room.moderation.canPost();
  canSend = canSend && !announcementsOnly;
  const hint = room.status === 'failed' ? room.problem || 'You are not in this room.'
    : room.status !== 'joined' ? 'Waiting for the connection…'
      : announcementsOnly ? 'Only moderators may post in this room.'
        : !conversation && room.moderation.isMuted() ? 'You are muted in this room for now: room messages are refused.'
      : mode === 'changed' && privateMode.mustVerify
        ? `${peer}'s key changed since you verified ${peer}: nothing is sent until you verify ${peer} again.`
      : mode === 'changed' ? `${peer}'s key changed: nothing is sent until you accept it.`
        : mode === 'impossible' ? `${peer} has no encryption keys; this room allows only encrypted messages.`
          : conversation && !canSend ? `${peer} is not in the room.`
            : mode === 'encrypted' && !online
              ? `${peer} is away: an encrypted message waits on the server until ${peer} is back.`
              : mode === 'encrypted' ? `Encrypted private message to ${peer} (Enter sends)`
                : conversation ? `NOT encrypted private message to ${peer} (Enter sends)`
                  : 'Message (Enter sends, Shift+Enter new line)';
  return { canSend, hint };
}

/** The line under a conversation's title: encrypted or not, and the safety number to compare. */
export function securityLine(peer, { mode, safetyNumber, dropped, verified, mustVerify }) {
  const number = safetyNumber ? ` Safety number: ${safetyNumber}.` : '';
  const lines = {
    encrypted: verified ? `End-to-end encrypted, verified: you compared the safety number with ${peer}.${number}`
      : `End-to-end encrypted.${number} Compare it with ${peer} (Verify…) to be sure nobody is in between.`,
    plain: `Not encrypted: ${peer} has no encryption keys (or this browser has none). The server can read these messages.`,
    impossible: `${peer} has no encryption keys, and this room allows only end-to-end encrypted private messages.`,
    changed: dropped
      ? `Warning: ${peer} had encryption keys before and has none now. Nothing is sent to ${peer}.`
      : mustVerify ? `Warning: ${peer}'s key changed since you verified ${peer}. New safety number: ${safetyNumber}. `
        + `Nothing is sent until you verify it with ${peer} again (Verify…).`
      : `Warning: ${peer}'s key changed. New safety number: ${safetyNumber}. Compare it with ${peer}, then accept `
        + 'the new key to write again.',
  };
  return lines[mode];
}

export const ROOM_SECURITY_LINE = 'Room messages are not end-to-end encrypted: the server can read them.';
/** A sealed room's line: its messages are end-to-end encrypted under the room key (view-sealed.js says more). */
export const SEALED_ROOM_SECURITY_LINE = 'Room messages are end-to-end encrypted with the room key: the server cannot '
  + 'read them.';

/** Why an encrypted private message was refused (PrivateMessages.open's reason), for the warning shown instead. */
export function refusalReason(reason, peer) {
  return {
    signature: 'its signature does not verify, so it was altered or forged on the way',
    decryption: 'it cannot be decrypted, so it was altered on the way or was not encrypted for you',
    malformed: 'it is malformed',
    replayed: 'it is a replay: this message was already delivered once',
    'unknown-keys': `${peer}'s keys are not known to this page, so it cannot be checked`,
    'no-identity': 'this browser has no encryption keys to read it with',
  }[reason] || reason;
}
