// The bytes of a device link code (docs/PROTOCOL.md, "Link codes"): what device-link.js puts into a code, written as
// compactly as a QR code needs. Public keys go as raw points (their SPKI is rebuilt with WebCrypto), signatures and
// private scalars as plain bytes, and the signed device list as its fields: the new device rebuilds the list's exact
// `devices` string with devices.js encodeDeviceList, and the identity key's signature is checked over that, so a list
// that does not come back byte for byte does not verify. The writer reads its own code back before it is shown.
// No DOM.
//
//   byte  format (2)          u48 expires            text nick (u8 length, UTF-8)
//   byte  identity algorithm  short identity key     short signature
//   u32   list version        u48 list issued         byte number of devices, then per device:
//         byte algorithm, short agreement key, short signing key, u48 added, text name, short endorsement (may be empty)
//   32    agreement private scalar of the new device (the list's LAST device)
//   32    signing private scalar (Ed25519 seed, or P-256 scalar)
//
// `short` is a u8 length and that many bytes; integers are big-endian; algorithms are 0 (Ed25519), 1 (ECDSA-P256).

import { fromBase64, fromUtf8, toBase64, utf8 } from './bytes.js';
import { decodeDeviceList, encodeDeviceList, MAX_DEVICES } from './devices.js';
import { ECDSA_P256, ED25519, signingImportAlgorithm } from './identity.js';

const FORMAT = 2;
const ALGORITHMS = [ED25519, ECDSA_P256];
const PRIVATE_SCALAR_BYTES = 32;
const AGREEMENT = { name: 'ECDH', namedCurve: 'P-256' };

const subtle = () => globalThis.crypto.subtle;

const toBase64Url = (bytes) => toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text) => fromBase64(text.replace(/-/g, '+').replace(/_/g, '/')
  + '='.repeat((4 - (text.length % 4)) % 4));

/** Appends fields to a growing byte array. */
class Writer {
  constructor() {
    this.parts = [];
  }

  byte(value) {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new RangeError('link-code: not a byte');
    this.parts.push(value);
  }

  u32(value) {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError('link-code: not a u32');
    for (let shift = 24; shift >= 0; shift -= 8) this.parts.push(Math.floor(value / 2 ** shift) % 256);
  }

  u48(value) {
    if (!Number.isSafeInteger(value) || value < 0 || value >= 2 ** 48) throw new RangeError('link-code: not a u48');
    for (let shift = 40; shift >= 0; shift -= 8) this.parts.push(Math.floor(value / 2 ** shift) % 256);
  }

  raw(bytes) {
    for (const byte of bytes) this.parts.push(byte);
  }

  short(bytes) {
    this.byte(bytes.length);
    this.raw(bytes);
  }

  text(value) {
    this.short(utf8(value));
  }

  bytes() {
    return Uint8Array.from(this.parts);
  }
}

/** Reads fields in order; throws RangeError past the end. */
class Reader {
  constructor(bytes) {
    this.view = bytes;
    this.offset = 0;
  }

  take(length) {
    if (this.offset + length > this.view.length) throw new RangeError('link-code: the code ends too early');
    const part = this.view.subarray(this.offset, this.offset + length);
    this.offset += length;
    return part;
  }

  byte() {
    return this.take(1)[0];
  }

  u32() {
    return this.take(4).reduce((value, byte) => value * 256 + byte, 0);
  }

  u48() {
    return this.take(6).reduce((value, byte) => value * 256 + byte, 0);
  }

  short() {
    return this.take(this.byte());
  }

  text() {
    return fromUtf8(this.short());
  }

  algorithm() {
    const algorithm = ALGORITHMS[this.byte()];
    if (!algorithm) throw new RangeError('link-code: unknown algorithm');
    return algorithm;
  }

  get done() {
    return this.offset === this.view.length;
  }
}

const signingUsages = ['verify'];

/** The raw point of a public key given as base64 SPKI. */
async function rawPublic(spki, params, usages) {
  const key = await subtle().importKey('spki', fromBase64(spki), params, true, usages);
  return new Uint8Array(await subtle().exportKey('raw', key));
}

/** The base64 SPKI of a public key given as a raw point. */
async function spkiPublic(raw, params, usages) {
  const key = await subtle().importKey('raw', raw, params, true, usages);
  return toBase64(await subtle().exportKey('spki', key));
}

/**
 * The bytes of a code. `payload`: { expires, nick, identity: { signing, algorithm, devices, signature } (the block
 * naming the new device last), keys: { agreement, signing } (JWK "d" values of the new device's private keys) }.
 * Throws when the list would not come back exactly (a list this page did not write).
 */
export async function writeLinkCode(payload) {
  const { identity, keys } = payload;
  const list = decodeDeviceList(identity.devices);
  if (!list || encodeDeviceList(list) !== identity.devices) throw new Error('link-code: a list written another way');
  const out = new Writer();
  out.byte(FORMAT);
  out.u48(payload.expires);
  out.text(utf8(payload.nick || '').length <= 0xff ? payload.nick || '' : '');
  out.byte(ALGORITHMS.indexOf(identity.algorithm));
  out.short(await rawPublic(identity.signing, signingImportAlgorithm(identity.algorithm), signingUsages));
  out.short(fromBase64(identity.signature));
  out.u32(list.version);
  out.u48(list.issued);
  out.byte(list.devices.length);
  for (const device of list.devices) {
    out.byte(ALGORITHMS.indexOf(device.algorithm));
    out.short(await rawPublic(device.agreement, AGREEMENT, []));
    out.short(await rawPublic(device.signing, signingImportAlgorithm(device.algorithm), signingUsages));
    out.u48(device.added);
    out.text(device.name);
    out.short(device.endorsement === undefined ? new Uint8Array(0) : fromBase64(device.endorsement));
  }
  for (const scalar of [keys.agreement, keys.signing]) {
    const bytes = fromBase64Url(scalar);
    if (bytes.length !== PRIVATE_SCALAR_BYTES) throw new Error('link-code: a private key of another size');
    out.raw(bytes);
  }
  const written = out.bytes();
  const back = await readLinkCode(written);
  if (back?.identity.devices !== identity.devices || back.identity.signing !== identity.signing) {
    throw new Error('link-code: the code does not read back as the list signed');
  }
  return written;
}

/**
 * What the bytes of a code say, checked for shape only (signatures are device-link.js's business): { expires, nick,
 * identity: { signing, algorithm, devices, signature }, device: the new device's public keys (the list's last entry),
 * keys: { agreement, signing } as JWK "d" values }; null when the bytes are not a code.
 */
export async function readLinkCode(bytes) {
  try {
    const input = new Reader(bytes);
    if (input.byte() !== FORMAT) return null;
    const expires = input.u48();
    const nick = input.text();
    const identityAlgorithm = input.algorithm();
    const identitySigning = await spkiPublic(input.short(), signingImportAlgorithm(identityAlgorithm), signingUsages);
    const signature = toBase64(input.short());
    const version = input.u32();
    const issued = input.u48();
    const count = input.byte();
    if (count < 1 || count > MAX_DEVICES) return null;
    const devices = [];
    for (let index = 0; index < count; index += 1) {
      const algorithm = input.algorithm();
      const agreement = await spkiPublic(input.short(), AGREEMENT, []);
      const signing = await spkiPublic(input.short(), signingImportAlgorithm(algorithm), signingUsages);
      const added = input.u48();
      const name = input.text();
      const endorsement = input.short();
      devices.push(endorsement.length === 0 ? { agreement, signing, algorithm, name, added }
        : { agreement, signing, algorithm, name, added, endorsement: toBase64(endorsement) });
    }
    const keys = { agreement: toBase64Url(input.take(PRIVATE_SCALAR_BYTES)), signing: toBase64Url(input.take(PRIVATE_SCALAR_BYTES)) };
    if (!input.done) return null;
    const list = decodeDeviceList(encodeDeviceList({ v: 1, version, issued, devices }));
    if (!list) return null;
    const { agreement, signing, algorithm } = list.devices.at(-1);
    return {
      expires, nick,
      identity: { signing: identitySigning, algorithm: identityAlgorithm, devices: encodeDeviceList(list), signature },
      device: { agreement, signing, algorithm },
      keys,
    };
  } catch {
    return null; // too short, not UTF-8, a point not on the curve: not a code
  }
}

export { fromBase64Url, toBase64Url };
