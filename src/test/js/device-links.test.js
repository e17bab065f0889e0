// The Devices panel's actions without the DOM: a code left unused is retired when it expires and the new list is
// published by joining again; unlinking publishes too; a bad code is refused with a sentence a person understands.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceLinks } from '../../../webapp/js/device-links.js';
import { LINK_PREFIX, LINK_TTL_MS } from '../../../webapp/js/device-link.js';
import { fingerprintOf, generateKeys, Identity, newPerson } from '../../../webapp/js/identity.js';
import { fakeClock, memoryStorage } from './support.js';

async function firstDevice() {
  const record = await generateKeys();
  return new Identity(record, await fingerprintOf(record), await newPerson(record), memoryStorage());
}

function links(identity) {
  const calls = { republished: 0, rendered: 0 };
  const deviceLinks = new DeviceLinks({
    identity: () => identity, republish: () => { calls.republished += 1; }, nick: () => 'alice',
    reload: () => {}, render: () => { calls.rendered += 1; },
  });
  return { deviceLinks, calls };
}

test('a code nobody used is retired when it expires, and the list without it is published', async (t) => {
  const identity = await firstDevice();
  const clock = fakeClock(t);
  const { deviceLinks, calls } = links(identity);
  const { code, expires } = await deviceLinks.link('phone');
  assert.ok(code.startsWith(LINK_PREFIX));
  assert.equal(expires, clock.now + LINK_TTL_MS);
  assert.equal(calls.republished, 0, 'nothing to publish while the code waits');
  clock.advance(LINK_TTL_MS + 1000);
  await deviceLinks.retiring;
  assert.equal(calls.republished, 1);
  assert.equal(identity.deviceList.version, 3, 'above the version in the code');
  assert.deepEqual(identity.person.pending, []);
});

test('unlinking publishes the new list at once', async (t) => {
  fakeClock(t);
  const identity = await firstDevice();
  const { deviceLinks, calls } = links(identity);
  const phone = await generateKeys();
  await identity.resign({ ...identity.deviceList, version: 2,
    devices: [...identity.deviceList.devices, { ...phone, name: 'phone', added: 1 }] });
  await deviceLinks.actions().unlink(phone.signing);
  assert.equal(calls.republished, 1);
  assert.equal(identity.deviceList.devices.length, 1);
});

test('a pasted text that is not a code, or an expired code, is refused in words', async () => {
  const { deviceLinks } = links(null);
  const refused = await deviceLinks.actions().redeem('hello there');
  assert.equal(refused.ok, false);
  assert.match(refused.message, /not a link code/);
});
