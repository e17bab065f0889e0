// End-to-end encrypted private messages: only the intended reader can read them, and any change on the way is caught.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromBase64, labelled, toBase64, utf8 } from '../../../webapp/js/bytes.js';
import { openMessage, sealMessage } from '../../../webapp/js/e2e.js';
import { fingerprintOf, Identity } from '../../../webapp/js/identity.js';
import { newIdentity } from './support.js';

const [ann, bob, eve] = await Promise.all([newIdentity(), newIdentity(), newIdentity()]);

function seal(text, overrides = {}) {
  return sealMessage({
    identity: ann, recipientKeys: bob.publicKeys, room: 'lobby', sender: 'ann', recipient: 'bob', text,
    clientMsgId: 'c1', counter: 1, sentAt: 1_764_950_400_000, ...overrides,
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
  assert.deepEqual(await openAsBob(sealed), { ok: true, text, sentAt: 1_764_950_400_000, version: 2 });
});

test('the sender can read its own copy (after a reload), since both sides derive the same key', async () => {
  const sealed = await seal('my own words');
  const opened = await openAsBob(sealed, { identity: ann, peerKeys: bob.publicKeys });
  assert.deepEqual(opened, { ok: true, text: 'my own words', sentAt: 1_764_950_400_000, version: 2 });
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
  assert.equal(opened.ok, true);
  assert.equal(opened.text, 'hi bob');
});

// Known answers, computed independently (src/test/resources/kat/pm_envelope.py, pyca/cryptography): fixed keys, IV
// and time give exactly these bytes, so the envelope cannot drift from what docs/SECURITY.md describes.
const vectors = JSON.parse(readFileSync(new URL('../resources/kat/pm-envelope.json', import.meta.url), 'utf8'));

async function fixedIdentity({ agreementPrivate, signingPrivate, algorithm, agreement, signing }) {
  const record = {
    agreementPrivate: await crypto.subtle.importKey('pkcs8', fromBase64(agreementPrivate),
      { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']),
    signingPrivate: await crypto.subtle.importKey('pkcs8', fromBase64(signingPrivate), { name: 'Ed25519' }, false,
      ['sign']),
    algorithm, agreement, signing,
  };
  return new Identity(record, await fingerprintOf(record));
}

const katAnn = await fixedIdentity(vectors.keys.ann);
const katBob = await fixedIdentity(vectors.keys.bob);

test('known answer: a v2 envelope of fixed keys, IV and time is exactly the independent implementation\'s bytes', async (t) => {
  const { room, sender, recipient, text, clientMsgId, counter, sentAt, iv, frame } = vectors.v2;
  t.mock.method(crypto, 'getRandomValues', (array) => { array.set(fromBase64(iv)); return array; });
  const sealed = await sealMessage({
    identity: katAnn, recipientKeys: katBob.publicKeys, room, sender, recipient, text, clientMsgId, counter, sentAt,
  });
  assert.deepEqual(sealed, frame);
});

test('known answer: the recipient opens the v2 vector and reads the time the sender signed', async () => {
  const { room, sender, recipient, text, sentAt, frame } = vectors.v2;
  const opened = await openMessage({
    identity: katBob, peerKeys: katAnn.publicKeys, signerKeys: katAnn.publicKeys, room, sender, recipient, frame,
  });
  assert.deepEqual(opened, { ok: true, text, sentAt, version: 2 });
});

test('known answer: a v1 message stored before v2 still opens, with no signed time', async () => {
  const { room, sender, recipient, text, frame } = vectors.v1;
  const opened = await openMessage({
    identity: katAnn, peerKeys: katBob.publicKeys, signerKeys: katBob.publicKeys, room, sender, recipient, frame,
  });
  assert.deepEqual(opened, { ok: true, text, sentAt: null, version: 1 });
});

test('a v2 message cannot be passed off as v1, and a changed byte of it is refused', async () => {
  const { room, sender, recipient, frame } = vectors.v2;
  const asBob = (changed) => openMessage({
    identity: katBob, peerKeys: katAnn.publicKeys, signerKeys: katAnn.publicKeys, room, sender, recipient,
    frame: changed,
  });
  // The signature binds the version's context: the same bytes under v1's context do not verify.
  const resigned = await katAnn.sign(labelled('safehouse-pm-sig-v1', frame.iv, frame.ciphertext,
    JSON.stringify(['safehouse-pm-v1', room, sender, recipient, frame.clientMsgId, frame.counter])));
  assert.deepEqual(await asBob({ ...frame, signature: resigned }), { ok: false, reason: 'decryption' },
    'signed as v1 by the real sender, the v2 ciphertext still does not open under v1\'s associated data');
  assert.deepEqual(await asBob({ ...frame, ciphertext: flipByte(frame.ciphertext, 30) }), { ok: false, reason: 'signature' });
});

test('a v2 plaintext that is not a well-formed envelope is refused, not shown', async () => {
  for (const bad of [
    { v: 2, text: 'no time' }, { v: 2, text: 'x', sentAt: '1' }, { v: 3, text: 'x', sentAt: 1 }, { v: 2, sentAt: 1 },
  ]) {
    const sealed = await sealRaw(JSON.stringify(bad));
    assert.deepEqual(await openAsBob(sealed), { ok: false, reason: 'malformed' }, JSON.stringify(bad));
  }
});

/** Seals `plaintext` as is under v2's contexts, the way a broken or hostile page of ann's could. */
async function sealRaw(plaintext) {
  const spy = await seal('placeholder');
  const aad = JSON.stringify(['safehouse-pm-v2', 'lobby', 'ann', 'bob', spy.clientMsgId, spy.counter]);
  const secret = await crypto.subtle.deriveBits({
    name: 'ECDH',
    public: await crypto.subtle.importKey('spki', fromBase64(bob.publicKeys.agreement),
      { name: 'ECDH', namedCurve: 'P-256' }, false, []),
  }, ann.agreementPrivateKey, 256);
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: labelled('safehouse-pm-v1', 'lobby', 'ann', 'bob') },
    await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']), { name: 'AES-GCM', length: 256 }, false,
    ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = toBase64(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(aad) }, key,
    utf8(plaintext)));
  const signature = await ann.sign(labelled('safehouse-pm-sig-v2', toBase64(iv), ciphertext, aad));
  return { ...spy, iv: toBase64(iv), ciphertext, signature };
}
