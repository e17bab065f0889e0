// Trust on first use. The first keys seen for a nickname in a room are pinned (in IndexedDB, so a reload keeps
// them); keys that differ later are a "changed key" until the person using this page accepts them. Pins are per
// room and nickname, not per nickname alone: nicknames are unique only inside a room (the server binds identities
// to room and nickname too), and "bob" in the family room need not be "bob" in the book club. The safety number of
// a conversation is made from both parties' fingerprints, so it reads the same on both sides.

import { labelled } from './bytes.js';
import { ECDSA_P256, ED25519, fingerprintOf } from './identity.js';
import { readAll, STORES, write } from './keystore.js';

/** How the server compares nicknames and room names (Names.key): case-folded, then NFKC. */
export const canonical = (name) => name.toUpperCase().toLowerCase().normalize('NFKC');

const pinKey = (room, nick) => JSON.stringify([canonical(room), canonical(nick)]);

/** The keys of a Joined/Presence `keys` entry when well-formed, else null. */
export function validKeys(keys) {
  if (!keys || typeof keys !== 'object') return null;
  const { agreement, signing, algorithm } = keys;
  if (typeof agreement !== 'string' || typeof signing !== 'string') return null;
  if (algorithm !== ED25519 && algorithm !== ECDSA_P256) return null;
  return { agreement, signing, algorithm };
}

/** Four groups of five digits (about 66 bits), independent of which side computes it. */
export async function safetyNumber(fingerprintA, fingerprintB) {
  const [first, second] = fingerprintA < fingerprintB ? [fingerprintA, fingerprintB] : [fingerprintB, fingerprintA];
  const digest = await crypto.subtle.digest('SHA-256', labelled('safehouse-safety-number-v1', first, second));
  const view = new DataView(digest);
  return [0, 4, 8, 12].map((offset) => String(view.getUint32(offset) % 100000).padStart(5, '0')).join(' ');
}

export class TrustStore {
  constructor(pins, persistent) {
    this.pins = pins; // pinKey -> { keys, fingerprint, pinnedAt }
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

  /**
   * Compares the keys the server lists for `nick` (null: none) with the pin, pinning them on first sight.
   * @return { status: 'first' | 'pinned' | 'changed' | 'none', keys, fingerprint, pin }; 'changed' with null keys
   *   means someone who had keys now comes without any
   */
  async observe(room, nick, keys) {
    const pin = this.pinned(room, nick);
    if (!keys) return { status: pin ? 'changed' : 'none', keys: null, fingerprint: null, pin };
    const fingerprint = await fingerprintOf(keys);
    if (!pin) {
      const record = { keys, fingerprint, pinnedAt: Date.now() };
      await this.save(room, nick, record);
      return { status: 'first', keys, fingerprint, pin: record };
    }
    return { status: pin.fingerprint === fingerprint ? 'pinned' : 'changed', keys, fingerprint, pin };
  }

  /** The person accepted `keys` (after a change): they become the pin. */
  async accept(room, nick, keys, fingerprint) {
    const record = { keys, fingerprint, pinnedAt: Date.now() };
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
