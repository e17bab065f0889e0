// Both sides of a conversation show the same 60 digits, whether the server relays people's identity keys or only
// their device keys; and a server that lists another identity for someone makes the two sides differ.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrivateMessages } from '../../../webapp/js/private-messages.js';
import { fingerprintOf, generateKeys, Identity, newPerson } from '../../../webapp/js/identity.js';
import { Room } from '../../../webapp/js/store.js';
import { TrustStore } from '../../../webapp/js/trust.js';
import { memoryStorage } from './support.js';

async function person() {
  const record = await generateKeys();
  return new Identity(record, await fingerprintOf(record), await newPerson(record), memoryStorage());
}

const [ann, bob, forger] = await Promise.all([person(), person(), person()]);
const deviceOnly = ({ agreement, signing, algorithm }) => ({ agreement, signing, algorithm });

/** The number each side shows when the server lists, to `viewer`, ann's and bob's keys as `listed` gives them. */
async function numbers(t, listed) {
  t.mock.method(console, 'warn', () => {});
  const annPage = new PrivateMessages(ann, new TrustStore(new Map(), false));
  const bobPage = new PrivateMessages(bob, new TrustStore(new Map(), false));
  const annRoom = new Room({ name: 'g', nick: 'ann', users: ['ann', 'bob'] });
  const bobRoom = new Room({ name: 'g', nick: 'bob', users: ['ann', 'bob'] });
  await annPage.observe(annRoom, ['ann', 'bob'], { ann: listed(ann, ann), bob: listed(bob, ann) });
  await bobPage.observe(bobRoom, ['ann', 'bob'], { ann: listed(ann, bob), bob: listed(bob, bob) });
  return [annPage.mode(annRoom, 'bob').safetyNumber, bobPage.mode(bobRoom, 'ann').safetyNumber];
}

test('with identity keys relayed, both sides show the same number', async (t) => {
  const [annSees, bobSees] = await numbers(t, (identity) => identity.joinKeys);
  assert.match(annSees, /^(\d{5} ){11}\d{5}$/);
  assert.equal(annSees, bobSees);
});

test('with a server that relays device keys only, both sides still show the same number', async (t) => {
  const [annSees, bobSees] = await numbers(t, (identity) => deviceOnly(identity.joinKeys));
  assert.equal(annSees, bobSees);
});

test('a server that shows bob its own keys under ann\'s name makes the numbers differ', async (t) => {
  const [annSees, bobSees] = await numbers(t, (identity, viewer) => (identity === ann && viewer === bob
    ? forger.joinKeys : identity.joinKeys));
  assert.notEqual(annSees, bobSees);
});

test('an identity the server attaches to someone\'s device keys counts for nothing: the device key is used', async (t) => {
  const [annSees, bobSees] = await numbers(t, (identity) => (identity === ann
    ? { ...deviceOnly(ann.joinKeys), identity: forger.joinKeys.identity } : identity.joinKeys));
  const [honestAnn] = await numbers(t, (identity) => (identity === ann ? deviceOnly(ann.joinKeys) : identity.joinKeys));
  assert.equal(annSees, bobSees);
  assert.equal(annSees, honestAnn, 'as if ann had no identity: the forger\'s key is in neither half');
});
