// The page's own small database (IndexedDB, per origin, so per server): this browser's identity keys, the keys it
// pinned for people, and per-conversation replay state. Survives reloads; cleared only with the site's data.
// CryptoKey objects are stored as they are (structured clone): a non-extractable private key stays non-extractable.

const DATABASE = 'safehouse';
const VERSION = 1;
export const STORES = Object.freeze({ identity: 'identity', pins: 'pins', conversations: 'conversations' });

let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DATABASE, VERSION);
      request.onupgradeneeded = () => {
        for (const name of Object.values(STORES)) {
          if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
        }
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('the Safehouse database is blocked by another tab'));
    });
    opening.catch(() => { opening = null; });
  }
  return opening;
}

function run(storeName, mode, work) {
  return open().then((database) => new Promise((resolve, reject) => {
    const transaction = database.transaction(storeName, mode);
    const result = work(transaction.objectStore(storeName));
    transaction.oncomplete = () => resolve(result.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error || new Error('transaction aborted'));
  }));
}

export function read(storeName, key) {
  return run(storeName, 'readonly', (store) => store.get(key));
}

export function write(storeName, key, value) {
  return run(storeName, 'readwrite', (store) => store.put(value, key));
}

/** Writes only when nothing is stored under `key` yet; rejects (ConstraintError) otherwise. */
export function writeNew(storeName, key, value) {
  return run(storeName, 'readwrite', (store) => store.add(value, key));
}

/** Every [key, value] of a store. */
export function readAll(storeName) {
  return open().then((database) => new Promise((resolve, reject) => {
    const entries = [];
    const transaction = database.transaction(storeName, 'readonly');
    const request = transaction.objectStore(storeName).openCursor();
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return;
      entries.push([cursor.key, cursor.value]);
      cursor.continue();
    };
    transaction.oncomplete = () => resolve(entries);
    transaction.onerror = () => reject(transaction.error);
  }));
}
