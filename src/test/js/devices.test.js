// A person's signed device list: what a peer's page believes of it, and what it refuses (a tampered list, a list not
// naming the device that presents it, a removed device, an older list coming back).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromBase64, toBase64, utf8 } from '../../../webapp/js/bytes.js';
import {
  decodeDeviceList, DeviceListLedger, deviceId, encodeDeviceList, endorsementBytes, endorsesIdentity, firstDeviceList,
  MAX_DEVICES, signDeviceList, signedDeviceListBytes, verifiedDevices, withDevice, withoutDevice,
} from '../../../webapp/js/devices.js';
import { endorse, generateIdentityKey, identitySigner, signingImportAlgorithm } from '../../../webapp/js/identity.js';
import { memoryStorage, newIdentity } from './support.js';

const [laptop, phone, stranger] = await Promise.all([newIdentity(), newIdentity(), newIdentity()]);
const aliceKey = await generateIdentityKey();
const malloryKey = await generateIdentityKey();
const alice = identitySigner(aliceKey);

async function twoDeviceBlock() {
  const list = withDevice(firstDeviceList({ ...laptop.publicKeys, name: 'laptop' }, 1000), { ...phone.publicKeys, name: 'phone' }, 2000);
  return signDeviceList(alice, list);
}

test('a list signed by the identity key is believed for every device in it, and names the identity', async () => {
  const identity = await twoDeviceBlock();
  for (const device of [laptop, phone]) {
    const checked = await verifiedDevices({ ...device.publicKeys, identity });
    assert.equal(checked.identity.signing, aliceKey.signing);
    assert.equal(checked.device.signing, device.publicKeys.signing);
    assert.deepEqual(checked.list.devices.map((d) => d.name), ['laptop', 'phone']);
    assert.equal(checked.list.version, 2);
  }
});

test('the signature covers exactly "safehouse-devices-v1", a newline and the devices string as sent', async () => {
  const identity = await twoDeviceBlock();
  assert.deepEqual(signedDeviceListBytes(identity.devices), utf8(`safehouse-devices-v1\n${identity.devices}`));
  const key = await crypto.subtle.importKey('spki', fromBase64(aliceKey.signing), { name: 'Ed25519' }, false, ['verify']);
  assert.equal(await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(identity.signature),
    utf8(`safehouse-devices-v1\n${identity.devices}`)), true);
  assert.equal(JSON.parse(new TextDecoder().decode(fromBase64(identity.devices))).v, 1);
});

test('a device that is not in the list is not believed, even with a valid list of someone else', async () => {
  const identity = await twoDeviceBlock();
  assert.equal(await verifiedDevices({ ...stranger.publicKeys, identity }), null);
  // the right signing key with another agreement key (a server swapping the key it encrypts to) is not in it either
  assert.equal(await verifiedDevices({ ...laptop.publicKeys, agreement: stranger.publicKeys.agreement, identity }), null);
});

test('a tampered list is refused: a device added, the version raised, or the list signed by another key', async () => {
  const identity = await twoDeviceBlock();
  const list = decodeDeviceList(identity.devices);
  const added = encodeDeviceList(withDevice(list, { ...stranger.publicKeys, name: 'evil' }, 3000));
  assert.equal(await verifiedDevices({ ...stranger.publicKeys, identity: { ...identity, devices: added } }), null);
  const raised = encodeDeviceList({ ...list, version: 99 });
  assert.equal(await verifiedDevices({ ...laptop.publicKeys, identity: { ...identity, devices: raised } }), null);
  // a server making its own identity key cannot claim alice's: the signature is checked against the key given
  const forged = await signDeviceList(identitySigner(malloryKey), withDevice(list, { ...stranger.publicKeys, name: 'x' }));
  assert.equal(await verifiedDevices({ ...stranger.publicKeys, identity: { ...forged, signing: aliceKey.signing } }), null);
  const bytes = fromBase64(identity.signature);
  bytes[7] ^= 1;
  assert.equal(await verifiedDevices({ ...laptop.publicKeys, identity: { ...identity, signature: toBase64(bytes) } }), null);
});

test('malformed lists are refused before any signature is checked', () => {
  const device = { ...laptop.publicKeys, name: 'laptop', added: 1 };
  const good = { v: 1, version: 1, issued: 1, devices: [device] };
  assert.notEqual(decodeDeviceList(encodeDeviceList(good)), null);
  for (const [why, list] of [
    ['no devices', { ...good, devices: [] }],
    ['17 devices', { ...good, devices: Array.from({ length: 17 }, (_, i) => ({ ...device, signing: `k${i}` })) }],
    ['version 0', { ...good, version: 0 }],
    ['another format', { ...good, v: 2 }],
    ['a name of 33 characters', { ...good, devices: [{ ...device, name: 'x'.repeat(33) }] }],
    ['an unknown algorithm', { ...good, devices: [{ ...device, algorithm: 'RSA' }] }],
    ['one device twice', { ...good, devices: [device, device] }],
  ]) {
    assert.equal(decodeDeviceList(encodeDeviceList(list)), null, why);
  }
  assert.equal(decodeDeviceList('not base64!'), null);
  assert.equal(decodeDeviceList('A'.repeat(8196)), null, 'longer than 8192 characters');
  assert.equal(decodeDeviceList(toBase64(utf8('[1,2]'))), null);
});

test('a list grows to 16 devices and no further; removing takes one device out and keeps the rest', () => {
  let list = firstDeviceList({ ...laptop.publicKeys, name: 'laptop' }, 1);
  for (let i = 1; i < MAX_DEVICES; i += 1) list = withDevice(list, { ...phone.publicKeys, signing: `s${i}`, name: `d${i}` }, 1 + i);
  assert.equal(list.devices.length, MAX_DEVICES);
  assert.throws(() => withDevice(list, { ...stranger.publicKeys, name: 'one too many' }), /at most 16/);
  const fewer = withoutDevice(list, 's3', 100);
  assert.equal(fewer.version, list.version + 1);
  assert.equal(fewer.devices.length, MAX_DEVICES - 1);
  assert.equal(fewer.devices.some((d) => d.signing === 's3'), false);
  assert.throws(() => withoutDevice(firstDeviceList({ ...laptop.publicKeys, name: 'l' }), laptop.publicKeys.signing), /last device/);
});

test('after a device is removed, the list that still named it is a rollback and is refused', async () => {
  const ledger = new DeviceListLedger(memoryStorage());
  const before = await twoDeviceBlock();
  const beforeList = decodeDeviceList(before.devices);
  const after = await signDeviceList(alice, withoutDevice(beforeList, phone.publicKeys.signing, 3000));
  assert.equal(await ledger.weigh(aliceKey.signing, before.devices, beforeList), 'newer');
  assert.equal(await ledger.weigh(aliceKey.signing, after.devices, decodeDeviceList(after.devices)), 'newer');
  // the phone (removed) presents the old list, which still verifies: the ledger says it is older
  const stale = await verifiedDevices({ ...phone.publicKeys, identity: before });
  assert.notEqual(stale, null);
  assert.equal(await ledger.weigh(aliceKey.signing, before.devices, stale.list), 'older');
  assert.equal(await verifiedDevices({ ...phone.publicKeys, identity: after }), null);
});

test('the newest version seen outlives a reload; a second list under the same version is a conflict', async () => {
  const storage = memoryStorage();
  const block = await twoDeviceBlock();
  const list = decodeDeviceList(block.devices);
  assert.equal(await new DeviceListLedger(storage).weigh(aliceKey.signing, block.devices, list), 'newer');
  const reloaded = new DeviceListLedger(storage);
  assert.equal(await reloaded.weigh(aliceKey.signing, block.devices, list), 'same');
  const other = encodeDeviceList({ ...list, issued: list.issued + 1 });
  assert.equal(await reloaded.weigh(aliceKey.signing, other, decodeDeviceList(other)), 'conflict');
  assert.equal((await reloaded.newestList(aliceKey.signing)).version, 2);
});

test('a device id is the lowercase hex SHA-256 of its signing SPKI', async () => {
  const id = await deviceId(laptop.publicKeys.signing);
  const expected = Buffer.from(await crypto.subtle.digest('SHA-256', fromBase64(laptop.publicKeys.signing))).toString('hex');
  assert.equal(id, expected);
  assert.match(id, /^[0-9a-f]{64}$/);
});

// Known answers, computed independently (src/test/resources/kat/device_list.py, pyca/cryptography) from fixed keys and
// times; the server's DeviceListKnownAnswerTest checks the same file, so page and server cannot drift apart.
const vectors = JSON.parse(readFileSync(new URL('../resources/kat/device-list.json', import.meta.url), 'utf8'));
const sha256Hex = async (bytes) => Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
const importPrivate = (pkcs8, algorithm) => crypto.subtle.importKey('pkcs8', fromBase64(pkcs8),
  signingImportAlgorithm(algorithm), false, ['sign']);
const deviceKeys = (name) => {
  const { agreement, signing, algorithm } = vectors.devices[name];
  return { agreement, signing, algorithm };
};

test('known answer: the page writes, for fixed keys and times, exactly the devices string and Ed25519 signature of the vector', async () => {
  const { identity, identityPrivate, list } = vectors.ann;
  const [laptopEntry, phoneEntry] = list.devices;
  const built = withDevice(firstDeviceList({ ...deviceKeys('laptop'), name: laptopEntry.name, endorsement: laptopEntry.endorsement },
    laptopEntry.added), { ...deviceKeys('phone'), name: phoneEntry.name, endorsement: phoneEntry.endorsement }, phoneEntry.added);
  assert.equal(encodeDeviceList(built), identity.devices, 'same JSON, key order, UTF-8 and base64');
  assert.equal(await sha256Hex(signedDeviceListBytes(identity.devices)), vectors.ann.signedBytesSha256);
  const signer = { signing: identity.signing, algorithm: identity.algorithm,
    privateKey: await importPrivate(identityPrivate, identity.algorithm) };
  assert.deepEqual(await signDeviceList(identitySigner(signer), built), identity, 'Ed25519 is deterministic: the same bytes');
});

test('known answer: the laptop\'s Ed25519 endorsement is the vector\'s bytes; both endorsements hold', async () => {
  const { identity, list } = vectors.ann;
  assert.equal(await sha256Hex(endorsementBytes(identity.signing)), vectors.endorsementBytesSha256.ann);
  const laptopPrivate = await importPrivate(vectors.devices.laptop.signingPrivate, 'Ed25519');
  assert.equal(await endorse(laptopPrivate, 'Ed25519', identity.signing), list.devices[0].endorsement);
  for (const name of ['laptop', 'phone']) assert.equal(await endorsesIdentity({ ...deviceKeys(name), identity }), true, name);
  assert.equal(await endorsesIdentity({ ...deviceKeys('phone'), identity: vectors.cy.identity }), true, 'ECDSA, raw r||s');
});

test('known answer: both vectors\' lists verify for each listed device, Ed25519 and ECDSA P-256 (raw r||s) identities alike', async () => {
  for (const [person, names] of [['ann', ['laptop', 'phone']], ['cy', ['phone']]]) {
    const { identity, list } = vectors[person];
    for (const name of names) {
      const checked = await verifiedDevices({ ...deviceKeys(name), identity });
      assert.notEqual(checked, null, `${person}'s list for the ${name}`);
      assert.deepEqual(checked.list, list);
      assert.equal(checked.device.signing, vectors.devices[name].signing);
      assert.equal(await deviceId(checked.device.signing), vectors.devices[name].deviceId, 'TgtDevice / SrcDevice');
    }
    assert.equal(await verifiedDevices({ ...deviceKeys('laptop'), identity: vectors.cy.identity }), null,
      'the laptop is not in cy\'s list');
    const changed = encodeDeviceList({ ...list, version: list.version + 1 });
    assert.equal(await verifiedDevices({ ...deviceKeys('phone'), identity: { ...identity, devices: changed } }), null,
      `${person}'s signature does not cover another version`);
  }
});
