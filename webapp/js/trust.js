// Trust on first use, and verification. The first keys seen for a nickname in a room are pinned (in IndexedDB, so a
// reload keeps them); keys that differ later are a "changed key" until the person using this page accepts them, or,
// when the pin was verified, verifies the new safety number again. Pins are per room and nickname, not per nickname
// alone: nicknames are unique only inside a room (the server binds identities to room and nickname too), and "bob"
// in the family room need not be "bob" in the book club.
//
// A pin stands for a person: their identity key when they have one (devices.js checks the signed device list and
// plugs that check in with setIdentityListCheck), else their device keys. The safety number of a conversation is
// made from both people's 30-digit fingerprints (fingerprint.js), so it reads the same on both sides.

import { personFingerprint, safetyNumberOf } from './fingerprint.js';
import { ECDSA_P256, ED25519 } from './identity.js';
import { readAll, STORES, write } from './keystore.js';

/** How the server compares nicknames and room names (Names.key): case-folded, then NFKC. */
export const canonical = (name) => name.toUpperCase().toLowerCase().normalize('NFKC');

const pinKey = (room, nick) => JSON.stringify([canonical(room), canonical(nick)]);

/** The keys of a Joined/Presence `keys` entry when well-formed, else null; `identity` is kept as it came. */
export function validKeys(keys) {
  if (!keys || typeof keys !== 'object') return null;
  const { agreement, signing, algorithm, identity } = keys;
  if (typeof agreement !== 'string' || typeof signing !== 'string') return null;
  if (algorithm !== ED25519 && algorithm !== ECDSA_P256) return null;
  return identity && typeof identity === 'object' ? { agreement, signing, algorithm, identity }
    : { agreement, signing, algorithm };
}

let identityListCheck = null;
let endorsementCheck = null;

/**
 * devices.js plugs in `check(keys)`: resolves true when `keys.identity` carries a device list signed by the identity
 * key that names this device's keys (`keys.agreement`, `keys.signing`).
 */
export function setIdentityListCheck(check) {
  identityListCheck = check;
}

/**
 * devices.js plugs in `check(keys)`: resolves true when the device presenting `keys` (top-level keys) signed an
 * endorsement of `keys.identity.signing` with its own device key, which the server cannot forge.
 */
export function setEndorsementCheck(check) {
  endorsementCheck = check;
}

/**
 * Whether a pin of device keys may move to the identity key in `keys` without a warning: the same device (signing and
 * agreement keys) now presents an identity it endorsed itself.
 */
async function endorsedUpgrade(pin, person, keys) {
  if (!person.identity || !endorsementCheck || !pin.sameness.startsWith('device ')) return false;
  if (pin.sameness !== sameness({ identity: false }, keys)) return false;
  try {
    return (await endorsementCheck(keys)) === true;
  } catch {
    return false;
  }
}

/**
 * The key that stands for the person behind `keys`: { algorithm, signing, identity: true } for their identity key
 * when `keys.identity` is present and its list verifies, else their device signing key with identity false.
 */
export async function personKeyOf(keys) {
  const identity = keys.identity;
  if (identity && identityListCheck && typeof identity.signing === 'string'
    && (identity.algorithm === ED25519 || identity.algorithm === ECDSA_P256)) {
    let listed = false;
    try {
      listed = await identityListCheck(keys);
    } catch {
      listed = false;
    }
    if (listed) return { algorithm: identity.algorithm, signing: identity.signing, identity: true };
  }
  return { algorithm: keys.algorithm, signing: keys.signing, identity: false };
}

/**
 * What must stay the same for keys to be the pinned person: the identity key; or, for a person without one, the
 * device's signing AND agreement keys (nothing else vouches for the agreement key then, so swapping it is a change).
 */
function sameness(person, keys) {
  return person.identity ? `identity ${person.algorithm} ${person.signing}`
    : `device ${JSON.stringify([keys.algorithm, keys.agreement, keys.signing])}`;
}

/** The 60-digit safety number of two key sets (each side's person key), the same from both sides. */
export async function safetyNumber(keysA, keysB) {
  const [a, b] = await Promise.all([keysA, keysB].map(async (keys) => personFingerprint((await personKeyOf(keys)).signing)));
  return safetyNumberOf(a, b);
}

export class TrustStore {
  constructor(pins, persistent) {
    // pinKey -> { keys, sameness, fingerprint (30 digits), pinnedAt, verified, verifiedAt }; pins stored before
    // per-person fingerprints have only keys, fingerprint (hex) and pinnedAt, and are brought up to date on sight
    this.pins = pins;
    this.persistent = persistent;
  }

  static async load() {
    try {
      return new TrustStore(new Map(await readAll(STORES.pins)), true);
    } catch (error) {
      console.warn('Safehouse: pinned keys cannot be stored in this browser; they last until the page closes', error);
      return new TrustStore(new Map(), false);
    }
  }

  pinned(room, nick) {
    return this.pins.get(pinKey(room, nick)) || null;
  }

  /** The pin of `nick` with its person fingerprint, bringing a pin from before v2 up to date; null when none. */
  async currentPin(room, nick) {
    const pin = this.pinned(room, nick);
    if (!pin || pin.sameness) return pin;
    const person = await personKeyOf(pin.keys);
    const updated = {
      ...pin, sameness: sameness(person, pin.keys), fingerprint: await personFingerprint(person.signing),
      verified: false,
    };
    await this.save(room, nick, updated);
    return updated;
  }

  /**
   * Compares the keys the server lists for `nick` (null: none) with the pin, pinning them on first sight.
   * @return { status: 'first' | 'pinned' | 'changed' | 'none', keys, fingerprint, pin }; 'changed' with null keys
   *   means someone who had keys now comes without any. `fingerprint`: the 30 digits of the person behind `keys`.
   */
  async observe(room, nick, keys) {
    const pin = await this.currentPin(room, nick);
    if (!keys) return { status: pin ? 'changed' : 'none', keys: null, fingerprint: null, pin };
    const person = await personKeyOf(keys);
    const fingerprint = await personFingerprint(person.signing);
    const same = sameness(person, keys);
    if (!pin) {
      const record = { keys, sameness: same, fingerprint, pinnedAt: Date.now(), verified: false };
      await this.save(room, nick, record);
      return { status: 'first', keys, fingerprint, pin: record };
    }
    if (pin.sameness !== same) {
      if (!(await endorsedUpgrade(pin, person, keys))) return { status: 'changed', keys, fingerprint, pin };
      // The pinned device vouches for its person's identity key: the pin (and a verified mark) moves to it.
      const record = { ...pin, keys, sameness: same, fingerprint };
      await this.save(room, nick, record);
      return { status: 'pinned', keys, fingerprint, pin: record };
    }
    if (JSON.stringify(pin.keys) === JSON.stringify(keys)) return { status: 'pinned', keys, fingerprint, pin };
    // The same person with another device list: keep the newest, so a message to them while away reaches it.
    const record = { ...pin, keys };
    await this.save(room, nick, record);
    return { status: 'pinned', keys, fingerprint, pin: record };
  }

  /** The person accepted `keys` (after a change) without verifying them: they become the pin, not verified. */
  async accept(room, nick, keys) {
    return this.pinAnew(room, nick, keys, false);
  }

  /** The person compared the safety number made with `keys` (digits or QR code): they become the pin, verified. */
  async verify(room, nick, keys) {
    return this.pinAnew(room, nick, keys, true);
  }

  async pinAnew(room, nick, keys, verified) {
    const person = await personKeyOf(keys);
    const record = {
      keys, sameness: sameness(person, keys), fingerprint: await personFingerprint(person.signing),
      pinnedAt: Date.now(), verified,
    };
    if (verified) record.verifiedAt = Date.now();
    await this.save(room, nick, record);
    return record;
  }

  async save(room, nick, record) {
    this.pins.set(pinKey(room, nick), record);
    if (!this.persistent) return;
    try {
      await write(STORES.pins, pinKey(room, nick), record);
    } catch (error) {
      console.warn('Safehouse: could not store a pinned key', error);
    }
  }
}
