// Shared by the web client's tests (not a test file itself): a browser identity made in memory, console capture,
// and a fake WebSocket that a test drives as the server would.

import { webcrypto } from 'node:crypto';
import { BACKOFF_DEFAULTS } from '../../../webapp/js/backoff.js';
import { ChatClient } from '../../../webapp/js/chat-client.js';
import { fingerprintOf, generateKeys, Identity } from '../../../webapp/js/identity.js';
import { PrivateMessages } from '../../../webapp/js/private-messages.js';
import { ChatStore } from '../../../webapp/js/store.js';

// node 18 has WebCrypto only under node:crypto; from node 19 on it is globalThis.crypto, as in a browser.
if (!globalThis.crypto) globalThis.crypto = webcrypto;

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

/**
 * Replaces setTimeout, clearTimeout and Date.now for one test (restored after it): time moves only when the test
 * calls advance(ms), which runs the timers due on the way, in order.
 */
export function fakeClock(t, start = 1_700_000_000_000) {
  let now = start;
  let nextId = 1;
  const timers = new Map();
  t.mock.method(globalThis, 'setTimeout', (callback, delay = 0) => {
    const id = nextId++;
    timers.set(id, { at: now + Math.max(0, Number(delay) || 0), callback });
    return id;
  });
  t.mock.method(globalThis, 'clearTimeout', (id) => { timers.delete(id); });
  t.mock.method(Date, 'now', () => now);
  return {
    get now() { return now; },
    /** Delays of the timers now pending, from now. */
    pending: () => [...timers.values()].map((timer) => timer.at - now),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let due = null;
        for (const [id, timer] of timers) {
          if (timer.at <= end && (due === null || timer.at < due[1].at)) due = [id, timer];
        }
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = end;
    },
  };
}

/** A WebSocket the test opens, feeds and closes as the server would. */
export class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;

  constructor(url) {
    this.url = url;
    this.readyState = FakeWebSocket.CONNECTING;
    this.sent = [];
    this.closedWith = null;
    FakeWebSocket.opened.push(this);
  }

  send(text) {
    this.sent.push(text);
  }

  close(code, reason) {
    this.readyState = FakeWebSocket.CLOSED;
    this.closedWith = { code, reason };
  }

  /** The frames this page sent, parsed. */
  frames(msgType = null) {
    return this.sent.map((text) => JSON.parse(text)).filter((frame) => msgType === null || frame.msgType === msgType);
  }

  // The server's side.
  accept() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.();
  }

  receive(frame) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  drop(code = 1006) {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code, reason: '' });
  }
}

/** Makes `new WebSocket(url)` a FakeWebSocket for one test; returns the list of sockets opened, newest last. */
export function fakeWebSockets(t) {
  FakeWebSocket.opened = [];
  const saved = globalThis.WebSocket;
  globalThis.WebSocket = FakeWebSocket;
  t.after(() => { globalThis.WebSocket = saved; });
  return FakeWebSocket.opened;
}

/** Records every event the page would get, as [name, ...arguments]. */
export function recordingEvents() {
  const log = [];
  return new Proxy({ log }, {
    get: (target, name) => (name === 'log' ? log : (...args) => log.push([name, ...args])),
  });
}

/**
 * A ChatClient against a fake server, with a fake clock: `socket()` is the newest socket, `settled()` waits until the
 * frames received are handled, `shown()` lists the ids of the messages the page reported, `events.log` every event.
 */
export function newChatSession(t) {
  const clock = fakeClock(t);
  const sockets = fakeWebSockets(t);
  t.mock.method(console, 'warn', () => {});
  const store = new ChatStore();
  const events = recordingEvents();
  const client = new ChatClient({
    url: 'ws://127.0.0.1/chat', store, events, privateMessages: new PrivateMessages(null, null),
  });
  t.after(() => client.disconnect());
  const socket = () => sockets.at(-1);
  /** Lets the client finish handling what it received (frames are handled in order, asynchronously). */
  const settled = async () => {
    for (let round = 0; round < 3; round += 1) await client.inbound;
  };
  const shown = () => events.log.filter(([name]) => name === 'onMessage').map(([, , m]) => m.frame.id);
  return { client, clock, sockets, socket, store, events, settled, shown };
}

/**
 * The connection drops and the page reconnects by itself; the server greets it again. For any session shaped like
 * newChatSession's (`socket`, `settled`, `clock`).
 */
export async function reconnected({ socket, settled, clock }) {
  socket().drop(1006);
  await settled();
  clock.advance(BACKOFF_DEFAULTS.baseMs);
  socket().accept();
  socket().receive({ msgType: 'Hello', versions: [1] });
  await settled();
}

/** RGBA pixels of QR modules (qr-show.js), `scale` pixels each, on a white quiet zone of four modules: a camera's view. */
export function qrPixels(modules, scale) {
  const size = (modules.length + 8) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  modules.forEach((row, y) => row.forEach((dark, x) => {
    if (!dark) return;
    for (let dy = 0; dy < scale; dy += 1) {
      for (let dx = 0; dx < scale; dx += 1) {
        const offset = (((y + 4) * scale + dy) * size + (x + 4) * scale + dx) * 4;
        data[offset] = data[offset + 1] = data[offset + 2] = 0;
      }
    }
  }));
  return { data, size };
}
