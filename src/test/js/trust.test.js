// Trust on first use and safety numbers: a key that changes is noticed, and both sides see the same number.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprintOf } from '../../../webapp/js/identity.js';
import { canonical, safetyNumber, TrustStore, validKeys } from '../../../webapp/js/trust.js';
import { newIdentity } from './support.js';

const [ann, bob, impostor] = await Promise.all([newIdentity(), newIdentity(), newIdentity()]);

test('safety numbers agree on both sides and differ for another pair', async () => {
  const annSees = await safetyNumber(ann.fingerprint, bob.fingerprint);
  const bobSees = await safetyNumber(bob.fingerprint, ann.fingerprint);
  assert.equal(annSees, bobSees);
  assert.match(annSees, /^\d{5} \d{5} \d{5} \d{5}$/);
  assert.notEqual(await safetyNumber(ann.fingerprint, impostor.fingerprint), annSees);
});

test('a fingerprint covers both keys and the algorithm', async () => {
  const keys = bob.publicKeys;
  assert.equal(await fingerprintOf(keys), bob.fingerprint);
  assert.notEqual(await fingerprintOf({ ...keys, agreement: ann.publicKeys.agreement }), bob.fingerprint);
  assert.notEqual(await fingerprintOf({ ...keys, algorithm: 'ECDSA-P256-SHA256' }), bob.fingerprint);
});

test('the first keys seen are pinned; the same keys again are fine; other keys are a change', async () => {
  const trust = new TrustStore(new Map(), false);
  assert.equal((await trust.observe('lobby', 'bob', bob.publicKeys)).status, 'first');
  assert.equal((await trust.observe('lobby', 'bob', bob.publicKeys)).status, 'pinned');
  const swapped = await trust.observe('lobby', 'bob', impostor.publicKeys);
  assert.equal(swapped.status, 'changed');
  assert.equal(swapped.pin.fingerprint, bob.fingerprint, 'the pin is not replaced behind the person\'s back');
  const withoutKeys = await trust.observe('lobby', 'bob', null);
  assert.equal(withoutKeys.status, 'changed', 'someone who had keys and comes without is suspicious too');
  assert.equal(withoutKeys.keys, null);
});

test('a change becomes the pin only when the person accepts it', async () => {
  const trust = new TrustStore(new Map(), false);
  await trust.observe('lobby', 'bob', bob.publicKeys);
  const changed = await trust.observe('lobby', 'bob', impostor.publicKeys);
  await trust.accept('lobby', 'bob', changed.keys, changed.fingerprint);
  assert.equal((await trust.observe('lobby', 'bob', impostor.publicKeys)).status, 'pinned');
  assert.equal((await trust.observe('lobby', 'bob', bob.publicKeys)).status, 'changed');
});

test('pins are per room and per nickname as the server compares them', async () => {
  const trust = new TrustStore(new Map(), false);
  await trust.observe('Family', 'Bob', bob.publicKeys);
  assert.equal((await trust.observe('family', 'BOB', impostor.publicKeys)).status, 'changed', 'same name, other case');
  assert.equal((await trust.observe('book club', 'bob', impostor.publicKeys)).status, 'first', 'another room');
  assert.equal((await trust.observe('lobby', 'cy', null)).status, 'none');
  assert.equal(canonical('ＡＢＣ'), canonical('abc'));
});

test('only well-formed keys of a known algorithm count as keys', () => {
  assert.deepEqual(validKeys(bob.publicKeys), bob.publicKeys);
  assert.equal(validKeys({ ...bob.publicKeys, algorithm: 'RSA' }), null);
  assert.equal(validKeys({ agreement: 1, signing: 's', algorithm: 'Ed25519' }), null);
  assert.equal(validKeys('keys'), null);
});
