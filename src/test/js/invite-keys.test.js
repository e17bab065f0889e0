// The key an invite link carries: the room's current key, which the page must hold to invite at all. A page that
// has not unlocked a rotation holds only old keys; a link with one of them would let its holder in, unable to read
// what is written now, and writing under the old key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invitable } from '../../../webapp/js/invite-channel.js';
import { linkKeyOf, rememberLinkKey } from '../../../webapp/js/invite-keys.js';
import { newSalt } from '../../../webapp/js/sealed-crypto.js';
import { memoryStorage, RoomKeyRing } from '../../../webapp/js/sealed-keys.js';

const SEAL = { salt: newSalt(), kdf: 'argon2id-v1' };
const key = (fill) => new Uint8Array(32).fill(fill);

function sealedRoom(keyId) {
  return { name: 'vault', status: 'joined', seal: SEAL, sealed: { ...SEAL, keyId } };
}

test('a link carries the room\'s current key, not the newest key the page holds', async () => {
  const ring = new RoomKeyRing(memoryStorage());
  const currentId = await ring.rememberRoomKey('vault', key(1));
  await rememberLinkKey('vault', key(2), ring); // an old link opened later: its key is now the newest held
  assert.deepEqual([...(await ring.currentRoomKey('vault')).key], [...key(2)]);
  const room = sealedRoom(currentId);
  assert.equal(invitable(room), true);
  assert.deepEqual([...(await linkKeyOf(room, ring))], [...key(1)]);
});

test('after a rotation this page has not unlocked, it gives no invite and no link key', async () => {
  const ring = new RoomKeyRing(memoryStorage());
  await ring.rememberRoomKey('vault', key(1)); // the key from before the rotation
  const rotated = sealedRoom(null); // Settings brought a new salt; the page does not hold its key
  assert.equal(invitable(rotated), false, 'no Invite button');
  assert.equal(await linkKeyOf(rotated, ring), null, 'and no old key put in a link');
  assert.equal(invitable({ ...sealedRoom('0011223344556677'), status: 'rejoining' }), false);
  assert.equal(invitable({ name: 'plaza', status: 'joined', seal: null, sealed: null }), false, 'a plain room');
});
