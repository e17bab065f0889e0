// Shared by the web client's tests (not a test file itself): a browser identity made in memory, console capture,
// and a fake WebSocket that a test drives as the server would.

import { fingerprintOf, generateKeys, Identity } from '../../../webapp/js/identity.js';

/** A fresh identity for this browser, in memory only (no IndexedDB in node). */
export async function newIdentity() {
  const record = await generateKeys();
  return new Identity(record, await fingerprintOf(record));
}

/** Runs `work` with console.warn and console.error captured (the page logs what it drops); returns its result. */
export function quietly(work) {
  const captured = [];
  const saved = { warn: console.warn, error: console.error };
  console.warn = console.error = (...parts) => captured.push(parts.join(' '));
  try {
    return work(captured);
  } finally {
    Object.assign(console, saved);
  }
}

/** In-memory stand-in for keystore.js's read and write, shared by every "reload" that is given it. */
export function memoryStorage() {
  const stores = new Map();
  const store = (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    return stores.get(name);
  };
  return {
    read: async (name, key) => structuredClone(store(name).get(key)),
    write: async (name, key, value) => { store(name).set(key, structuredClone(value)); },
  };
}
