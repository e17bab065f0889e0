// The sealed rooms' key ring: old keys stay (history sealed before a rotation stays readable), the newest is the one
// sealed with, a reload finds them again, and what a page keeps is bounded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './support.js';
import { roomKeyId } from '../../../webapp/js/sealed-crypto.js';
import {
  MAX_KEYS_PER_ROOM, MAX_ROOMS, memoryStorage, RoomKeyRing,
} from '../../../webapp/js/sealed-keys.js';

const keyOf = (seed) => Uint8Array.from({ length: 32 }, (_, index) => (seed * 31 + index) % 256);

test('after a rotation the new key seals and the old one still opens old history, also after a reload', async () => {
  const storage = memoryStorage();
  const ring = new RoomKeyRing(storage);
  const oldId = await ring.rememberRoomKey('Garden', keyOf(1));
  const newId = await ring.rememberRoomKey('garden', keyOf(2));
  assert.equal(oldId, await roomKeyId(keyOf(1)));
  assert.deepEqual(await ring.currentRoomKey('GARDEN'), { keyId: newId, key: keyOf(2) });

  const reloaded = new RoomKeyRing(storage);
  assert.deepEqual(await reloaded.roomKeyById('garden', oldId), keyOf(1));
  assert.deepEqual(await reloaded.roomKeyById('garden', newId), keyOf(2));
  assert.equal(await reloaded.roomKeyById('lobby', oldId), null, 'keys are per room');
  assert.equal(await reloaded.currentRoomKey('lobby'), null);
});

test('remembering a held key again makes it current without keeping it twice', async () => {
  const ring = new RoomKeyRing(memoryStorage());
  const first = await ring.rememberRoomKey('garden', keyOf(1));
  await ring.rememberRoomKey('garden', keyOf(2));
  await ring.rememberRoomKey('garden', keyOf(1));
  assert.equal((await ring.currentRoomKey('garden')).keyId, first);
  assert.equal((await ring.keyIds('garden')).length, 2);
});

test('two keys remembered at once are both kept', async () => {
  const ring = new RoomKeyRing(memoryStorage());
  await Promise.all([ring.rememberRoomKey('garden', keyOf(1)), ring.rememberRoomKey('garden', keyOf(2))]);
  assert.equal((await new RoomKeyRing(ring.storage).keyIds('garden')).length, 2);
});

test(`at most ${MAX_KEYS_PER_ROOM} keys per room and ${MAX_ROOMS} rooms are kept, the oldest forgotten`, async () => {
  const storage = memoryStorage();
  const ring = new RoomKeyRing(storage);
  for (let seed = 0; seed < MAX_KEYS_PER_ROOM + 3; seed += 1) await ring.rememberRoomKey('garden', keyOf(seed));
  const ids = await ring.keyIds('garden');
  assert.equal(ids.length, MAX_KEYS_PER_ROOM);
  assert.equal(ids.includes(await roomKeyId(keyOf(0))), false);
  assert.equal(ids.includes(await roomKeyId(keyOf(MAX_KEYS_PER_ROOM + 2))), true);
  for (let room = 0; room < MAX_ROOMS + 2; room += 1) await ring.rememberRoomKey(`room ${room}`, keyOf(room));
  assert.equal((await storage.rooms()).length, MAX_ROOMS);
  assert.equal(await storage.read('garden'), undefined, 'the room whose newest key is oldest went first');
});

test('a key that is not 32 bytes is refused', async () => {
  await assert.rejects(new RoomKeyRing(memoryStorage()).rememberRoomKey('garden', new Uint8Array(16)), /32 bytes/);
});
