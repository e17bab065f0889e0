// The devices of each person this page talks to (and of its own person), as their newest signed lists say: whom a
// private message is encrypted to (one copy per device), and which keys a copy from a given device is checked with.
// Fed with the raw `keys` entries of Joined and Presence; believes only what devices.js verifies, and never an
// older list than one seen before (DeviceListLedger). No DOM, no socket.

import { DeviceListLedger, deviceId, verifiedDevices } from './devices.js';

const PEERS_KEPT = 2000; // (room, nickname) pairs remembered; the oldest is forgotten first

const peerKey = (room, nick) => JSON.stringify([room, nick]);

/** The devices of a list with their ids (devices.js deviceId), in list order. */
export async function identifiedDevices(list) {
  return Promise.all(list.devices.map(async (device) => ({ ...device, id: await deviceId(device.signing) })));
}

export class PeerDevices {
  constructor(ledger = new DeviceListLedger()) {
    this.ledger = ledger;
    this.identities = new Map(); // peerKey -> identity signing key last seen with a list believed
    this.counts = new Map(); // peerKey -> number of devices in that identity's newest list (for the people list)
  }

  /** How many devices `nick` has (newest list), or null; synchronous, for drawing. */
  countOf(room, nick) {
    return this.counts.get(peerKey(room, nick)) ?? null;
  }

  /**
   * Learns what a `keys` entry says of `nick`'s devices.
   * @return 'newer' | 'same' (believed), 'older' | 'conflict' (a rollback or a second list under one version:
   *   ignored, the newest list seen stays), or 'none' (no identity block, or one that does not verify)
   */
  async observe(room, nick, keys) {
    const key = peerKey(room, nick);
    const checked = await verifiedDevices(keys);
    if (!checked) {
      this.identities.delete(key);
      this.counts.delete(key);
      return 'none';
    }
    const verdict = await this.ledger.weigh(checked.identity.signing, keys.identity.devices, checked.list);
    this.identities.delete(key);
    this.identities.set(key, checked.identity.signing);
    if (this.identities.size > PEERS_KEPT) this.identities.delete(this.identities.keys().next().value);
    this.counts.delete(key);
    this.counts.set(key, (await this.ledger.newestList(checked.identity.signing))?.devices.length ?? null);
    if (this.counts.size > PEERS_KEPT) this.counts.delete(this.counts.keys().next().value);
    return verdict;
  }

  /** The identity signing key `nick` was last seen with, or null. */
  identityOf(room, nick) {
    return this.identities.get(peerKey(room, nick)) || null;
  }

  /** The devices (with ids) of `nick`'s newest list, or null when `nick` has no list this page believes. */
  async devicesOf(room, nick) {
    const identity = this.identityOf(room, nick);
    if (!identity) return null;
    const list = await this.ledger.newestList(identity);
    return list ? identifiedDevices(list) : null;
  }

  /** The device of `nick` whose id is `id`, from the newest list; null when that list does not name it. */
  async device(room, nick, id) {
    const devices = await this.devicesOf(room, nick);
    return devices?.find((device) => device.id === id) || null;
  }
}
