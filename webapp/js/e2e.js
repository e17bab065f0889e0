// End-to-end encryption of one private message, as docs/SECURITY.md describes it. Pure functions over WebCrypto:
// who pinned what, and which counters were seen, is decided elsewhere (trust.js, replay.js).
//
//   key   = HKDF-SHA-256(ECDH(my agreement key, peer's agreement key), salt: none,
//                        info: JSON ["safehouse-pm-v1", room, first nickname, second nickname] (sorted))
//   AAD   = JSON ["safehouse-pm-v2", room, sender, recipient, clientMsgId, counter]
//   body  = AES-256-GCM(key, fresh random 96-bit IV, UTF-8 JSON {"v":2,"text":...,"sentAt":ms}, AAD)
//   sig   = sender's signature over JSON ["safehouse-pm-sig-v2", iv, ciphertext, AAD] (iv and ciphertext base64)
// Both sides of a conversation derive the same key, so a sender can also read its own copies (after a reload).
// Envelope v2 puts the sender's clock inside what is encrypted and signed, so a message the server keeps and
// delivers again shows when it was written, not when it came. Version 1 (plaintext = the bare text, contexts
// "safehouse-pm-v1" / "safehouse-pm-sig-v1") is still opened, for messages stored before v2: the contexts differ,
// so a v1 message cannot be passed off as v2 or the other way round. The key derivation is the same for both.
// A copy a person sends to their own other device (sender = recipient = own nickname, devices.js) carries in the v2
// plaintext also "peer": the other party of the conversation it belongs to; encrypted and signed like the rest.

import { fromBase64, fromUtf8, labelled, toBase64, utf8 } from './bytes.js';
import { signatureAlgorithm, signingImportAlgorithm } from './identity.js';

export const CONTEXT = 'safehouse-pm-v1'; // the key derivation's label, both versions
const ENVELOPES = Object.freeze({
  2: { context: 'safehouse-pm-v2', signature: 'safehouse-pm-sig-v2' },
  1: { context: 'safehouse-pm-v1', signature: 'safehouse-pm-sig-v1' },
});
export const ENVELOPE_VERSION = 2;
const IV_BYTES = 12;
const subtle = () => crypto.subtle;

const keyCache = new Map(); // derived AES keys, by (room, nicknames, peer agreement key); never leave memory

/** JS string order (UTF-16 code units), the same on both sides. */
function sortedPair(a, b) {
  return a < b ? [a, b] : [b, a];
}

async function conversationKey(identity, peerAgreement, room, sender, recipient) {
  const names = sortedPair(sender, recipient);
  const cacheKey = JSON.stringify([room, ...names, peerAgreement, identity.record.agreement]);
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = (async () => {
      const peerKey = await subtle().importKey('spki', fromBase64(peerAgreement),
        { name: 'ECDH', namedCurve: 'P-256' }, false, []);
      const secret = await subtle().deriveBits({ name: 'ECDH', public: peerKey }, identity.agreementPrivateKey, 256);
      const hkdf = await subtle().importKey('raw', secret, 'HKDF', false, ['deriveKey']);
      return subtle().deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: labelled(CONTEXT, room, ...names) },
        hkdf, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    })();
    key.catch(() => keyCache.delete(cacheKey));
    keyCache.set(cacheKey, key);
  }
  return key;
}

export function associatedData({ room, sender, recipient, clientMsgId, counter }, version = ENVELOPE_VERSION) {
  return JSON.stringify([ENVELOPES[version].context, room, sender, recipient, clientMsgId, counter]);
}

function signedBytes(iv, ciphertext, aad, version) {
  return labelled(ENVELOPES[version].signature, iv, ciphertext, aad);
}

/** The v2 plaintext: the text and the sender's clock (and, in a copy for one's own device, the peer), as UTF-8 JSON. */
export function envelopeBytes(text, sentAt, peer = null) {
  return utf8(JSON.stringify(peer === null ? { v: 2, text, sentAt } : { v: 2, text, sentAt, peer }));
}

/** The text and time of a v2 plaintext, or null when it is not one. */
function parseEnvelope(bytes) {
  let envelope;
  try {
    envelope = JSON.parse(fromUtf8(bytes));
  } catch {
    return null;
  }
  if (!envelope || envelope.v !== 2 || typeof envelope.text !== 'string' || !Number.isSafeInteger(envelope.sentAt)
    || envelope.sentAt < 0 || (envelope.peer !== undefined && typeof envelope.peer !== 'string')) {
    return null;
  }
  return { text: envelope.text, sentAt: envelope.sentAt, peer: envelope.peer ?? null };
}

/**
 * Encrypts and signs `text` from `sender` (this browser) to `recipient`, whose public keys are `recipientKeys`, as a
 * v2 envelope written at `sentAt` (this browser's clock, ms).
 * @return the encrypted fields of a PrivateMessage frame
 */
export async function sealMessage({
  identity, recipientKeys, room, sender, recipient, text, clientMsgId, counter, sentAt = Date.now(), peer = null,
}) {
  const key = await conversationKey(identity, recipientKeys.agreement, room, sender, recipient);
  const aad = associatedData({ room, sender, recipient, clientMsgId, counter });
  const ivBytes = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await subtle().encrypt({ name: 'AES-GCM', iv: ivBytes, additionalData: utf8(aad) }, key,
    envelopeBytes(text, sentAt, peer));
  const iv = toBase64(ivBytes);
  const ciphertext = toBase64(sealed);
  const signature = await identity.sign(signedBytes(iv, ciphertext, aad, ENVELOPE_VERSION));
  return { clientMsgId, ciphertext, iv, counter, signature };
}

async function verifies(signerKeys, signature, bytes) {
  try {
    const verifier = await subtle().importKey('spki', fromBase64(signerKeys.signing),
      signingImportAlgorithm(signerKeys.algorithm), false, ['verify']);
    return await subtle().verify(signatureAlgorithm(signerKeys.algorithm), verifier, fromBase64(signature), bytes);
  } catch {
    return false;
  }
}

/**
 * Checks and opens an encrypted PrivateMessage frame, v2 or v1. `peerKeys` are the other party's public keys (for
 * the key agreement), `signerKeys` the sender's (the peer's, or this browser's own for its own copies).
 * @return { ok: true, text, sentAt, version } (`sentAt`: the signed time of a v2 message, null for v1) or
 *   { ok: false, reason: 'malformed' | 'signature' | 'decryption' }
 */
export async function openMessage({ identity, peerKeys, signerKeys, room, sender, recipient, frame }) {
  const { clientMsgId, ciphertext, iv, counter, signature } = frame;
  if (typeof clientMsgId !== 'string' || typeof ciphertext !== 'string' || typeof iv !== 'string'
    || !Number.isSafeInteger(counter) || typeof signature !== 'string') {
    return { ok: false, reason: 'malformed' };
  }
  const message = { room, sender, recipient, clientMsgId, counter };
  let version = null;
  for (const candidate of [2, 1]) {
    const signed = signedBytes(iv, ciphertext, associatedData(message, candidate), candidate);
    if (await verifies(signerKeys, signature, signed)) {
      version = candidate;
      break;
    }
  }
  if (version === null) return { ok: false, reason: 'signature' };
  const aad = associatedData(message, version);
  let plain;
  try {
    const ivBytes = fromBase64(iv);
    if (ivBytes.length !== IV_BYTES) return { ok: false, reason: 'malformed' };
    const key = await conversationKey(identity, peerKeys.agreement, room, sender, recipient);
    plain = new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: ivBytes, additionalData: utf8(aad) }, key,
      fromBase64(ciphertext)));
  } catch {
    return { ok: false, reason: 'decryption' };
  }
  if (version === 1) {
    try {
      return { ok: true, text: fromUtf8(plain), sentAt: null, version };
    } catch {
      return { ok: false, reason: 'malformed' };
    }
  }
  const envelope = parseEnvelope(plain);
  if (!envelope) return { ok: false, reason: 'malformed' };
  const opened = { ok: true, text: envelope.text, sentAt: envelope.sentAt, version };
  return envelope.peer === null ? opened : { ...opened, peer: envelope.peer };
}
