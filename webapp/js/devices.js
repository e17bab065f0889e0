// One person, several devices: the device list a person's identity key signs, as docs/PROTOCOL.md ("Devices")
// fixes it. Pure functions over WebCrypto plus a small ledger of the newest list seen per identity; no DOM, no socket.
//
//   identity block = { signing: <b64 SPKI of the identity signing key>, algorithm, devices, signature }
//   devices        = base64(UTF-8 JSON { v: 1, version, issued, devices: [{ agreement, signing, algorithm, name, added }] })
//   signature      = identity key's signature over UTF-8 "safehouse-devices-v1" "\n" <devices exactly as sent>
//
// A list is believed only when its signature verifies and the device presenting it is in it. A peer's page keeps the
// highest version it saw per identity (DeviceListLedger): an older list is a rollback (a removed device coming back)
// and is refused, and two different lists under one version are refused as well.

import { fromBase64, fromUtf8, toBase64, toHex, utf8 } from './bytes.js';
import { ECDSA_P256, ED25519, signatureAlgorithm, signingImportAlgorithm } from './identity.js';

export const DEVICE_LIST_CONTEXT = 'safehouse-devices-v1';
export const ENDORSEMENT_CONTEXT = 'safehouse-device-endorses-v1';
export const MAX_DEVICES = 16;
export const MAX_DEVICES_CHARS = 8192;
export const MAX_DEVICE_NAME_CHARS = 32;
const MAX_KEY_CHARS = 1024; // base64 SPKI of a P-256 or Ed25519 key is about 124 characters; anything far longer is not one

const subtle = () => globalThis.crypto.subtle;
const isString = (value) => typeof value === 'string';
const isAlgorithm = (value) => value === ED25519 || value === ECDSA_P256;
const isTimestamp = (value) => Number.isSafeInteger(value) && value >= 0;

/** The exact bytes the identity key signs for a `devices` string. */
export function signedDeviceListBytes(devices) {
  return utf8(`${DEVICE_LIST_CONTEXT}\n${devices}`);
}

/** The `devices` string of a list: base64 of its UTF-8 JSON. */
export function encodeDeviceList(list) {
  return toBase64(utf8(JSON.stringify(list)));
}

/** The list a `devices` string carries when it is well-formed (see the header), else null. */
export function decodeDeviceList(devices) {
  if (!isString(devices) || devices.length === 0 || devices.length > MAX_DEVICES_CHARS) return null;
  let list;
  try {
    list = JSON.parse(fromUtf8(fromBase64(devices)));
  } catch {
    return null;
  }
  if (!list || typeof list !== 'object' || list.v !== 1 || !Number.isSafeInteger(list.version) || list.version < 1
    || !isTimestamp(list.issued) || !Array.isArray(list.devices) || list.devices.length < 1
    || list.devices.length > MAX_DEVICES) {
    return null;
  }
  const signingKeys = new Set();
  for (const device of list.devices) {
    if (!device || typeof device !== 'object' || !isString(device.agreement) || !isString(device.signing)
      || device.agreement.length > MAX_KEY_CHARS || device.signing.length > MAX_KEY_CHARS
      || !isAlgorithm(device.algorithm) || !isString(device.name) || device.name.length > MAX_DEVICE_NAME_CHARS
      || !isTimestamp(device.added) || signingKeys.has(device.signing)
      || (device.endorsement !== undefined && (!isString(device.endorsement) || device.endorsement.length > MAX_KEY_CHARS))) {
      return null;
    }
    signingKeys.add(device.signing);
  }
  return {
    v: 1, version: list.version, issued: list.issued,
    devices: list.devices.map(({ agreement, signing, algorithm, name, added, endorsement }) => (endorsement === undefined
      ? { agreement, signing, algorithm, name, added } : { agreement, signing, algorithm, name, added, endorsement })),
  };
}

/** Lowercase hex SHA-256 of a device's signing SPKI: how TgtDevice and SrcDevice name a device. */
export async function deviceId(signing) {
  return toHex(await subtle().digest('SHA-256', fromBase64(signing)));
}

/**
 * Signs `list` with an identity key. `signer` is { signing, algorithm, sign(bytes) -> base64 signature }.
 * @return the identity block a Join carries in keys.identity
 */
export async function signDeviceList(signer, list) {
  const devices = encodeDeviceList(list);
  if (devices.length > MAX_DEVICES_CHARS) throw new Error('the device list is too long');
  return { signing: signer.signing, algorithm: signer.algorithm, devices, signature: await signer.sign(signedDeviceListBytes(devices)) };
}

const verified = new Map(); // identity block as JSON -> Promise<list or null>; bounded, since peers come and go
const VERIFIED_KEPT = 256;

async function verifyBlock(identity) {
  const list = decodeDeviceList(identity.devices);
  if (!list) return null;
  try {
    const key = await subtle().importKey('spki', fromBase64(identity.signing), signingImportAlgorithm(identity.algorithm),
      false, ['verify']);
    const ok = await subtle().verify(signatureAlgorithm(identity.algorithm), key, fromBase64(identity.signature),
      signedDeviceListBytes(identity.devices));
    return ok ? list : null;
  } catch {
    return null;
  }
}

/**
 * Checks the identity block of a `keys` entry (Joined.keys, Presence.keys, or this page's own): well-formed, the
 * signature verifies with the identity key, and the device keys at the top level of `keys` are in the list.
 * @return { identity: { signing, algorithm }, list, device } or null (no identity block, or one not to believe)
 */
export async function verifiedDevices(keys) {
  const identity = keys?.identity;
  if (!identity || typeof identity !== 'object' || !isString(identity.signing) || identity.signing.length > MAX_KEY_CHARS
    || !isAlgorithm(identity.algorithm) || !isString(identity.devices) || !isString(identity.signature)
    || identity.signature.length > MAX_KEY_CHARS) {
    return null;
  }
  const cacheKey = JSON.stringify([identity.signing, identity.algorithm, identity.devices, identity.signature]);
  let pending = verified.get(cacheKey);
  if (!pending) {
    pending = verifyBlock(identity);
    verified.set(cacheKey, pending);
    if (verified.size > VERIFIED_KEPT) verified.delete(verified.keys().next().value);
  }
  const list = await pending;
  if (!list) return null;
  const device = list.devices.find((entry) => entry.signing === keys.signing && entry.agreement === keys.agreement
    && entry.algorithm === keys.algorithm);
  if (!device) return null;
  return { identity: { signing: identity.signing, algorithm: identity.algorithm }, list, device };
}

/** The bytes a device key signs to endorse an identity key: "safehouse-device-endorses-v1" "\n" <identity SPKI>. */
export function endorsementBytes(identitySigning) {
  return utf8(`${ENDORSEMENT_CONTEXT}\n${identitySigning}`);
}

/**
 * Whether the device presenting `keys` endorses the identity key its list names: its entry carries `endorsement`, a
 * signature by the device's own signing key over endorsementBytes(identity). A peer that pinned this device's keys
 * before identities existed may then take the identity key in their place without calling it a key change: the
 * server, holding no device key, cannot make an endorsement for an identity of its own.
 */
export async function endorsesIdentity(keys) {
  const checked = await verifiedDevices(keys);
  if (!checked?.device.endorsement) return false;
  try {
    const key = await subtle().importKey('spki', fromBase64(checked.device.signing),
      signingImportAlgorithm(checked.device.algorithm), false, ['verify']);
    return await subtle().verify(signatureAlgorithm(checked.device.algorithm), key, fromBase64(checked.device.endorsement),
      endorsementBytes(checked.identity.signing));
  } catch {
    return false;
  }
}

/** The next version of `list` with `device` added (named, stamped `now`). */
export function withDevice(list, device, now = Date.now()) {
  if (list.devices.length >= MAX_DEVICES) throw new Error(`a person has at most ${MAX_DEVICES} devices`);
  const { agreement, signing, algorithm, endorsement } = device;
  const name = String(device.name || 'device').slice(0, MAX_DEVICE_NAME_CHARS);
  const entry = { agreement, signing, algorithm, name, added: now };
  return {
    v: 1, version: list.version + 1, issued: now,
    devices: [...list.devices, typeof endorsement === 'string' ? { ...entry, endorsement } : entry],
  };
}

/** The next version of `list` without the device whose signing key is `signing`. */
export function withoutDevice(list, signing, now = Date.now()) {
  const devices = list.devices.filter((entry) => entry.signing !== signing);
  if (devices.length === list.devices.length) throw new Error('no such device in the list');
  if (devices.length === 0) throw new Error('the last device cannot be removed');
  return { v: 1, version: list.version + 1, issued: now, devices };
}

/** The first list of a person: one device, version 1. */
export function firstDeviceList(device, now = Date.now()) {
  return withDevice({ v: 1, version: 0, issued: now, devices: [] }, device, now);
}

const LEDGER_KEPT = 1000; // identities remembered; the oldest seen is forgotten first

/**
 * The newest device list seen per identity key, so that an older one (a removed device replayed by the server or by
 * a stale connection) is not believed again. `storage` (keystore.js's read/write, or a test's) keeps it across reloads.
 */
export class DeviceListLedger {
  constructor(storage = null, storeName = 'conversations') {
    this.storage = storage;
    this.storeName = storeName;
    this.newest = new Map(); // identity signing key -> Promise<{ version, devices } | null>
  }

  static storageKey(identitySigning) {
    return JSON.stringify(['device-list', identitySigning]);
  }

  known(identitySigning) {
    let entry = this.newest.get(identitySigning);
    if (!entry) {
      entry = this.storage
        ? this.storage.read(this.storeName, DeviceListLedger.storageKey(identitySigning)).catch(() => null)
          .then((stored) => stored || null)
        : Promise.resolve(null);
      this.newest.set(identitySigning, entry);
      if (this.newest.size > LEDGER_KEPT) this.newest.delete(this.newest.keys().next().value);
    }
    return entry;
  }

  /**
   * Weighs a verified list (from verifiedDevices) against the newest seen for its identity.
   * @return 'newer' (remembered now), 'same', 'older' (a rollback: refuse) or 'conflict' (another list under the same
   *   version: refuse)
   */
  async weigh(identitySigning, devicesString, list) {
    const seen = await this.known(identitySigning);
    if (seen && list.version < seen.version) return 'older';
    if (seen && list.version === seen.version) return seen.devices === devicesString ? 'same' : 'conflict';
    const record = { version: list.version, devices: devicesString };
    this.newest.set(identitySigning, Promise.resolve(record));
    if (this.storage) {
      try {
        await this.storage.write(this.storeName, DeviceListLedger.storageKey(identitySigning), record);
      } catch (error) {
        console.warn('Safehouse: the newest device list is kept in memory only', error);
      }
    }
    return 'newer';
  }

  /** The newest list seen for an identity, decoded, or null. */
  async newestList(identitySigning) {
    const seen = await this.known(identitySigning);
    return seen ? decodeDeviceList(seen.devices) : null;
  }
}
