// The cryptography of a sealed room (docs/PROTOCOL.md "Sealed rooms: the page's side", docs/SECURITY.md). Pure
// functions over WebCrypto and the vendored hash-wasm Argon2id; which keys a page holds is sealed-keys.js's concern.
//
//   master   = Argon2id(password UTF-8, salt (16 bytes, from the server), m = 65536 KiB, t = 3, p = 1, 32 bytes)
//   roomKey  = HKDF-SHA-256(master, salt: none, info "safehouse-room-key-v1", 32 bytes)        never leaves the page
//   verifier = HKDF-SHA-256(master, salt: none, info "safehouse-join-verifier-v1", 32 bytes)   the room password
//   keyId    = hex of the first 8 bytes of SHA-256("safehouse-room-key-id-v1" || roomKey)
//   AAD      = UTF-8 JSON ["safehouse-room-v1", room canonical, sender, clientMsgId, keyId]
//   body     = AES-256-GCM(roomKey, fresh random 96-bit IV, UTF-8 JSON {"text", "sentAt"}, AAD)
//   sig      = sender's signature over UTF-8 JSON ["safehouse-room-sig-v1", iv, ciphertext, AAD as text]
// The verifier and the room key are independent HKDF outputs of one Argon2id: knowing the verifier (which the server
// receives) tells nothing about the key.

import { fromBase64, fromUtf8, labelled, toBase64, toHex, utf8 } from './bytes.js';
import { signatureAlgorithm, signingImportAlgorithm } from './identity.js';

export const KDF = 'argon2id-v1';
/** What `argon2id-v1` names: hash-wasm's option names, RFC 9106's m (KiB), t, p and tag length. */
export const KDF_PARAMETERS = Object.freeze({ memorySize: 65536, iterations: 3, parallelism: 1, hashLength: 32 });
export const SALT_BYTES = 16;
const IV_BYTES = 12;
const KEY_BYTES = 32;
const ROOM_KEY_INFO = 'safehouse-room-key-v1';
const VERIFIER_INFO = 'safehouse-join-verifier-v1';
const KEY_ID_CONTEXT = 'safehouse-room-key-id-v1';
export const AAD_CONTEXT = 'safehouse-room-v1';
const SIGNATURE_CONTEXT = 'safehouse-room-sig-v1';
const ARGON2_MODULE = '../vendor/hash-wasm/argon2.umd.min.js';

const subtle = () => crypto.subtle;

let argon2Loading = null;

/** hash-wasm's argon2id, loaded on first use (30 KB the page needs only for sealed rooms). */
function argon2id() {
  if (!argon2Loading) {
    argon2Loading = import(ARGON2_MODULE).then(() => {
      const hashwasm = globalThis.hashwasm;
      if (!hashwasm || typeof hashwasm.argon2id !== 'function') throw new Error('hash-wasm argon2id did not load');
      return hashwasm.argon2id;
    });
    argon2Loading.catch(() => { argon2Loading = null; });
  }
  return argon2Loading;
}

/** Argon2id with explicit parameters (KATs pin the library with these); returns the tag's bytes. */
export async function argon2idBytes({ password, salt, secret, memorySize, iterations, parallelism, hashLength }) {
  const hash = await argon2id();
  return hash({
    password, salt, ...(secret ? { secret } : {}), memorySize, iterations, parallelism, hashLength,
    outputType: 'binary',
  });
}

async function hkdf(master, info) {
  const base = await subtle().importKey('raw', master, 'HKDF', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(info) }, base, KEY_BYTES * 8);
  return new Uint8Array(bits);
}

/** RFC 4648 base64url without padding: what the page sends as the room password (43 characters). */
export function toBase64Url(bytes) {
  return toBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return fromBase64(padded);
}

/** The key's public name (16 hex digits): which key sealed a message, without telling anything of the key. */
export async function roomKeyId(roomKey) {
  const input = new Uint8Array([...utf8(KEY_ID_CONTEXT), ...roomKey]);
  return toHex(new Uint8Array(await subtle().digest('SHA-256', input)).subarray(0, 8));
}

/**
 * The room key and join verifier of `password` under `salt` (base64 as SealInfo carries it, or bytes).
 * @return { roomKey: Uint8Array(32), keyId, verifier: base64url string, the Join's password }
 */
export async function deriveRoomSecrets(password, salt) {
  const saltBytes = typeof salt === 'string' ? fromBase64(salt) : salt;
  if (saltBytes.length !== SALT_BYTES) throw new Error('a sealed room salt is 16 bytes');
  const master = await argon2idBytes({ password: utf8(password), salt: saltBytes, ...KDF_PARAMETERS });
  const [roomKey, verifier] = await Promise.all([hkdf(master, ROOM_KEY_INFO), hkdf(master, VERIFIER_INFO)]);
  master.fill(0);
  return { roomKey, keyId: await roomKeyId(roomKey), verifier: toBase64Url(verifier) };
}

/** A fresh salt for a new sealed room or a rotation (base64, 16 random bytes). */
export function newSalt() {
  return toBase64(crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
}

/**
 * The name two room names collide on, as the server's Names.key computes it: NFKC, upper then lower case (no
 * locale), NFKC again. "Garden" and "garden" are one room, so they must seal alike.
 */
export function roomCanonical(name) {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

export function associatedData({ room, sender, clientMsgId, keyId }) {
  return JSON.stringify([AAD_CONTEXT, roomCanonical(room), sender, clientMsgId, keyId]);
}

function signedBytes(iv, ciphertext, aad) {
  return labelled(SIGNATURE_CONTEXT, iv, ciphertext, aad);
}

// Non-extractable AES keys, by key id and key (an id is only 64 bits: a crafted key must not stand in for another).
const aesKeys = new Map();

function aesKey(keyId, roomKey) {
  const cacheKey = `${keyId}:${toBase64(roomKey)}`;
  let key = aesKeys.get(cacheKey);
  if (!key) {
    key = subtle().importKey('raw', roomKey, 'AES-GCM', false, ['encrypt', 'decrypt']);
    key.catch(() => aesKeys.delete(cacheKey));
    aesKeys.set(cacheKey, key);
  }
  return key;
}

/**
 * Seals `text` from `sender` (this browser, signing with `identity`) for `room` under the room key.
 * @return the Broadcast's `sealed` object: { v: 1, keyId, iv, ciphertext, signature }
 */
export async function sealRoomMessage({ identity, roomKey, keyId, room, sender, clientMsgId, text, sentAt }) {
  const aad = associatedData({ room, sender, clientMsgId, keyId });
  const ivBytes = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plaintext = utf8(JSON.stringify({ text, sentAt }));
  const sealed = await subtle().encrypt({ name: 'AES-GCM', iv: ivBytes, additionalData: utf8(aad) },
    await aesKey(keyId, roomKey), plaintext);
  const iv = toBase64(ivBytes);
  const ciphertext = toBase64(sealed);
  const signature = await identity.sign(signedBytes(iv, ciphertext, aad));
  return { v: 1, keyId, iv, ciphertext, signature };
}

function wellFormed(sealed) {
  return sealed !== null && typeof sealed === 'object' && sealed.v === 1 && typeof sealed.keyId === 'string'
    && /^[0-9a-f]{16}$/.test(sealed.keyId) && typeof sealed.iv === 'string' && typeof sealed.ciphertext === 'string'
    && typeof sealed.signature === 'string';
}

async function signatureHolds(signerKeys, signature, bytes) {
  try {
    const key = await subtle().importKey('spki', fromBase64(signerKeys.signing),
      signingImportAlgorithm(signerKeys.algorithm), false, ['verify']);
    return await subtle().verify(signatureAlgorithm(signerKeys.algorithm), key, fromBase64(signature), bytes);
  } catch {
    return false;
  }
}

/**
 * Opens a sealed Broadcast. `roomKeyFor(keyId)` gives the raw room key for an id, or null; `signerKeys` are the
 * public keys the page knows for `sender` (from Joined/Presence or the pin), or a list of them (each device of a
 * person with several), or null.
 * @return { ok: true, text, sentAt, signer: 'verified' | 'unknown' | 'mismatch' }, or
 *         { ok: false, reason: 'malformed' | 'unknown_key' | 'decryption', keyId }
 *   'unknown': no keys known for the sender; 'mismatch': the signature is not by the keys known for the sender.
 */
export async function openRoomMessage({ roomKeyFor, signerKeys, room, sender, clientMsgId, sealed }) {
  if (!wellFormed(sealed) || typeof clientMsgId !== 'string') return { ok: false, reason: 'malformed' };
  const { keyId, iv, ciphertext, signature } = sealed;
  const roomKey = await roomKeyFor(keyId);
  if (!roomKey) return { ok: false, reason: 'unknown_key', keyId };
  const aad = associatedData({ room, sender, clientMsgId, keyId });
  let message;
  try {
    const ivBytes = fromBase64(iv);
    if (ivBytes.length !== IV_BYTES) return { ok: false, reason: 'malformed', keyId };
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv: ivBytes, additionalData: utf8(aad) },
      await aesKey(keyId, roomKey), fromBase64(ciphertext));
    message = JSON.parse(fromUtf8(new Uint8Array(plain)));
  } catch {
    return { ok: false, reason: 'decryption', keyId };
  }
  if (message === null || typeof message !== 'object' || typeof message.text !== 'string'
    || !Number.isSafeInteger(message.sentAt)) {
    return { ok: false, reason: 'malformed', keyId };
  }
  const candidates = (Array.isArray(signerKeys) ? signerKeys : [signerKeys])
    .filter((keys) => keys && typeof keys.signing === 'string');
  let signer = candidates.length ? 'mismatch' : 'unknown';
  for (const keys of candidates) {
    if (await signatureHolds(keys, signature, signedBytes(iv, ciphertext, aad))) {
      signer = 'verified';
      break;
    }
  }
  return { ok: true, text: message.text, sentAt: message.sentAt, signer };
}
