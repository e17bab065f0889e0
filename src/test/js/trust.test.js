// Trust on first use and safety numbers: a key that changes is noticed, and both sides see the same number.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { personFingerprint } from '../../../webapp/js/fingerprint.js';
import { fingerprintOf } from '../../../webapp/js/identity.js';
import {
  canonical, personKeyOf, safetyNumber, setEndorsementCheck, setIdentityListCheck, TrustStore, validKeys,
} from '../../../webapp/js/trust.js';
import { newIdentity } from './support.js';

const [ann, bob, impostor] = await Promise.all([newIdentity(), newIdentity(), newIdentity()]);

test('safety numbers are 60 digits, agree on both sides and differ for another pair', async () => {
  const annSees = await safetyNumber(ann.publicKeys, bob.publicKeys);
  const bobSees = await safetyNumber(bob.publicKeys, ann.publicKeys);
  assert.equal(annSees, bobSees);
  assert.match(annSees, /^\d{60}$/);
  assert.notEqual(await safetyNumber(ann.publicKeys, impostor.publicKeys), annSees);
});

test('a person without an identity key is their device: a swapped agreement key alone is a change', async () => {
  const trust = new TrustStore(new Map(), false);
  await trust.observe('lobby', 'bob', bob.publicKeys);
  const swapped = await trust.observe('lobby', 'bob', { ...bob.publicKeys, agreement: impostor.publicKeys.agreement });
  assert.equal(swapped.status, 'changed', 'the server cannot slip its own agreement key under bob\'s signing key');
  assert.equal(swapped.fingerprint, await personFingerprint(bob.publicKeys.signing), 'the person\'s digits are the same');
});
test('the first keys seen are pinned; the same keys again are fine; other keys are a change', async () => {
  const trust = new TrustStore(new Map(), false);
  assert.equal((await trust.observe('lobby', 'bob', bob.publicKeys)).status, 'first');
  assert.equal((await trust.observe('lobby', 'bob', bob.publicKeys)).status, 'pinned');
  const swapped = await trust.observe('lobby', 'bob', impostor.publicKeys);
  assert.equal(swapped.status, 'changed');
  assert.equal(swapped.pin.keys.signing, bob.publicKeys.signing, 'the pin is not replaced behind the person\'s back');
  const withoutKeys = await trust.observe('lobby', 'bob', null);
  assert.equal(withoutKeys.status, 'changed', 'someone who had keys and comes without is suspicious too');
  assert.equal(withoutKeys.keys, null);
});

test('a change becomes the pin only when the person accepts it', async () => {
  const trust = new TrustStore(new Map(), false);
  await trust.observe('lobby', 'bob', bob.publicKeys);
  const changed = await trust.observe('lobby', 'bob', impostor.publicKeys);
  const pin = await trust.accept('lobby', 'bob', changed.keys);
  assert.equal(pin.verified, false, 'accepting is not verifying');
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

test('a verified mark is kept with the pin; a new key is pinned unverified, or verified when verified again', async () => {
  const trust = new TrustStore(new Map(), false);
  await trust.observe('lobby', 'bob', bob.publicKeys);
  const verified = await trust.verify('lobby', 'bob', bob.publicKeys);
  assert.equal(verified.verified, true);
  assert.equal(typeof verified.verifiedAt, 'number');
  assert.equal((await trust.observe('lobby', 'bob', bob.publicKeys)).pin.verified, true, 'seen again: still verified');
  const changed = await trust.observe('lobby', 'bob', impostor.publicKeys);
  assert.equal(changed.status, 'changed');
  assert.equal(changed.pin.verified, true, 'the change is against a verified pin');
  assert.equal((await trust.verify('lobby', 'bob', impostor.publicKeys)).verified, true);
  assert.equal((await trust.observe('lobby', 'bob', impostor.publicKeys)).status, 'pinned');
});

test('a pin stored before per-person fingerprints is brought up to date, not reported as a change', async () => {
  const key = JSON.stringify(['lobby', 'bob']);
  const old = { keys: bob.publicKeys, fingerprint: await fingerprintOf(bob.publicKeys), pinnedAt: 1 };
  const trust = new TrustStore(new Map([[key, old]]), false);
  const seen = await trust.observe('lobby', 'bob', bob.publicKeys);
  assert.equal(seen.status, 'pinned');
  assert.equal(seen.pin.fingerprint, await personFingerprint(bob.publicKeys.signing));
  assert.equal((await trust.observe('lobby', 'bob', impostor.publicKeys)).status, 'changed');
});

test('with a verified device list the identity key is the person: another device of theirs is not a change', async (t) => {
  const identityKey = ann.publicKeys; // stands in for bob's identity key
  const listed = new Set([bob.publicKeys.signing, impostor.publicKeys.signing]);
  setIdentityListCheck(async (keys) => listed.has(keys.signing));
  t.after(() => setIdentityListCheck(null));
  const withIdentity = (device) => ({
    ...device, identity: { signing: identityKey.signing, algorithm: identityKey.algorithm, devices: 'e30=', signature: 'x' },
  });
  const person = await personKeyOf(withIdentity(bob.publicKeys));
  assert.deepEqual(person, { algorithm: identityKey.algorithm, signing: identityKey.signing, identity: true });
  const trust = new TrustStore(new Map(), false);
  await trust.observe('lobby', 'bob', withIdentity(bob.publicKeys));
  const secondDevice = await trust.observe('lobby', 'bob', withIdentity(impostor.publicKeys));
  assert.equal(secondDevice.status, 'pinned', 'a second device under the same identity key');
  assert.equal(secondDevice.pin.keys.signing, impostor.publicKeys.signing, 'the newest device list is kept');
  listed.clear();
  const unlisted = await trust.observe('lobby', 'bob', withIdentity(bob.publicKeys));
  assert.equal(unlisted.status, 'changed', 'a list that does not verify counts for nothing: the device key is not the pin');
});

test('a device pinned before identities hands its pin and verified mark to an identity it endorsed, and only then', async (t) => {
  const identityKey = impostor.publicKeys; // stands in for bob's new identity key
  const withIdentity = (device) => ({
    ...device, identity: { signing: identityKey.signing, algorithm: identityKey.algorithm, devices: 'e30=', signature: 'x' },
  });
  setIdentityListCheck(async () => true);
  let endorsed = false;
  setEndorsementCheck(async () => endorsed);
  t.after(() => { setIdentityListCheck(null); setEndorsementCheck(null); });
  const trust = new TrustStore(new Map(), false);
  await trust.observe('lobby', 'bob', bob.publicKeys);
  await trust.verify('lobby', 'bob', bob.publicKeys);
  assert.equal((await trust.observe('lobby', 'bob', withIdentity(bob.publicKeys))).status, 'changed',
    'an identity the device did not endorse (the server could make one) is a change');
  endorsed = true;
  assert.equal((await trust.observe('lobby', 'bob', withIdentity(ann.publicKeys))).status, 'changed',
    'another device endorsing it does not speak for the pinned one');
  const moved = await trust.observe('lobby', 'bob', withIdentity(bob.publicKeys));
  assert.equal(moved.status, 'pinned');
  assert.equal(moved.pin.verified, true, 'the verified mark moves with the pin');
  assert.equal(moved.fingerprint, await personFingerprint(identityKey.signing), 'the person is now the identity key');
});
