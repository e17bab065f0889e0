// This browser's identity: two key pairs made with WebCrypto on first use and kept in IndexedDB. ECDH P-256 for key
// agreement; Ed25519 for signatures where the browser has it, else ECDSA P-256 with SHA-256. The private keys are
// made non-extractable: script on the page can use them, nothing can read them out. Without WebCrypto (a page served
// over plain http from another machine is not a secure context) or IndexedDB there is no identity: load() gives null
// and the page falls back to unencrypted private messages where the room allows them.
//
// Beside the device keys (record 'self') the page keeps the person's side (record 'person', devices.js): the identity
// signing key, which only the first device of a person holds (non-extractable, like the others), and the device list
// it signed. A browser that had keys before identities existed migrates on load: its keys become device 1 of a new
// identity. A device linked from another one (device-link.js) holds no identity key, only the signed list.

import { labelled, toBase64, toHex } from './bytes.js';
import {
  decodeDeviceList, endorsementBytes, firstDeviceList, signDeviceList, verifiedDevices, withoutDevice,
} from './devices.js';
import { read, STORES, write, writeNew } from './keystore.js';

export const ED25519 = 'Ed25519';
export const ECDSA_P256 = 'ECDSA-P256-SHA256';
const RECORD_KEY = 'self';
const PERSON_KEY = 'person';
const FIRST_DEVICE_NAME = 'first device';
const USED_CODES_KEY = 'linked-with'; // device signing keys of link codes this browser used (a code works once here)
const USED_CODES_KEPT = 50;

const subtle = () => globalThis.crypto?.subtle;

/** Fresh key pairs (private keys non-extractable), as the record load() keeps. */
export async function generateKeys() {
  const agreement = await subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  let signing;
  let algorithm;
  try {
    signing = await subtle().generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    algorithm = ED25519;
  } catch {
    signing = await subtle().generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    algorithm = ECDSA_P256;
  }
  return {
    agreementPrivate: agreement.privateKey,
    signingPrivate: signing.privateKey,
    algorithm,
    agreement: toBase64(await subtle().exportKey('spki', agreement.publicKey)),
    signing: toBase64(await subtle().exportKey('spki', signing.publicKey)),
    created: Date.now(),
  };
}

/** A fresh identity signing key pair (private key non-extractable): { privateKey, signing, algorithm }. */
export async function generateIdentityKey(preferred = ED25519) {
  let pair;
  let algorithm = preferred;
  try {
    pair = await subtle().generateKey(signingImportAlgorithm(algorithm), false, ['sign', 'verify']);
  } catch {
    algorithm = ECDSA_P256;
    pair = await subtle().generateKey(signingImportAlgorithm(algorithm), false, ['sign', 'verify']);
  }
  return { privateKey: pair.privateKey, algorithm, signing: toBase64(await subtle().exportKey('spki', pair.publicKey)) };
}

/** The signer devices.js signs lists with, for an identity key pair as generateIdentityKey gives it. */
export function identitySigner({ privateKey, signing, algorithm }) {
  return {
    signing, algorithm,
    sign: async (bytes) => toBase64(await subtle().sign(signatureAlgorithm(algorithm), privateKey, bytes)),
  };
}

/** A new person for device keys `record` (a fresh browser, or one migrating): identity key + a one-device list. */
export async function newPerson(record, now = Date.now()) {
  const key = await generateIdentityKey(record.algorithm);
  const endorsement = await endorse(record.signingPrivate, record.algorithm, key.signing);
  const list = firstDeviceList({ ...record, name: FIRST_DEVICE_NAME, endorsement }, now);
  return { identityPrivate: key.privateKey, identity: await signDeviceList(identitySigner(key), list), pending: [] };
}

/** A device key's endorsement of an identity key (devices.js endorsesIdentity). */
export async function endorse(signingPrivate, algorithm, identitySigning) {
  return toBase64(await subtle().sign(signatureAlgorithm(algorithm), signingPrivate, endorsementBytes(identitySigning)));
}

/** The WebCrypto parameters of a signature algorithm as named on the wire. */
export function signatureAlgorithm(algorithm) {
  return algorithm === ED25519 ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' };
}

export function signingImportAlgorithm(algorithm) {
  return algorithm === ED25519 ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: 'P-256' };
}

/**
 * The fingerprint of a set of public keys (hex SHA-256 over both keys and the algorithm): what is pinned, and what
 * safety numbers are made of.
 */
export async function fingerprintOf(keys) {
  const digest = await subtle().digest('SHA-256',
    labelled('safehouse-fingerprint-v1', keys.algorithm, keys.agreement, keys.signing));
  return toHex(digest);
}

export class Identity {
  /**
   * `record`: the device keys; `person`: { identityPrivate (null on a linked device), identity (the signed block),
   * pending } or null (a page made before identities, in tests); `storage`: where the person record is written.
   */
  constructor(record, fingerprint, person = null, storage = { read, write }) {
    this.record = record;
    this.fingerprint = fingerprint;
    this.person = person;
    this.storage = storage;
  }

  /** Whether this browser used the link code for the device whose signing key is `signing` (device-link.js). */
  static async usedLinkCode(signing) {
    return ((await read(STORES.identity, USED_CODES_KEY)) || []).includes(signing);
  }

  /** Makes this browser the linked device a code described (device-link.js redeemLinkCode); the page then reloads. */
  static async becomeLinkedDevice({ record, person }) {
    const used = (await read(STORES.identity, USED_CODES_KEY)) || [];
    await write(STORES.identity, USED_CODES_KEY, [...used, record.signing].slice(-USED_CODES_KEPT));
    await write(STORES.identity, RECORD_KEY, record);
    await write(STORES.identity, PERSON_KEY, person);
  }

  /** Loads this browser's identity, making it on first use; null when this browser cannot have one. */
  static async load() {
    if (!subtle() || !globalThis.indexedDB || !globalThis.isSecureContext) return null;
    try {
      let record = await read(STORES.identity, RECORD_KEY);
      if (!record) {
        try {
          await writeNew(STORES.identity, RECORD_KEY, await generateKeys());
        } catch (error) {
          if (error?.name !== 'ConstraintError') throw error; // another tab made one first: use that
        }
        record = await read(STORES.identity, RECORD_KEY);
      }
      return new Identity(record, await fingerprintOf(record), await loadPerson(record));
    } catch (error) {
      console.error('Safehouse: no end-to-end encryption keys in this browser', error);
      return null;
    }
  }

  /** This device's public keys (what e2e.js encrypts to and verifies with). */
  get publicKeys() {
    const { agreement, signing, algorithm } = this.record;
    return { agreement, signing, algorithm };
  }

  /** The keys a Join carries: the device's, and the person's signed device list when there is one. */
  get joinKeys() {
    return this.person ? { ...this.publicKeys, identity: { ...this.person.identity } } : this.publicKeys;
  }

  /** True on the device that holds the identity key (it alone may link and unlink devices). */
  get holdsIdentityKey() {
    return Boolean(this.person?.identityPrivate);
  }

  /** The person's device list as signed now, or null. */
  get deviceList() {
    return this.person ? decodeDeviceList(this.person.identity.devices) : null;
  }

  /** The identity key as devices.js signs with it; only where holdsIdentityKey. */
  identitySigner() {
    if (!this.holdsIdentityKey) throw new Error('this device does not hold the identity key');
    const { signing, algorithm } = this.person.identity;
    return identitySigner({ privateKey: this.person.identityPrivate, signing, algorithm });
  }

  /** Signs `list` with the identity key and makes it this device's list (link, unlink). */
  async resign(list, pending = this.person.pending) {
    const identity = await signDeviceList(this.identitySigner(), list);
    await this.savePerson({ ...this.person, identity, pending });
    return identity;
  }

  /**
   * Takes a newer list of this person's, seen on the wire (another device linked or unlinked one): only when it is
   * signed by this person's identity key and newer than the one held.
   * @return 'adopted', 'same', 'older', 'foreign' (not this person's, or not verifiable) or 'removed' (this device
   *   is not in it: it was unlinked)
   */
  async observeOwnList(identityBlock) {
    if (!this.person || identityBlock?.signing !== this.person.identity.signing) return 'foreign';
    const current = this.deviceList;
    const list = decodeDeviceList(identityBlock.devices);
    if (!list) return 'foreign';
    if (list.version <= current.version) return list.version === current.version ? 'same' : 'older';
    const anyDevice = list.devices[0];
    const checked = await verifiedDevices({ ...anyDevice, identity: identityBlock });
    if (!checked) return 'foreign';
    if (!list.devices.some((device) => device.signing === this.record.signing)) return 'removed';
    const pending = (this.person.pending || []).filter((entry) => !list.devices.some((d) => d.signing === entry.signing));
    await this.savePerson({ ...this.person, identity: { ...identityBlock }, pending });
    return 'adopted';
  }

  /** The version a list signed now must carry: above the one held and above a pending link code's. */
  nextVersion() {
    const pending = this.person.pending?.[0];
    const pendingVersion = pending ? decodeDeviceList(pending.identity.devices)?.version || 0 : 0;
    return Math.max(this.deviceList.version, pendingVersion) + 1;
  }

  /** Keeps what a link code left to wait for (device-link.js startLink); one code is pending at a time. */
  async awaitLink(pending) {
    await this.savePerson({ ...this.person, pending: [pending] });
  }

  /**
   * A pending link code that expired unused (or `force`: one that a new code replaces) is made useless: the list
   * held is signed again under a version above the code's, so the code's list is an older one that peers refuse.
   * @return true when a new list was signed (the page then joins again to publish it)
   */
  async retirePendingLink(now = Date.now(), force = false) {
    const pending = this.person?.pending?.[0];
    if (!pending || !this.holdsIdentityKey || (!force && now < pending.expires)) return false;
    const held = this.deviceList;
    if (held.devices.some((device) => device.signing === pending.signing)) {
      await this.savePerson({ ...this.person, pending: [] }); // it was used: the new device joined with it
      return false;
    }
    await this.resign({ v: 1, version: this.nextVersion(), issued: now, devices: held.devices }, []);
    return true;
  }

  /** Signs the list without the device whose signing key is `signing` (only where holdsIdentityKey). */
  async unlink(signing, now = Date.now()) {
    const list = withoutDevice(this.deviceList, signing, now);
    return this.resign({ ...list, version: this.nextVersion() }, this.person.pending);
  }

  /** Becomes a person of its own again (this device was unlinked): a new identity key with this device alone. */
  async becomeOwnPerson(now = Date.now()) {
    await this.savePerson(await newPerson(this.record, now));
  }

  async savePerson(person) {
    this.person = person;
    try {
      await this.storage.write(STORES.identity, PERSON_KEY, person);
    } catch (error) {
      console.warn('Safehouse: the device list could not be stored', error);
    }
  }

  get agreementPrivateKey() {
    return this.record.agreementPrivate;
  }

  async sign(bytes) {
    return toBase64(await subtle().sign(signatureAlgorithm(this.record.algorithm), this.record.signingPrivate, bytes));
  }
}

/** The person record for device keys `record`, made (migration, first use) when there is none yet. */
async function loadPerson(record) {
  let person = await read(STORES.identity, PERSON_KEY);
  if (person) return person;
  try {
    await writeNew(STORES.identity, PERSON_KEY, await newPerson(record));
  } catch (error) {
    if (error?.name !== 'ConstraintError') throw error; // another tab made one first: use that
  }
  person = await read(STORES.identity, PERSON_KEY);
  return person;
}
