// The sealed rooms' keys this browser holds: every room key it derived from a password or got from an invite link,
// per room (by the name the server treats as one room) and key id, kept in IndexedDB so that a reload, and history
// sealed before a rotation, stay readable. Its own database ("safehouse-room-keys"), apart from keystore.js's, so
// that no store version is shared with the identity keys.
//
// A room key is kept as its 32 raw bytes (an invite link carries them): whoever can read this browser profile's
// site data can read them, as they can read the page's messages on screen (docs/SECURITY.md, "Sealed rooms").
// Bounded: at most MAX_KEYS_PER_ROOM keys per room (the oldest are forgotten first) and MAX_ROOMS rooms.

import { roomCanonical, roomKeyId } from './sealed-crypto.js';

const DATABASE = 'safehouse-room-keys';
const VERSION = 1;
const STORE = 'roomKeys';
export const MAX_KEYS_PER_ROOM = 64;
export const MAX_ROOMS = 256;

/** IndexedDB storage of one record per room: { room, keys: [{ keyId, key: Uint8Array(32), added }] }. */
export function indexedDbStorage() {
  let opening = null;
  const open = () => {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(DATABASE, VERSION);
        request.onupgradeneeded = () => {
          if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error('the Safehouse room key database is blocked by another tab'));
      });
      opening.catch(() => { opening = null; });
    }
    return opening;
  };
  const run = (mode, work) => open().then((database) => new Promise((resolve, reject) => {
    const transaction = database.transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error || new Error('transaction aborted'));
  }));
  return {
    read: (room) => run('readonly', (store) => store.get(room)),
    write: (room, record) => run('readwrite', (store) => store.put(record, room)),
    remove: (room) => run('readwrite', (store) => store.delete(room)),
    rooms: () => run('readonly', (store) => store.getAllKeys()),
  };
}

/** Storage that lives as long as the page (no IndexedDB: an insecure context, or node's tests). */
export function memoryStorage() {
  const records = new Map();
  return {
    read: async (room) => structuredClone(records.get(room)),
    write: async (room, record) => { records.set(room, structuredClone(record)); },
    remove: async (room) => { records.delete(room); },
    rooms: async () => [...records.keys()],
  };
}

export class RoomKeyRing {
  constructor(storage) {
    this.storage = storage;
    this.cache = new Map(); // canonical room -> Promise<record>
    this.writing = Promise.resolve(); // writes one after another, so two remembers never lose one
  }

  record(room) {
    const canonical = roomCanonical(room);
    let record = this.cache.get(canonical);
    if (!record) {
      record = this.storage.read(canonical).then((stored) => stored || { room: canonical, keys: [] })
        .catch((error) => {
          console.error('Safehouse: sealed room keys could not be read', error);
          return { room: canonical, keys: [] };
        });
      this.cache.set(canonical, record);
    }
    return record;
  }

  /** Keeps a room key (32 bytes), newest last; returns its key id. Remembering a held key makes it current again. */
  rememberRoomKey(room, rawKeyBytes) {
    const key = new Uint8Array(rawKeyBytes);
    if (key.length !== 32) return Promise.reject(new Error('a room key is 32 bytes'));
    const done = this.writing.then(async () => {
      const keyId = await roomKeyId(key);
      const canonical = roomCanonical(room);
      const current = await this.record(room);
      const keys = current.keys.filter((held) => held.keyId !== keyId);
      keys.push({ keyId, key, added: Date.now() });
      const record = { room: canonical, keys: keys.slice(-MAX_KEYS_PER_ROOM) };
      this.cache.set(canonical, Promise.resolve(record));
      await this.storage.write(canonical, record).catch((error) =>
        console.error('Safehouse: a sealed room key is kept for this page only', error));
      await this.forgetRoomsOver(canonical);
      return keyId;
    });
    this.writing = done.catch(() => {});
    return done;
  }

  async forgetRoomsOver(keep) {
    const rooms = await this.storage.rooms().catch(() => []);
    if (rooms.length <= MAX_ROOMS) return;
    const records = await Promise.all(rooms.filter((room) => room !== keep).map((room) => this.record(room)));
    const newest = (record) => Math.max(0, ...record.keys.map((held) => held.added));
    records.sort((a, b) => newest(a) - newest(b));
    for (const record of records.slice(0, rooms.length - MAX_ROOMS)) {
      this.cache.delete(record.room);
      await this.storage.remove(record.room).catch(() => {});
    }
  }

  /** The raw key with that id, or null. */
  async roomKeyById(room, keyId) {
    const held = (await this.record(room)).keys.find((entry) => entry.keyId === keyId);
    return held ? held.key : null;
  }

  /** The key remembered last ({ keyId, key }), or null: the one this page seals with. */
  async currentRoomKey(room) {
    const { keys } = await this.record(room);
    const last = keys[keys.length - 1];
    return last ? { keyId: last.keyId, key: last.key } : null;
  }

  async keyIds(room) {
    return (await this.record(room)).keys.map((entry) => entry.keyId);
  }
}

let shared = null;

/** The page's one key ring (IndexedDB when the browser has it, else memory). */
export function roomKeyRing() {
  if (!shared) {
    const persistent = globalThis.indexedDB && globalThis.isSecureContext !== false;
    shared = new RoomKeyRing(persistent ? indexedDbStorage() : memoryStorage());
  }
  return shared;
}

export const rememberRoomKey = (room, rawKeyBytes) => roomKeyRing().rememberRoomKey(room, rawKeyBytes);
export const roomKeyById = (room, keyId) => roomKeyRing().roomKeyById(room, keyId);
export const currentRoomKey = (room) => roomKeyRing().currentRoomKey(room);
