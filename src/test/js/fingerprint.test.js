// Per-person fingerprints and 60-digit safety numbers: pinned to an independent implementation's answers, the same
// on both sides, and different for another key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  groupedDigits, parseVerificationCode, personFingerprint, safetyNumberOf, verificationCode,
} from '../../../webapp/js/fingerprint.js';
import { newIdentity } from './support.js';

// Computed by src/test/resources/kat/fingerprint.py (hashlib), not by the code under test.
const vectors = JSON.parse(readFileSync(new URL('../resources/kat/fingerprint.json', import.meta.url), 'utf8'));

test('known answers: Ed25519 and ECDSA P-256 keys give exactly the independent implementation\'s 30 digits', async () => {
  for (const [name, { spki, fingerprint }] of Object.entries(vectors.people)) {
    assert.equal(await personFingerprint(spki), fingerprint, name);
  }
});

test('known answer: the safety number of a pair is both halves, the lower first, the same from either side', async () => {
  const ann = await personFingerprint(vectors.people['ann-ed25519'].spki);
  const bob = await personFingerprint(vectors.people['bob-ed25519'].spki);
  assert.equal(safetyNumberOf(ann, bob), vectors.annAndBob);
  assert.equal(safetyNumberOf(bob, ann), vectors.annAndBob);
  assert.match(vectors.annAndBob, /^\d{60}$/);
  assert.match(groupedDigits(vectors.annAndBob), /^(\d{5} ){11}\d{5}$/);
});

test('another key gives another fingerprint, and so another safety number for the pair', async () => {
  const [ann, bob, impostor] = await Promise.all([newIdentity(), newIdentity(), newIdentity()]);
  const [annDigits, bobDigits, impostorDigits] = await Promise.all(
    [ann, bob, impostor].map((identity) => personFingerprint(identity.publicKeys.signing)));
  assert.notEqual(bobDigits, impostorDigits);
  assert.notEqual(safetyNumberOf(annDigits, bobDigits), safetyNumberOf(annDigits, impostorDigits));
});

test('a verification code names room and person and carries the 60 digits; anything else is not one', () => {
  const code = verificationCode('book: club', 'bob', vectors.annAndBob);
  assert.equal(code, `safehouse-verify:1:book%3A%20club:bob:${vectors.annAndBob}`);
  assert.deepEqual(parseVerificationCode(code), { room: 'book: club', shownBy: 'bob', safetyNumber: vectors.annAndBob });
  for (const other of ['https://example.org/', `safehouse-verify:1:r:bob:${'1'.repeat(59)}`,
    `safehouse-verify:2:r:bob:${vectors.annAndBob}`, 'safehouse-verify:1:%E0:bob:' + vectors.annAndBob, 42]) {
    assert.equal(parseVerificationCode(other), null, String(other));
  }
});

test('a scanned code counts only when it is this conversation\'s: same room, the peer\'s page, the same digits', async () => {
  const { scanVerdict } = await import('../../../webapp/js/view-verify.js');
  const digits = vectors.annAndBob;
  const fromBob = verificationCode('family', 'bob', digits);
  assert.equal(scanVerdict(fromBob, 'Family', 'Bob', digits), 'match', 'names compare as the server compares them');
  assert.equal(scanVerdict(fromBob, 'family', 'bob', '9'.repeat(60)), 'mismatch');
  assert.equal(scanVerdict(verificationCode('work', 'bob', digits), 'family', 'bob', digits), 'other-room');
  assert.equal(scanVerdict(verificationCode('family', 'mallory', digits), 'family', 'bob', digits), 'other-person');
  assert.equal(scanVerdict('https://example.org', 'family', 'bob', digits), 'not-ours');
});
