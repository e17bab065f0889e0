// End-to-end encrypted private messages: only the intended reader can read them, and any change on the way is caught.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromBase64, toBase64 } from '../../../webapp/js/bytes.js';
import { openMessage, sealMessage } from '../../../webapp/js/e2e.js';
import { newIdentity } from './support.js';

const [ann, bob, eve] = await Promise.all([newIdentity(), newIdentity(), newIdentity()]);

function seal(text, overrides = {}) {
  return sealMessage({
    identity: ann, recipientKeys: bob.publicKeys, room: 'lobby', sender: 'ann', recipient: 'bob', text,
    clientMsgId: 'c1', counter: 1, ...overrides,
  });
}

/** Opens `frame` as bob's page would; `overrides` opens it as someone else (identity, peerKeys). */
function openAsBob(frame, overrides = {}) {
  return openMessage({
    identity: bob, peerKeys: ann.publicKeys, signerKeys: ann.publicKeys, room: 'lobby', sender: 'ann',
    recipient: 'bob', frame, ...overrides,
  });
}

function flipByte(base64, index) {
  const bytes = fromBase64(base64);
  bytes[index % bytes.length] ^= 0x01;
  return toBase64(bytes);
}

test('the recipient reads what the sender wrote; the wire carries no plaintext', async () => {
  const text = 'meet at 6, the door code is 4711 ✓';
  const sealed = await seal(text);
  assert.equal(JSON.stringify(sealed).includes('4711'), false);
  assert.deepEqual(await openAsBob(sealed), { ok: true, text });
});

test('the sender can read its own copy (after a reload), since both sides derive the same key', async () => {
  const sealed = await seal('my own words');
  const opened = await openAsBob(sealed, { identity: ann, peerKeys: bob.publicKeys });
  assert.deepEqual(opened, { ok: true, text: 'my own words' });
});

test('someone else holding other keys cannot read it', async () => {
  const sealed = await seal('for bob only');
  const opened = await openAsBob(sealed, { identity: eve });
  assert.deepEqual(opened, { ok: false, reason: 'decryption' });
});

test('a flipped byte anywhere in the ciphertext, the IV or the signature is refused', async () => {
  const sealed = await seal('do not touch');
  const length = fromBase64(sealed.ciphertext).length;
  for (const index of [0, Math.floor(length / 2), length - 1]) {
    const opened = await openAsBob({ ...sealed, ciphertext: flipByte(sealed.ciphertext, index) });
    assert.deepEqual(opened, { ok: false, reason: 'signature' }, `ciphertext byte ${index}`);
  }
  assert.equal((await openAsBob({ ...sealed, iv: flipByte(sealed.iv, 3) })).ok, false);
  assert.equal((await openAsBob({ ...sealed, signature: flipByte(sealed.signature, 5) })).reason, 'signature');
});

test('a message an impostor writes in the sender\'s name is refused', async () => {
  const forged = await sealMessage({
    identity: eve, recipientKeys: bob.publicKeys, room: 'lobby', sender: 'ann', recipient: 'bob', text: 'pay eve',
    clientMsgId: 'c9', counter: 9,
  });
  assert.deepEqual(await openAsBob(forged), { ok: false, reason: 'signature' });
});

test('a message moved to another room, another recipient or another counter is refused', async () => {
  const sealed = await seal('bound to its context');
  assert.equal((await openAsBob(sealed, { room: 'other' })).ok, false);
  assert.equal((await openAsBob(sealed, { sender: 'mallory' })).ok, false);
  assert.equal((await openAsBob({ ...sealed, counter: 2 })).ok, false);
  assert.equal((await openAsBob({ ...sealed, clientMsgId: 'c2' })).ok, false);
});

test('a frame missing a field is malformed, not a crash', async () => {
  const sealed = await seal('x');
  assert.deepEqual(await openAsBob({ ...sealed, counter: '1' }), { ok: false, reason: 'malformed' });
  assert.deepEqual(await openAsBob({ ...sealed, iv: undefined }), { ok: false, reason: 'malformed' });
});

test('every message gets a fresh IV', async () => {
  const first = await seal('same');
  const second = await seal('same');
  assert.notEqual(first.iv, second.iv);
  assert.notEqual(first.ciphertext, second.ciphertext);
});

test('a browser without Ed25519 signs with ECDSA P-256, and messages between the two kinds still open', async (t) => {
  const generateKey = crypto.subtle.generateKey.bind(crypto.subtle);
  t.mock.method(crypto.subtle, 'generateKey', (algorithm, ...rest) => (algorithm.name === 'Ed25519'
    ? Promise.reject(new Error('Ed25519 is not supported here')) : generateKey(algorithm, ...rest)));
  const carol = await newIdentity();
  t.mock.restoreAll();
  assert.equal(carol.publicKeys.algorithm, 'ECDSA-P256-SHA256');
  const fromCarol = await sealMessage({
    identity: carol, recipientKeys: bob.publicKeys, room: 'lobby', sender: 'carol', recipient: 'bob', text: 'hi bob',
    clientMsgId: 'c5', counter: 5,
  });
  const opened = await openAsBob(fromCarol, { peerKeys: carol.publicKeys, signerKeys: carol.publicKeys, sender: 'carol' });
  assert.deepEqual(opened, { ok: true, text: 'hi bob' });
});
