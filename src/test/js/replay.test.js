// Replay protection for received encrypted private messages, kept across reloads.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplayGuard } from '../../../webapp/js/replay.js';
import { memoryStorage } from './support.js';

const message = (clientMsgId, counter, id) => ({ clientMsgId, counter, id });

test('a new message is accepted; the same message under another server id is a replay', async () => {
  const guard = new ReplayGuard(memoryStorage());
  const first = message('m1', 10, '100');
  assert.equal(await guard.check('lobby', 'ann', 'bob', first), 'new');
  await guard.accept('lobby', 'ann', 'bob', first);
  assert.equal(await guard.check('lobby', 'ann', 'bob', first), 'again', 'the server delivering its stored copy again');
  assert.equal(await guard.check('lobby', 'ann', 'bob', message('m1', 10, '999')), 'replayed');
});

test('an old counter under a new message id is a replay', async () => {
  const guard = new ReplayGuard(memoryStorage());
  await guard.accept('lobby', 'ann', 'bob', message('m1', 10, '100'));
  assert.equal(await guard.check('lobby', 'ann', 'bob', message('m2', 10, '101')), 'replayed');
  assert.equal(await guard.check('lobby', 'ann', 'bob', message('m3', 9, '102')), 'replayed');
  assert.equal(await guard.check('lobby', 'ann', 'bob', message('m4', 11, '103')), 'new');
});

test('a reload remembers what was accepted', async () => {
  const storage = memoryStorage();
  await new ReplayGuard(storage).accept('lobby', 'ann', 'bob', message('m1', 10, '100'));
  const afterReload = new ReplayGuard(storage);
  assert.equal(await afterReload.check('lobby', 'ann', 'bob', message('m1', 10, '555')), 'replayed');
  assert.equal(await afterReload.check('lobby', 'ann', 'bob', message('m1', 10, '100')), 'again');
});

test('conversations are kept apart, and names compare as the server compares them', async () => {
  const guard = new ReplayGuard(memoryStorage());
  await guard.accept('lobby', 'ann', 'bob', message('m1', 10, '100'));
  assert.equal(await guard.check('lobby', 'ann', 'cy', message('m1', 10, '100')), 'new');
  assert.equal(await guard.check('other', 'ann', 'bob', message('m1', 10, '100')), 'new');
  assert.equal(await guard.check('LOBBY', 'Ann', 'BOB', message('m1', 10, '999')), 'replayed');
});

test('the memory per conversation is bounded, and the counter still stops old messages', async () => {
  const storage = memoryStorage();
  const guard = new ReplayGuard(storage);
  for (let counter = 1; counter <= 1100; counter += 1) {
    await guard.accept('lobby', 'ann', 'bob', message(`m${counter}`, counter, String(counter)));
  }
  const kept = await storage.read('conversations', JSON.stringify(['lobby', 'ann', 'bob']));
  assert.equal(kept.accepted.length, 1000);
  assert.equal(await guard.check('lobby', 'ann', 'bob', message('m1', 1, '1')), 'replayed');
});

test('without storage (a private window) the guard still works for the page\'s lifetime', async (t) => {
  t.mock.method(console, 'warn', () => {});
  const failing = { read: async () => { throw new Error('no IndexedDB'); }, write: async () => { throw new Error('no'); } };
  const guard = new ReplayGuard(failing);
  await guard.accept('lobby', 'ann', 'bob', message('m1', 10, '100'));
  assert.equal(await guard.check('lobby', 'ann', 'bob', message('m1', 10, '101')), 'replayed');
});
