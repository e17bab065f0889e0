// Sealed rooms' cryptography, pinned by known answers computed apart from the page (sealed-vectors.py: Python's
// `cryptography`, its Argon2id checked against RFC 9106) and by what a reader must see when anything is changed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromBase64, toBase64, toHex, utf8 } from '../../../webapp/js/bytes.js';
import {
  argon2idBytes, associatedData, deriveRoomSecrets, fromBase64Url, KDF_PARAMETERS, newSalt, openRoomMessage,
  roomCanonical, roomKeyId, sealRoomMessage, toBase64Url,
} from '../../../webapp/js/sealed-crypto.js';
import { newIdentity } from './support.js';

const vectors = JSON.parse(readFileSync(new URL('./sealed-vectors.json', import.meta.url), 'utf8'));
const fromHex = (hex) => Uint8Array.from(hex.match(/../g), (pair) => parseInt(pair, 16));
const [ann, bob] = await Promise.all([newIdentity(), newIdentity()]);

test('the vendored Argon2id gives the independent implementation\'s tag (p = 4, with a secret)', async () => {
  const { password, salt, secret, m, t, p, tag } = vectors.argon2idSmall;
  const bytes = await argon2idBytes({
    password: utf8(password), salt: utf8(salt), secret: utf8(secret), memorySize: m, iterations: t, parallelism: p,
    hashLength: 32,
  });
  assert.equal(toHex(bytes), tag);
});

test('argon2id-v1 is m = 64 MiB, t = 3, p = 1, 32 bytes', () => {
  assert.deepEqual({ ...KDF_PARAMETERS }, { memorySize: 65536, iterations: 3, parallelism: 1, hashLength: 32 });
});

test('a password and salt give the known room key, key id and join verifier (ASCII and non-ASCII)', async () => {
  for (const vector of vectors.derive) {
    const secrets = await deriveRoomSecrets(vector.password, vector.salt);
    assert.equal(toHex(secrets.roomKey), vector.roomKey, vector.password);
    assert.equal(secrets.keyId, vector.keyId, vector.password);
    assert.equal(secrets.verifier, vector.verifier, vector.password);
    assert.equal(secrets.verifier.length, 43);
    assert.equal(await roomKeyId(fromHex(vector.roomKey)), vector.keyId);
  }
});

test('the verifier the server sees is not the room key, and another salt gives other secrets', async () => {
  const [vector] = vectors.derive;
  const secrets = await deriveRoomSecrets(vector.password, vector.salt);
  assert.notEqual(toHex(fromBase64Url(secrets.verifier)), toHex(secrets.roomKey));
  const resalted = await deriveRoomSecrets(vector.password, newSalt());
  assert.notEqual(toHex(resalted.roomKey), vector.roomKey);
  assert.notEqual(resalted.verifier, vector.verifier);
  await assert.rejects(deriveRoomSecrets(vector.password, toBase64(new Uint8Array(8))), /16 bytes/);
});

test('a message sealed elsewhere with known bytes opens, signed by its sender', async () => {
  const { room, sender, clientMsgId, aad, signing, sealed } = vectors.sealed;
  assert.equal(associatedData({ room, sender, clientMsgId, keyId: sealed.keyId }), aad);
  const roomKey = fromHex(vectors.derive[0].roomKey);
  const opened = await openRoomMessage({
    roomKeyFor: async (keyId) => (keyId === sealed.keyId ? roomKey : null),
    signerKeys: { signing, algorithm: 'Ed25519' }, room, sender, clientMsgId, sealed,
  });
  assert.deepEqual(opened, { ok: true, text: 'the key is under the mat ✓', sentAt: 1764936000000, signer: 'verified' });
});

test('room names that are one room on the server seal alike', () => {
  assert.equal(roomCanonical('Garden'), 'garden');
  assert.equal(roomCanonical('ＧＡＲＤＥＮ'), 'garden'); // full-width
  assert.equal(roomCanonical('ﬁre Straße'), 'fire strasse'); // ligature, sharp s
  assert.equal(roomCanonical('ℌall'), 'hall');
});

const shared = await deriveRoomSecrets('a long enough room secret', fromBase64(vectors.derive[0].salt));

async function sealed(overrides = {}) {
  const { roomKey, keyId } = shared;
  const message = {
    identity: ann, roomKey, keyId, room: 'garden', sender: 'ann', clientMsgId: 'c-7', text: 'tulips at noon',
    sentAt: 1764936000123, ...overrides,
  };
  return { message, roomKey, keyId, sealed: await sealRoomMessage(message) };
}

function openAs({ message, roomKey, sealed: body }, overrides = {}) {
  return openRoomMessage({
    roomKeyFor: async (keyId) => (keyId === message.keyId ? roomKey : null), signerKeys: ann.publicKeys,
    room: message.room, sender: message.sender, clientMsgId: message.clientMsgId, sealed: body, ...overrides,
  });
}

test('a member with the key reads what another sealed; the wire carries no plaintext and a fresh IV', async () => {
  const first = await sealed();
  assert.equal(JSON.stringify(first.sealed).includes('tulips'), false);
  assert.deepEqual(await openAs(first), { ok: true, text: 'tulips at noon', sentAt: 1764936000123, signer: 'verified' });
  const again = await sealRoomMessage(first.message);
  assert.notEqual(again.iv, first.sealed.iv);
  assert.notEqual(again.ciphertext, first.sealed.ciphertext);
});

test('a message moved to another room, sender or id does not open (bound by the associated data)', async () => {
  const one = await sealed();
  for (const moved of [{ room: 'lobby' }, { sender: 'bob' }, { clientMsgId: 'c-8' }]) {
    assert.deepEqual(await openAs(one, moved), { ok: false, reason: 'decryption', keyId: one.keyId },
      JSON.stringify(moved));
  }
  // The room's case and width do not matter: the server calls them one room.
  assert.equal((await openAs(one, { room: 'GARDEN' })).ok, true);
});

test('a changed byte, a wrong key or an unknown key id is reported, not shown', async () => {
  const one = await sealed();
  const bytes = fromBase64(one.sealed.ciphertext);
  bytes[3] ^= 1;
  assert.equal((await openAs(one, { sealed: { ...one.sealed, ciphertext: toBase64(bytes) } })).reason, 'decryption');
  const wrongKey = new Uint8Array(32);
  assert.equal((await openAs(one, { roomKeyFor: async () => wrongKey })).reason, 'decryption');
  assert.deepEqual(await openAs(one, { roomKeyFor: async () => null }),
    { ok: false, reason: 'unknown_key', keyId: one.keyId });
  assert.equal((await openAs(one, { sealed: { ...one.sealed, keyId: 'XYZ' } })).reason, 'malformed');
  assert.equal((await openAs(one, { sealed: { ...one.sealed, iv: toBase64(new Uint8Array(8)) } })).reason,
    'malformed');
  assert.equal((await openAs(one, { sealed: null })).reason, 'malformed');
});

test('the sender\'s signature tells a verified sender from an unknown one and from a forgery', async () => {
  const one = await sealed();
  assert.equal((await openAs(one, { signerKeys: null })).signer, 'unknown');
  assert.equal((await openAs(one, { signerKeys: bob.publicKeys })).signer, 'mismatch');
  // bob holds the room key and seals under ann's name: the server would have to lie about SrcUser, and the
  // signature still gives him away.
  const forged = await sealed({ identity: bob });
  const opened = await openAs(forged);
  assert.equal(opened.ok, true);
  assert.equal(opened.signer, 'mismatch');
});

test('base64url round-trips and refuses anything else', () => {
  const bytes = Uint8Array.from({ length: 32 }, (_, index) => 255 - index * 3);
  assert.deepEqual(fromBase64Url(toBase64Url(bytes)), bytes);
  assert.equal(/[+/=]/.test(toBase64Url(bytes)), false);
  assert.throws(() => fromBase64Url('ab+c'));
});

test('a person with several devices: a signature by any device of the list holds, by none is a mismatch', async () => {
  const one = await sealed({ identity: bob });
  assert.equal((await openAs(one, { signerKeys: [ann.publicKeys, bob.publicKeys] })).signer, 'verified');
  assert.equal((await openAs(one, { signerKeys: [ann.publicKeys] })).signer, 'mismatch');
  assert.equal((await openAs(one, { signerKeys: [] })).signer, 'unknown');
});
