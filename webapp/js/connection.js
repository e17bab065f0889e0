// One WebSocket at a time, kept alive: reconnects with backoff and jitter while the application wants a connection,
// and runs an application heartbeat (browsers cannot send WebSocket pings) with a watchdog that gives up on a
// half-open connection. Knows nothing of rooms; the caller supplies the Ping frame and decides whether to reconnect.

import { backoffDelay } from './backoff.js';

export const CONNECTION_DEFAULTS = Object.freeze({
  heartbeatMs: 20000, // send a Ping after this long
  watchdogMs: 10000, // no frame at all this long after a Ping: the connection is dead
  connectTimeoutMs: 10000, // a socket that has not opened by then is given up
  stableAfterMs: 10000, // a connection that lasted this long resets the backoff
});

// Close codes after which retrying by itself would only be refused again.
const NO_AUTOMATIC_RETRY = new Set([1008]);

/**
 * States: 'idle' (no socket, none wanted), 'connecting', 'open', 'waiting' (a retry is scheduled at `retryAt`),
 * 'refused' (the server refused this page; only retryNow() tries again).
 */
export class Connection {
  constructor({ url, makePing, shouldReconnect, onOpen, onFrame, onClose, onStateChange, options = {} }) {
    this.url = url;
    this.makePing = makePing;
    this.shouldReconnect = shouldReconnect;
    this.onOpen = onOpen;
    this.onFrame = onFrame;
    this.onClose = onClose;
    this.onStateChange = onStateChange;
    this.options = { ...CONNECTION_DEFAULTS, ...options };
    this.socket = null;
    this.state = 'idle';
    this.attempt = 0;
    this.retryAt = null;
    this.lastCloseCode = null;
    this.timers = {};
    this.pingCounter = 0;
    this.pingSentAt = null;
    this.lastFrameAt = 0;
  }

  /** Opens a socket unless one is open or opening. */
  connect() {
    if (this.socket) return;
    this.clearTimer('retry');
    this.openSocket();
  }

  /** Skips the wait of a scheduled retry (also leaves 'refused'). */
  retryNow() {
    if (this.state === 'waiting' || this.state === 'refused' || this.state === 'idle') {
      this.attempt = 0;
      this.connect();
    }
  }

  /** Closes on purpose; no reconnect follows. */
  disconnect() {
    this.clearAllTimers();
    this.abandonSocket(1000, 'client done');
    if (this.state !== 'idle') this.setState('idle');
  }

  /** Closes the socket and opens a new one at once (the page's keys changed: every room is joined again with them). */
  reopen(reason) {
    if (!this.socket) return;
    this.giveUp(this.socket, reason);
    this.retryNow();
  }

  /** Sends a text frame if the socket is open; returns whether it was handed to the browser. */
  send(text) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(text);
    return true;
  }

  get isOpen() {
    return this.state === 'open';
  }

  /** Checks liveness now (after the tab comes back or the machine wakes up) instead of waiting for the timer. */
  probe() {
    if (this.state === 'open' && this.pingSentAt === null) this.sendPing();
  }

  openSocket() {
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (error) {
      console.error('Safehouse: cannot open WebSocket', error);
      this.afterClose({ code: 1006, reason: String(error), wasOpen: false });
      return;
    }
    this.socket = socket;
    this.setState('connecting');
    this.setTimer('connect', this.options.connectTimeoutMs, () => this.giveUp(socket, 'connect timeout'));

    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.clearTimer('connect');
      this.lastFrameAt = Date.now();
      this.pingSentAt = null;
      this.setState('open');
      this.setTimer('stable', this.options.stableAfterMs, () => { this.attempt = 0; });
      this.scheduleHeartbeat();
      this.onOpen();
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      this.lastFrameAt = Date.now();
      this.pingSentAt = null;
      this.clearTimer('watchdog');
      this.onFrame(event.data);
    };
    socket.onerror = () => {
      // A close event always follows; the browser gives no detail here on purpose.
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      const wasOpen = this.state === 'open';
      this.socket = null;
      this.afterClose({ code: event.code, reason: event.reason, wasOpen });
    };
  }

  scheduleHeartbeat() {
    this.setTimer('heartbeat', this.options.heartbeatMs, () => {
      this.sendPing();
      this.scheduleHeartbeat();
    });
  }

  sendPing() {
    if (!this.send(this.makePing(String(++this.pingCounter)))) return;
    const sentAt = Date.now();
    this.pingSentAt = sentAt;
    const socket = this.socket;
    // Judged on timestamps, not on the timer firing on time: hidden tabs get their timers throttled.
    this.setTimer('watchdog', this.options.watchdogMs, () => {
      if (socket === this.socket && this.lastFrameAt < sentAt) this.giveUp(socket, 'no answer to ping');
    });
  }

  /** Treats `socket` as dead without waiting for a closing handshake that may never come. */
  giveUp(socket, reason) {
    if (socket !== this.socket) return;
    const wasOpen = this.state === 'open';
    console.warn(`Safehouse: connection given up (${reason})`);
    this.abandonSocket(4000, reason);
    this.afterClose({ code: 4000, reason, wasOpen });
  }

  abandonSocket(code, reason) {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(code, reason);
    } catch {
      // Closing a socket that never opened may throw in some browsers; it is gone either way.
    }
  }

  afterClose({ code, reason, wasOpen }) {
    this.clearAllTimers();
    this.pingSentAt = null;
    this.lastCloseCode = code;
    this.onClose({ code, reason, wasOpen });
    if (NO_AUTOMATIC_RETRY.has(code)) {
      this.setState('refused');
      return;
    }
    if (!this.shouldReconnect()) {
      this.setState('idle');
      return;
    }
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.retryAt = Date.now() + delay;
    this.setTimer('retry', delay, () => {
      this.retryAt = null;
      if (this.shouldReconnect()) this.connect();
      else this.setState('idle');
    });
    this.setState('waiting');
  }

  setState(state) {
    if (state !== 'waiting') this.retryAt = null;
    this.state = state;
    this.onStateChange(state, this);
  }

  setTimer(name, delay, callback) {
    this.clearTimer(name);
    this.timers[name] = setTimeout(() => {
      delete this.timers[name];
      callback();
    }, delay);
  }

  clearTimer(name) {
    if (this.timers[name] !== undefined) clearTimeout(this.timers[name]);
    delete this.timers[name];
  }

  clearAllTimers() {
    for (const name of Object.keys(this.timers)) this.clearTimer(name);
  }
}
