// End-to-end encryption of one private message, as docs/SECURITY.md describes it. Pure functions over WebCrypto:
// who pinned what, and which counters were seen, is decided elsewhere (trust.js, replay.js).
//
//   key   = HKDF-SHA-256(ECDH(my agreement key, peer's agreement key), salt: none,
//                        info: JSON ["safehouse-pm-v1", room, first nickname, second nickname] (sorted))
//   AAD   = JSON ["safehouse-pm-v1", room, sender, recipient, clientMsgId, counter]
//   body  = AES-256-GCM(key, fresh random 96-bit IV, UTF-8 text, AAD)
//   sig   = sender's signature over JSON ["safehouse-pm-sig-v1", iv, ciphertext, AAD] (iv and ciphertext base64)
// Both sides of a conversation derive the same key, so a sender can also read its own copies (after a reload).

import { fromBase64, fromUtf8, labelled, toBase64, utf8 } from './bytes.js';
import { signatureAlgorithm, signingImportAlgorithm } from './identity.js';

export const CONTEXT = 'safehouse-pm-v1';
const SIGNATURE_CONTEXT = 'safehouse-pm-sig-v1';
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

export function associatedData({ room, sender, recipient, clientMsgId, counter }) {
  return JSON.stringify([CONTEXT, room, sender, recipient, clientMsgId, counter]);
}

function signedBytes(iv, ciphertext, aad) {
  return labelled(SIGNATURE_CONTEXT, iv, ciphertext, aad);
}

/**
 * Encrypts and signs `text` from `sender` (this browser) to `recipient`, whose public keys are `recipientKeys`.
 * @return the encrypted fields of a PrivateMessage frame
 */
export async function sealMessage({ identity, recipientKeys, room, sender, recipient, text, clientMsgId, counter }) {
  const key = await conversationKey(identity, recipientKeys.agreement, room, sender, recipient);
  const aad = associatedData({ room, sender, recipient, clientMsgId, counter });
  const ivBytes = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await subtle().encrypt({ name: 'AES-GCM', iv: ivBytes, additionalData: utf8(aad) }, key, utf8(text));
  const iv = toBase64(ivBytes);
  const ciphertext = toBase64(sealed);
  const signature = await identity.sign(signedBytes(iv, ciphertext, aad));
  return { clientMsgId, ciphertext, iv, counter, signature };
}

/**
 * Checks and opens an encrypted PrivateMessage frame. `peerKeys` are the other party's public keys (for the key
 * agreement), `signerKeys` the sender's (the peer's, or this browser's own for its own copies).
 * @return { ok: true, text } or { ok: false, reason: 'malformed' | 'signature' | 'decryption' }
 */
export async function openMessage({ identity, peerKeys, signerKeys, room, sender, recipient, frame }) {
  const { clientMsgId, ciphertext, iv, counter, signature } = frame;
  if (typeof clientMsgId !== 'string' || typeof ciphertext !== 'string' || typeof iv !== 'string'
    || !Number.isSafeInteger(counter) || typeof signature !== 'string') {
    return { ok: false, reason: 'malformed' };
  }
  const aad = associatedData({ room, sender, recipient, clientMsgId, counter });
  let verified = false;
  try {
    const verifier = await subtle().importKey('spki', fromBase64(signerKeys.signing),
      signingImportAlgorithm(signerKeys.algorithm), false, ['verify']);
    verified = await subtle().verify(signatureAlgorithm(signerKeys.algorithm), verifier, fromBase64(signature),
      signedBytes(iv, ciphertext, aad));
  } catch {
    verified = false;
  }
  if (!verified) return { ok: false, reason: 'signature' };
  try {
    const ivBytes = fromBase64(iv);
    if (ivBytes.length !== IV_BYTES) return { ok: false, reason: 'malformed' };
    const key = await conversationKey(identity, peerKeys.agreement, room, sender, recipient);
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv: ivBytes, additionalData: utf8(aad) }, key,
      fromBase64(ciphertext));
    return { ok: true, text: fromUtf8(new Uint8Array(plain)) };
  } catch {
    return { ok: false, reason: 'decryption' };
  }
}
