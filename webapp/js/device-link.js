// Linking a new device with a one-time code, as docs/SECURITY.md ("Linking a device") explains. Pure functions over
// WebCrypto; the code's bytes are link-code.js's; who shows or stores what is decided by device-links.js and
// identity.js.
//
// The device holding the identity key makes fresh key pairs for the new device (extractable only for as long as it
// takes to write the code; then forgotten), signs the next device list with them in it as its LAST entry, and shows
//
//   code = "safehouse-link:2:" base64url(link-code.js bytes: expiry, nick hint, the signed list's fields, the new
//                                        device's two private scalars)
//
// The list is written once, as its fields in binary (raw public keys, signatures as bytes), and the new device's
// public keys only in it: about 740 characters for a person with two Ed25519 devices, about 240 more per further
// device, short enough for a QR code that a phone reads off a screen (the first version, base64 of JSON holding the
// list as base64 and PKCS#8 keys, was about 2,300). The new device rebuilds the identity block, checks the list's
// signature and that the private keys belong to its last entry, then imports them non-extractable and becomes that
// device. Nothing of the code goes through the server.
//
// The code is a secret: whoever holds it before it is used can become the new device, and it holds that device's
// private keys for good (docs/SECURITY.md says what a photo of it gives). So it is shown once, behind a click, never
// stored, and lives LINK_TTL_MS: the device that made it does not publish the new list until the new device has
// joined with it (the server announces the higher version), and if that has not happened when the code expires, it
// signs a list without the new device under a yet higher version, so the code's list is a rollback that peers refuse
// (devices.js DeviceListLedger). One code is pending at a time; a new one retires the last.

import { fromBase64, toBase64, utf8 } from './bytes.js';
import { signDeviceList, verifiedDevices, withDevice } from './devices.js';
import { ECDSA_P256, ED25519, endorse, signatureAlgorithm, signingImportAlgorithm } from './identity.js';
import { fromBase64Url, readLinkCode, toBase64Url, writeLinkCode } from './link-code.js';

export const LINK_PREFIX = 'safehouse-link:2:';
export const LINK_TTL_MS = 10 * 60 * 1000;
const MAX_CODE_CHARS = 8192; // 16 devices with long names and P-256 keys are about 7,700 characters

const subtle = () => globalThis.crypto.subtle;
const isString = (value) => typeof value === 'string';

/** Key pairs for the device to be linked, extractable so that their private scalars can be written into the code. */
async function keysForNewDevice(algorithm) {
  const agreement = await subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const signing = await subtle().generateKey(signingImportAlgorithm(algorithm), true, ['sign', 'verify']);
  return {
    agreement: toBase64(await subtle().exportKey('spki', agreement.publicKey)),
    signing: toBase64(await subtle().exportKey('spki', signing.publicKey)),
    algorithm,
    secrets: {
      agreement: (await subtle().exportKey('jwk', agreement.privateKey)).d,
      signing: (await subtle().exportKey('jwk', signing.privateKey)).d,
    },
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
  const bytes = await writeLinkCode({ expires, nick, identity: signed, keys: device.secrets });
  return {
    code: LINK_PREFIX + toBase64Url(bytes),
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

/**
 * What a pasted or scanned code says, checked for its shape only: { expires, nick, identity (the block a Join
 * carries), device (the new device's public keys: the list's last entry), keys (its private scalars) }; null when it
 * is not a link code at all.
 */
export async function parseLinkCode(text) {
  const trimmed = isString(text) ? text.replace(/\s+/g, '') : '';
  if (!trimmed.startsWith(LINK_PREFIX) || trimmed.length > MAX_CODE_CHARS) return null;
  try {
    return await readLinkCode(fromBase64Url(trimmed.slice(LINK_PREFIX.length)));
  } catch {
    return null; // not base64url
  }
}

/** A private key from its JWK "d" and the public key (base64 SPKI) it must belong to, non-extractable. */
async function privateKeyFor(spki, d, algorithm, usage) {
  const publicUsages = usage === 'sign' ? ['verify'] : [];
  const publicKey = await subtle().importKey('spki', fromBase64(spki), algorithm, true, publicUsages);
  const { kty, crv, x, y } = await subtle().exportKey('jwk', publicKey);
  const jwk = y === undefined ? { kty, crv, x, d } : { kty, crv, x, y, d };
  return subtle().importKey('jwk', jwk, algorithm, false, [usage]);
}

/** Whether the private keys are those of the public keys beside them (a sign/verify and an ECDH round). */
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
 * On the new device: checks a pasted or scanned code and turns it into this device's records.
 * `alreadyUsed(signing)` says whether this browser used the code before.
 * @return { ok: true, record, person, nick } (record: the device keys as identity.js keeps them, private keys
 *   non-extractable; person: { identityPrivate: null, identity, pending: [] }) or { ok: false, reason: 'malformed' |
 *   'expired' | 'used' | 'signature' | 'keys' }
 */
export async function redeemLinkCode(text, { now = Date.now(), alreadyUsed = () => false } = {}) {
  const payload = await parseLinkCode(text);
  if (!payload) return { ok: false, reason: 'malformed' };
  if (now >= payload.expires) return { ok: false, reason: 'expired' };
  const { device, identity, keys } = payload;
  if (await alreadyUsed(device.signing)) return { ok: false, reason: 'used' };
  const checked = await verifiedDevices({ ...device, identity });
  if (!checked) return { ok: false, reason: 'signature' };
  let agreementPrivate;
  let signingPrivate;
  try {
    agreementPrivate = await privateKeyFor(device.agreement, keys.agreement, { name: 'ECDH', namedCurve: 'P-256' },
      'deriveBits');
    signingPrivate = await privateKeyFor(device.signing, keys.signing, signingImportAlgorithm(device.algorithm), 'sign');
    if (!await keysMatch(device, agreementPrivate, signingPrivate)) return { ok: false, reason: 'keys' };
  } catch {
    return { ok: false, reason: 'keys' };
  }
  return {
    ok: true,
    nick: payload.nick,
    record: { agreementPrivate, signingPrivate, ...device, created: now, linked: now },
    person: { identityPrivate: null, identity, pending: [] },
  };
}
