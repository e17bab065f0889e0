// This browser as one device of a person: the identity a browser with older keys migrates to, the keys its Join
// carries, and how it takes (or refuses) a newer list of its own person seen on the wire.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeDeviceList, endorsesIdentity, signDeviceList, verifiedDevices, withDevice, withoutDevice,
} from '../../../webapp/js/devices.js';
import { fingerprintOf, generateIdentityKey, generateKeys, Identity, identitySigner, newPerson } from '../../../webapp/js/identity.js';
import { memoryStorage, newIdentity } from './support.js';

async function personalIdentity() {
  const record = await generateKeys();
  return new Identity(record, await fingerprintOf(record), await newPerson(record, 5000), memoryStorage());
}

test('a browser with keys from before becomes device 1 of a new identity; its Join carries the signed list', async () => {
  const browser = await personalIdentity();
  const keys = browser.joinKeys;
  assert.equal(keys.signing, browser.record.signing, 'the device keys stay what peers pinned before');
  const checked = await verifiedDevices(keys);
  assert.notEqual(checked, null);
  assert.equal(checked.list.version, 1);
  assert.deepEqual(checked.list.devices.map((d) => d.signing), [browser.record.signing]);
  assert.notEqual(keys.identity.signing, browser.record.signing, 'the identity key is a key of its own');
  assert.equal(browser.holdsIdentityKey, true);
  assert.equal(JSON.stringify(keys).includes('Private'), false);
});

test('the identity key cannot be read out of the browser', async () => {
  const browser = await personalIdentity();
  assert.equal(browser.person.identityPrivate.extractable, false);
  await assert.rejects(crypto.subtle.exportKey('pkcs8', browser.person.identityPrivate));
});

test("a newer list signed by the person's own identity key is adopted; an older or a stranger's is not", async () => {
  const browser = await personalIdentity();
  const phone = await newIdentity();
  const current = browser.deviceList;
  const newer = await signDeviceList(browser.identitySigner(), withDevice(current, { ...phone.publicKeys, name: 'phone' }));
  const stranger = await signDeviceList(identitySigner(await generateIdentityKey()),
    withDevice(withDevice(current, { ...phone.publicKeys, name: 'phone' }), { ...phone.publicKeys, signing: 'x', name: 'y' }));
  assert.equal(await browser.observeOwnList(stranger), 'foreign');
  assert.equal(await browser.observeOwnList({ ...newer, signature: stranger.signature }), 'foreign');
  assert.equal(await browser.observeOwnList(newer), 'adopted');
  assert.equal(browser.deviceList.devices.length, 2);
  assert.equal(await browser.observeOwnList(newer), 'same');
  const older = await signDeviceList(browser.identitySigner(), { ...current, version: 1 });
  assert.equal(await browser.observeOwnList(older), 'older');
});

test('a device that finds itself missing from a newer list of its person learns it was unlinked', async () => {
  const laptop = await personalIdentity();
  const phoneRecord = await generateKeys();
  const twoDevices = await laptop.resign(withDevice(laptop.deviceList, { ...phoneRecord, name: 'phone' }));
  const phone = new Identity(phoneRecord, await fingerprintOf(phoneRecord),
    { identityPrivate: null, identity: twoDevices, pending: [] }, memoryStorage());
  assert.equal(phone.holdsIdentityKey, false);
  assert.throws(() => phone.identitySigner(), /does not hold the identity key/);
  const without = await laptop.resign(withoutDevice(laptop.deviceList, phoneRecord.signing));
  assert.equal(await phone.observeOwnList(without), 'removed');
  assert.equal(decodeDeviceList(phone.person.identity.devices).version, 2, 'the phone keeps its list until it moves on');
});

test('a device endorses its identity key, so a peer who pinned the device before can take the identity silently', async () => {
  const browser = await personalIdentity();
  assert.equal(await endorsesIdentity(browser.joinKeys), true);
  // a server that makes an identity of its own, listing the victim's device keys, has no device key to endorse it with
  const serverKey = await generateIdentityKey();
  const forgedList = withDevice({ v: 1, version: 0, issued: 1, devices: [] },
    { ...browser.publicKeys, name: 'victim', endorsement: browser.joinKeys.identity.signature });
  const forged = await signDeviceList(identitySigner(serverKey), forgedList);
  const forgedKeys = { ...browser.publicKeys, identity: forged };
  assert.notEqual(await verifiedDevices(forgedKeys), null, 'the list itself verifies');
  assert.equal(await endorsesIdentity(forgedKeys), false, 'but the device never endorsed that identity');
  const unendorsed = await signDeviceList(identitySigner(serverKey),
    withDevice({ v: 1, version: 0, issued: 1, devices: [] }, { ...browser.publicKeys, name: 'victim' }));
  assert.equal(await endorsesIdentity({ ...browser.publicKeys, identity: unendorsed }), false);
});
