// Invite links of sealed rooms (docs/PROTOCOL.md "Invites"): https://host/#join=<room>&k=<room key>&t=<token>&fp=<hex
// SHA-256 of the server's certificate>. Everything after '#' stays in the browser. Reading a link, writing one, and
// comparing its certificate fingerprint with the one the server announces. No DOM.

const TOKEN = /^[A-Za-z0-9_-]{43}$/; // base64url of 32 bytes, no padding
const ROOM_KEY = /^[A-Za-z0-9_-]{43}$/;
const FINGERPRINT = /^[0-9a-f]{64}$/;
const NAME_MAX = 64;

function fromBase64Url(text) {
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

function toBase64Url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * The invite a page address carries, or null when its fragment is no invite (no `join`). An invite that is
 * malformed is `{ problem }` (shown to the person; nothing is joined). Otherwise `{ room, token, roomKey, fp }`:
 * `roomKey` 32 bytes or null when the link has none, `fp` 64 lowercase hex digits or null.
 */
export function parseInvite(hash) {
  const parameters = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  if (!parameters.has('join')) return null;
  const room = (parameters.get('join') || '').trim();
  const token = parameters.get('t') || '';
  const key = parameters.get('k');
  const fp = (parameters.get('fp') || '').toLowerCase();
  if (!room || room.length > NAME_MAX) return { problem: 'This invite link names no room. Ask for a new link.' };
  if (!TOKEN.test(token)) {
    return { problem: 'This invite link is cut short or damaged (its token is wrong). Copy the whole link again.' };
  }
  if (key !== null && !ROOM_KEY.test(key)) {
    return { problem: 'This invite link is cut short or damaged (its room key is wrong). Copy the whole link again.' };
  }
  return {
    room, token, roomKey: key === null ? null : fromBase64Url(key), fp: FINGERPRINT.test(fp) ? fp : null,
  };
}

/**
 * The link for an invite: the page's own address (origin and path, where this page is served) with the fragment.
 * `roomKey` (32 bytes) and `fp` are left out when unknown.
 */
export function inviteLink(location, { room, token, roomKey = null, fp = null }) {
  const parameters = new URLSearchParams({ join: room });
  if (roomKey) parameters.set('k', toBase64Url(roomKey));
  parameters.set('t', token);
  if (fp) parameters.set('fp', fp);
  return `${location.origin}${location.pathname}#${parameters.toString()}`;
}

/**
 * How the link's fingerprint compares with what the server announced in Hello: 'match', 'mismatch', 'unannounced'
 * (the server names no certificate: TLS is done by a proxy or a container), or 'absent' (the link has none).
 */
export function certificateCheck(linkFingerprint, announced) {
  if (!linkFingerprint) return 'absent';
  if (typeof announced !== 'string' || !FINGERPRINT.test(announced)) return 'unannounced';
  return linkFingerprint === announced ? 'match' : 'mismatch';
}

/** The fingerprint as a person compares it with the browser's certificate viewer: AB:CD:… in pairs. */
export function fingerprintForPeople(hex) {
  return hex.toUpperCase().match(/../g).join(':');
}

/** A nickname for someone who opened a link and typed nothing: guest- and four random hex digits. */
export function guestNickname(random = (bytes) => crypto.getRandomValues(bytes)) {
  const bytes = random(new Uint8Array(2));
  return `guest-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Invite choices the page offers: uses, and expiry in milliseconds (the server allows 1 to 100, 1 min to 30 days). */
export const INVITE_USES = [1, 5, 25, 100];
export const INVITE_EXPIRY = [
  { label: '1 hour', ms: 3_600_000 }, { label: '1 day', ms: 86_400_000 }, { label: '7 days', ms: 604_800_000 },
  { label: '30 days', ms: 2_592_000_000 },
];
