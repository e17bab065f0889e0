// Per-person fingerprints and the safety number of a pair, in the way of Signal's "numeric fingerprints": each side
// contributes 30 digits made from its own public key only, by iterated SHA-512, and the safety number is the two
// halves side by side (60 digits). docs/SECURITY.md gives the design and what a collision costs.
//
//   h0      = SHA-512(0x00 0x00 || SPKI || UTF-8 "safehouse-fingerprint-v2")
//   h(i+1)  = SHA-512(h(i) || SPKI), 5199 times (5200 hashes in all)
//   digits  = bytes 0..29 of the last h as six 5-byte big-endian numbers, each mod 100000, zero-padded to 5 digits
//
// SPKI is the DER SubjectPublicKeyInfo of the person's signing key (their identity key when they have one, see
// trust.js personKeyOf); it names its algorithm itself (Ed25519 or EC P-256), so the algorithm needs no bytes of its
// own. The iteration makes every guess in a search for a colliding key cost 5200 hashes on top of a key generation.

import { fromBase64, utf8 } from './bytes.js';

const VERSION_PREFIX = new Uint8Array([0, 0]);
const LABEL = utf8('safehouse-fingerprint-v2');
export const ITERATIONS = 5200;
export const DIGITS = 30;
const CACHE_KEPT = 1000;

const cache = new Map(); // SPKI (base64) -> Promise<30 digits>; public values only

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

async function compute(spki) {
  const key = fromBase64(spki);
  let hash = new Uint8Array(await crypto.subtle.digest('SHA-512', concat(VERSION_PREFIX, key, LABEL)));
  const buffer = new Uint8Array(hash.length + key.length);
  buffer.set(key, hash.length);
  for (let round = 1; round < ITERATIONS; round += 1) {
    buffer.set(hash, 0);
    hash = new Uint8Array(await crypto.subtle.digest('SHA-512', buffer));
  }
  let digits = '';
  for (let chunk = 0; chunk < DIGITS / 5; chunk += 1) {
    let value = 0;
    for (let index = 0; index < 5; index += 1) value = value * 256 + hash[chunk * 5 + index]; // 40 bits: exact
    digits += String(value % 100000).padStart(5, '0');
  }
  return digits;
}

/** The 30 digits of a person's signing key (base64 SPKI). */
export function personFingerprint(spki) {
  let digits = cache.get(spki);
  if (!digits) {
    digits = compute(spki);
    digits.catch(() => cache.delete(spki));
    cache.set(spki, digits);
    if (cache.size > CACHE_KEPT) cache.delete(cache.keys().next().value);
  }
  return digits;
}

/** The 60-digit safety number of two people: both 30-digit halves, the lower first, so both sides read the same. */
export function safetyNumberOf(fingerprintA, fingerprintB) {
  return fingerprintA < fingerprintB ? fingerprintA + fingerprintB : fingerprintB + fingerprintA;
}

/** 60 digits as twelve groups of five, for reading aloud. */
export function groupedDigits(digits) {
  return digits.match(/.{1,5}/g).join(' ');
}

const QR_PREFIX = 'safehouse-verify:1:';

/**
 * What the QR code of a conversation carries: `safehouse-verify:1:<room>:<nick>:<60 digits>`, room (canonical) and
 * nick (the one showing the code) percent-encoded, so a scan from the wrong conversation or person is told apart.
 */
export function verificationCode(roomCanonical, shownBy, safetyNumber) {
  return `${QR_PREFIX}${encodeURIComponent(roomCanonical)}:${encodeURIComponent(shownBy)}:${safetyNumber}`;
}

/** The parts of a scanned code, or null when it is not one of ours. */
export function parseVerificationCode(text) {
  if (typeof text !== 'string' || !text.startsWith(QR_PREFIX) || text.length > 1000) return null;
  const parts = text.slice(QR_PREFIX.length).split(':');
  if (parts.length !== 3 || !/^\d{60}$/.test(parts[2])) return null;
  try {
    return { room: decodeURIComponent(parts[0]), shownBy: decodeURIComponent(parts[1]), safetyNumber: parts[2] };
  } catch {
    return null;
  }
}
