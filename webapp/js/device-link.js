// Linking a new device with a one-time code, as docs/SECURITY.md ("Linking a device") explains. Pure functions over
// WebCrypto; who shows or stores what is decided by devices-panel.js and identity.js.
//
// The device holding the identity key makes fresh key pairs for the new device (extractable only for as long as it
// takes to write the code; then forgotten), signs the next device list with them in it, and shows
//
//   code = "safehouse-link:1:" base64url(UTF-8 JSON { v: 1, expires, nick, identity: <signed list>,
//                                                     device: { agreement, signing, algorithm,
//                                                               agreementPrivate, signingPrivate } })
//
// (public keys as base64 SPKI, private ones as base64 PKCS#8). The new device checks the list's signature, that the
// keys in `device` are in it and that the private keys belong to them, then imports the private keys
// non-extractable and becomes that device. Nothing of the code goes through the server.
//
// The code is a secret: whoever holds it before it is used can become the new device. So it is shown once, behind a
// click, never stored, and lives LINK_TTL_MS: the device that made it does not publish the new list until the new
// device has joined with it (the server announces the higher version), and if that has not happened when the code
// expires, it signs a list without the new device under a yet higher version, so the code's list is a rollback
// that peers refuse (devices.js DeviceListLedger). One code is pending at a time; a new one retires the last.

import { fromBase64, fromUtf8, toBase64, utf8 } from './bytes.js';
import { signDeviceList, verifiedDevices, withDevice } from './devices.js';
import { ECDSA_P256, ED25519, endorse, signatureAlgorithm, signingImportAlgorithm } from './identity.js';

export const LINK_PREFIX = 'safehouse-link:1:';
export const LINK_TTL_MS = 10 * 60 * 1000;
const MAX_CODE_CHARS = 16384; // a list of 16 devices is at most 8192 characters; the rest is small

const subtle = () => globalThis.crypto.subtle;

const toBase64Url = (bytes) => toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text) => fromBase64(text.replace(/-/g, '+').replace(/_/g, '/')
  + '='.repeat((4 - (text.length % 4)) % 4));

/** Key pairs for the device to be linked, extractable so that they can be written into the code. */
async function keysForNewDevice(algorithm) {
  const agreement = await subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const signing = await subtle().generateKey(signingImportAlgorithm(algorithm), true, ['sign', 'verify']);
  return {
    agreement: toBase64(await subtle().exportKey('spki', agreement.publicKey)),
    signing: toBase64(await subtle().exportKey('spki', signing.publicKey)),
    algorithm,
    agreementPrivate: toBase64(await subtle().exportKey('pkcs8', agreement.privateKey)),
    signingPrivate: toBase64(await subtle().exportKey('pkcs8', signing.privateKey)),
    signingKey: signing.privateKey, // to endorse the identity key; not written into the code
  };
}

/**
 * On the device holding the identity key: a code for a new device named `name`.
 * `identity` is this page's Identity (holdsIdentityKey); `nick` a hint the new device puts into its join form.
 * @return { code, pending: { signing, name, expires, identity } }: `pending` is what the page keeps (no secret in it)
 *   until the new device shows up or the code expires
 */
export async function createLinkCode(identity, { name, nick = '', now = Date.now(), ttlMs = LINK_TTL_MS }) {
  const algorithm = identity.record.algorithm === ECDSA_P256 ? ECDSA_P256 : ED25519;
  const device = await keysForNewDevice(algorithm);
  const endorsement = await endorse(device.signingKey, algorithm, identity.person.identity.signing);
  const list = withDevice(identity.deviceList,
    { agreement: device.agreement, signing: device.signing, algorithm, name, endorsement }, now);
  const signed = await signDeviceList(identity.identitySigner(), { ...list, version: identity.nextVersion() });
  const expires = now + ttlMs;
  const { signingKey, ...written } = device;
  const payload = { v: 1, expires, nick, identity: signed, device: written };
  return {
    code: LINK_PREFIX + toBase64Url(utf8(JSON.stringify(payload))),
    pending: { signing: device.signing, name: list.devices.at(-1).name, expires, identity: signed },
  };
}

/**
 * Retires the code still pending (if any), makes a new one and keeps its `pending` part in `identity`.
 * @return { code, pending, retired } (retired: a new list was signed, which the page publishes by joining again)
 */
export async function startLink(identity, { name, nick = '', now = Date.now(), ttlMs = LINK_TTL_MS }) {
  const retired = await identity.retirePendingLink(now, true);
  const made = await createLinkCode(identity, { name, nick, now, ttlMs });
  await identity.awaitLink(made.pending);
  return { ...made, retired };
}

/** What a pasted code says, without any check beyond its shape; null when it is not a link code at all. */
export function parseLinkCode(text) {
  const trimmed = typeof text === 'string' ? text.replace(/\s+/g, '') : '';
  if (!trimmed.startsWith(LINK_PREFIX) || trimmed.length > MAX_CODE_CHARS) return null;
  try {
    const payload = JSON.parse(fromUtf8(fromBase64Url(trimmed.slice(LINK_PREFIX.length))));
    const { device } = payload;
    if (payload.v !== 1 || !Number.isSafeInteger(payload.expires) || !payload.identity || !device
      || ![device.agreement, device.signing, device.agreementPrivate, device.signingPrivate].every((v) => typeof v === 'string')
      || (device.algorithm !== ED25519 && device.algorithm !== ECDSA_P256)) {
      return null;
    }
    return payload;
  } catch {
    return null;
  }
}

/** Whether the PKCS#8 private keys are those of the public keys beside them (a sign/verify and an ECDH round). */
async function keysMatch(device, agreementPrivate, signingPrivate) {
  const probe = utf8('safehouse-link-probe');
  const signingPublic = await subtle().importKey('spki', fromBase64(device.signing), signingImportAlgorithm(device.algorithm),
    false, ['verify']);
  const signature = await subtle().sign(signatureAlgorithm(device.algorithm), signingPrivate, probe);
  if (!await subtle().verify(signatureAlgorithm(device.algorithm), signingPublic, signature, probe)) return false;
  const other = await subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const agreementPublic = await subtle().importKey('spki', fromBase64(device.agreement), { name: 'ECDH', namedCurve: 'P-256' },
    false, []);
  const ours = new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: agreementPublic }, other.privateKey, 256));
  const theirs = new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: other.publicKey }, agreementPrivate, 256));
  return ours.length === theirs.length && ours.every((byte, index) => byte === theirs[index]);
}

/**
 * On the new device: checks a pasted code and turns it into this device's records.
 * `alreadyUsed(signing)` says whether this browser used the code before.
 * @return { ok: true, record, person, nick } (record: the device keys as identity.js keeps them, private keys
 *   non-extractable; person: { identityPrivate: null, identity, pending: [] }) or { ok: false, reason: 'malformed' |
 *   'expired' | 'used' | 'signature' | 'keys' }
 */
export async function redeemLinkCode(text, { now = Date.now(), alreadyUsed = () => false } = {}) {
  const payload = parseLinkCode(text);
  if (!payload) return { ok: false, reason: 'malformed' };
  if (now >= payload.expires) return { ok: false, reason: 'expired' };
  const { device, identity } = payload;
  if (await alreadyUsed(device.signing)) return { ok: false, reason: 'used' };
  const publicKeys = { agreement: device.agreement, signing: device.signing, algorithm: device.algorithm };
  const checked = await verifiedDevices({ ...publicKeys, identity });
  if (!checked) return { ok: false, reason: 'signature' };
  let agreementPrivate;
  let signingPrivate;
  try {
    agreementPrivate = await subtle().importKey('pkcs8', fromBase64(device.agreementPrivate),
      { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    signingPrivate = await subtle().importKey('pkcs8', fromBase64(device.signingPrivate),
      signingImportAlgorithm(device.algorithm), false, ['sign']);
    if (!await keysMatch(device, agreementPrivate, signingPrivate)) return { ok: false, reason: 'keys' };
  } catch {
    return { ok: false, reason: 'keys' };
  }
  return {
    ok: true,
    nick: typeof payload.nick === 'string' ? payload.nick : '',
    record: { agreementPrivate, signingPrivate, ...publicKeys, created: now, linked: now },
    person: { identityPrivate: null, identity: { signing: identity.signing, algorithm: identity.algorithm,
      devices: identity.devices, signature: identity.signature }, pending: [] },
  };
}
