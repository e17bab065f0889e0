// The connection's state machine: reconnecting with bounded backoff while wanted, giving up on a dead socket, and
// never retrying on its own after the server refused the page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONNECTION_DEFAULTS, Connection } from '../../../webapp/js/connection.js';
import { BACKOFF_DEFAULTS } from '../../../webapp/js/backoff.js';
import { fakeClock, fakeWebSockets } from './support.js';

function newConnection(t, { wanted = () => true } = {}) {
  const clock = fakeClock(t);
  const sockets = fakeWebSockets(t);
  const seen = { states: [], frames: [], closes: [], opens: 0 };
  t.mock.method(console, 'warn', () => {});
  const connection = new Connection({
    url: 'ws://127.0.0.1/chat',
    makePing: (token) => JSON.stringify({ msgType: 'Ping', token }),
    shouldReconnect: wanted,
    onOpen: () => { seen.opens += 1; },
    onFrame: (data) => seen.frames.push(data),
    onClose: (info) => seen.closes.push(info),
    onStateChange: (state) => seen.states.push(state),
  });
  t.after(() => connection.disconnect());
  return { connection, clock, sockets, seen };
}

test('a dropped connection comes back by itself, after a bounded wait', (t) => {
  const { connection, clock, sockets, seen } = newConnection(t);
  connection.connect();
  sockets[0].accept();
  sockets[0].drop(1006);
  assert.equal(connection.state, 'waiting');
  assert.deepEqual(seen.closes, [{ code: 1006, reason: '', wasOpen: true }]);
  assert.ok(connection.retryAt - clock.now <= BACKOFF_DEFAULTS.baseMs);
  clock.advance(BACKOFF_DEFAULTS.baseMs);
  assert.equal(sockets.length, 2);
  assert.equal(connection.state, 'connecting');
  sockets[1].accept();
  assert.equal(connection.state, 'open');
  assert.equal(seen.opens, 2);
});

test('while the server stays down, the waits grow but never beyond the maximum', (t) => {
  const { connection, clock, sockets } = newConnection(t);
  connection.connect();
  let longest = 0;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    sockets.at(-1).drop(1006);
    const wait = connection.retryAt - clock.now;
    assert.ok(wait <= BACKOFF_DEFAULTS.maxMs, `attempt ${attempt} waits ${wait} ms`);
    longest = Math.max(longest, wait);
    clock.advance(wait);
  }
  assert.equal(sockets.length, 41);
  assert.ok(longest >= BACKOFF_DEFAULTS.maxMs / 2, 'the wait did grow');
});

test('a connection that lasted resets the backoff, so the next drop is retried quickly', (t) => {
  const { connection, clock, sockets } = newConnection(t);
  connection.connect();
  for (let attempt = 0; attempt < 8; attempt += 1) {
    sockets.at(-1).drop(1006);
    clock.advance(connection.retryAt - clock.now);
  }
  sockets.at(-1).accept();
  clock.advance(CONNECTION_DEFAULTS.stableAfterMs);
  sockets.at(-1).receive('{}'); // keeps the heartbeat's watchdog happy
  sockets.at(-1).drop(1006);
  assert.ok(connection.retryAt - clock.now <= BACKOFF_DEFAULTS.baseMs);
});

test('nothing reconnects once nothing needs the connection', (t) => {
  let wanted = true;
  const { connection, clock, sockets } = newConnection(t, { wanted: () => wanted });
  connection.connect();
  sockets[0].accept();
  wanted = false;
  sockets[0].drop(1006);
  assert.equal(connection.state, 'idle');
  clock.advance(BACKOFF_DEFAULTS.maxMs * 2);
  assert.equal(sockets.length, 1);
});

test('a page the server refused (1008, origin not allowed) does not retry until asked to', (t) => {
  const { connection, clock, sockets } = newConnection(t);
  connection.connect();
  sockets[0].drop(1008);
  assert.equal(connection.state, 'refused');
  clock.advance(BACKOFF_DEFAULTS.maxMs * 4);
  assert.equal(sockets.length, 1);
  connection.retryNow();
  assert.equal(sockets.length, 2);
});

test('a half-open connection is noticed: a ping without any answer gives it up and reconnects', (t) => {
  const { connection, clock, sockets, seen } = newConnection(t);
  connection.connect();
  sockets[0].accept();
  clock.advance(CONNECTION_DEFAULTS.heartbeatMs);
  assert.deepEqual(JSON.parse(sockets[0].sent[0]), { msgType: 'Ping', token: '1' });
  clock.advance(CONNECTION_DEFAULTS.watchdogMs);
  assert.equal(sockets[0].closedWith.code, 4000);
  assert.deepEqual(seen.closes.at(-1), { code: 4000, reason: 'no answer to ping', wasOpen: true });
  assert.equal(connection.state, 'waiting');
});

test('a connection that answers keeps going, with a ping every heartbeat', (t) => {
  const { connection, clock, sockets } = newConnection(t);
  connection.connect();
  sockets[0].accept();
  for (let beat = 0; beat < 5; beat += 1) {
    clock.advance(CONNECTION_DEFAULTS.heartbeatMs);
    sockets[0].receive('{"msgType":"Pong"}');
  }
  clock.advance(CONNECTION_DEFAULTS.watchdogMs);
  assert.equal(connection.state, 'open');
  assert.equal(sockets[0].frames('Ping').length, 5);
});

test('a socket that never opens is given up after the connect timeout', (t) => {
  const { connection, clock, sockets } = newConnection(t);
  connection.connect();
  clock.advance(CONNECTION_DEFAULTS.connectTimeoutMs);
  assert.equal(sockets[0].closedWith.code, 4000);
  assert.equal(connection.state, 'waiting');
});

test('disconnecting on purpose closes normally and stops every timer', (t) => {
  const { connection, clock, sockets } = newConnection(t);
  connection.connect();
  sockets[0].accept();
  connection.disconnect();
  assert.deepEqual(sockets[0].closedWith, { code: 1000, reason: 'client done' });
  assert.equal(connection.state, 'idle');
  assert.deepEqual(clock.pending(), []);
  assert.equal(connection.send('x'), false);
});
