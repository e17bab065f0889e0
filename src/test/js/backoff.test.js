// Reconnect delays: growing, bounded, and spread out so that a crowd does not reconnect at one instant.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKOFF_DEFAULTS, backoffDelay } from '../../../webapp/js/backoff.js';

test('the first retry after a drop comes within the base delay', () => {
  for (const draw of [0, 0.5, 0.999]) {
    const delay = backoffDelay(0, { random: () => draw });
    assert.ok(delay >= BACKOFF_DEFAULTS.baseMs / 2 && delay <= BACKOFF_DEFAULTS.baseMs, `${delay}`);
  }
});

test('delays grow with each attempt and never exceed the maximum, however many attempts fail', () => {
  let previousCeiling = 0;
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const highest = backoffDelay(attempt, { random: () => 1 });
    const lowest = backoffDelay(attempt, { random: () => 0 });
    assert.ok(highest <= BACKOFF_DEFAULTS.maxMs, `attempt ${attempt}: ${highest}`);
    assert.ok(highest >= previousCeiling, `attempt ${attempt} waits less than the one before`);
    assert.equal(lowest, Math.round(highest / 2), 'half of the delay is fixed, half random');
    previousCeiling = highest;
  }
  assert.equal(backoffDelay(1000, { random: () => 1 }), BACKOFF_DEFAULTS.maxMs);
  assert.ok(backoffDelay(Number.MAX_SAFE_INTEGER, { random: () => 0 }) >= BACKOFF_DEFAULTS.maxMs / 2);
});

test('a long outage settles at one try every 15 to 30 seconds, spread by the random half', () => {
  const delays = new Set();
  for (let draw = 0; draw <= 1; draw += 0.125) delays.add(backoffDelay(50, { random: () => draw }));
  for (const delay of delays) assert.ok(delay >= 15000 && delay <= 30000, `${delay}`);
  assert.ok(delays.size > 5, 'browsers reconnecting together do not pick the same instant');
});

test('a negative attempt is treated as the first', () => {
  assert.equal(backoffDelay(-3, { random: () => 1 }), backoffDelay(0, { random: () => 1 }));
});
