// Sends awaiting their Ack: bounded, expiring, and given back to the composer when refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox, OUTBOX_LIMITS } from '../../../webapp/js/outbox.js';
import { roomViewId } from '../../../webapp/js/store.js';

test('only unacknowledged room messages of that room are sent again, oldest first', () => {
  const outbox = new Outbox({ now: () => 0 });
  outbox.sent('lobby', 'v', 'one', 'c1');
  outbox.sent('other', 'v', 'elsewhere', 'c2');
  outbox.sent('lobby', 'v', 'two', 'c3');
  outbox.sent('lobby', 'v', 'private words', null);
  outbox.acknowledged('c1');
  assert.deepEqual(outbox.toResend('lobby'), [{ clientMsgId: 'c3', text: 'two', sealed: null }]);
});

test('a message too old to matter is not sent again', () => {
  let now = 0;
  const outbox = new Outbox({ now: () => now });
  outbox.sent('lobby', 'v', 'stale', 'c1');
  now = OUTBOX_LIMITS.unackedMaxAgeMs + 1;
  outbox.sent('lobby', 'v', 'fresh', 'c2');
  assert.deepEqual(outbox.toResend('lobby').map((sent) => sent.text), ['fresh']);
  assert.equal(outbox.unacked.size, 1, 'the stale one is forgotten');
});

test('the outbox is bounded: the oldest unacknowledged message goes first', () => {
  const outbox = new Outbox({ now: () => 0 });
  for (let index = 0; index < OUTBOX_LIMITS.unackedKept + 20; index += 1) outbox.sent('lobby', 'v', `m${index}`, `c${index}`);
  const again = outbox.toResend('lobby');
  assert.equal(again.length, OUTBOX_LIMITS.unackedKept);
  assert.equal(again[0].text, 'm20');
});

test('a refusal naming the message gives back its text; without a name, the room\'s latest send', () => {
  const outbox = new Outbox({ now: () => 0 });
  outbox.sent('lobby', 'room view', 'first', 'c1');
  outbox.sent('lobby', 'room view', 'second', 'c2');
  assert.deepEqual(outbox.refused('lobby', 'c1'), { viewId: roomViewId('lobby'), text: 'first' });
  assert.deepEqual(outbox.refused('lobby', undefined), { viewId: 'room view', text: 'second' });
  assert.deepEqual(outbox.toResend('lobby'), [], 'neither is sent again after a reconnect');
  assert.equal(outbox.refused('nowhere', undefined), null);
});

test('leaving a room forgets what it had waiting', () => {
  const outbox = new Outbox({ now: () => 0 });
  outbox.sent('lobby', 'v', 'bye', 'c1');
  outbox.forgetRoom('lobby');
  assert.deepEqual(outbox.toResend('lobby'), []);
  assert.equal(outbox.refused('lobby', undefined), null);
});
