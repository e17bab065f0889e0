// Linking a new device with a one-time code: the new device becomes a device of the same person; a code that is
// expired, tampered with, used before, or left unused does not make anyone a device.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLinkCode, LINK_PREFIX, LINK_TTL_MS, parseLinkCode, redeemLinkCode, startLink } from '../../../webapp/js/device-link.js';
import {
  DeviceListLedger, decodeDeviceList, encodeDeviceList, endorsesIdentity, verifiedDevices,
} from '../../../webapp/js/devices.js';
import { fingerprintOf, generateKeys, Identity, newPerson } from '../../../webapp/js/identity.js';
import { fromBase64, toBase64 } from '../../../webapp/js/bytes.js';
import { writeLinkCode } from '../../../webapp/js/link-code.js';
import { qrModules } from '../../../webapp/js/qr-show.js';
import { readQr } from '../../../webapp/js/qr-scan.js';
import { memoryStorage, qrPixels } from './support.js';

// jsQR is a UMD script that registers itself on `self`, as in a browser; node has no `self`.
globalThis.self ??= globalThis;

const NOW = 1_800_000_000_000;

async function firstDevice() {
  const record = await generateKeys();
  return new Identity(record, await fingerprintOf(record), await newPerson(record, NOW - 1000), memoryStorage());
}

async function linkedFrom(laptop, name = 'phone') {
  return startLink(laptop, { name, nick: 'alice', now: NOW });
}

/** The code written again after `change` to what it says: well-formed, whatever the change does to its meaning. */
async function withPayload(code, change) {
  const payload = await parseLinkCode(code);
  change(payload);
  return LINK_PREFIX + Buffer.from(await writeLinkCode(payload)).toString('base64url');
}

test('a pasted code makes the new browser a device of the same person, with keys nobody can read out', async () => {
  const laptop = await firstDevice();
  const { code, pending } = await linkedFrom(laptop);
  assert.ok(code.startsWith(LINK_PREFIX));
  const redeemed = await redeemLinkCode(code, { now: NOW + 60_000 });
  assert.equal(redeemed.ok, true);
  assert.equal(redeemed.nick, 'alice');
  assert.equal(redeemed.record.signingPrivate.extractable, false);
  assert.equal(redeemed.record.agreementPrivate.extractable, false);
  const phone = new Identity(redeemed.record, await fingerprintOf(redeemed.record), redeemed.person, memoryStorage());
  assert.equal(phone.holdsIdentityKey, false);
  const checked = await verifiedDevices(phone.joinKeys);
  assert.equal(checked.identity.signing, laptop.joinKeys.identity.signing, 'the same identity as the laptop');
  assert.deepEqual(checked.list.devices.map((d) => d.name), ['first device', 'phone']);
  assert.equal(checked.list.version, 2);
  assert.equal(pending.signing, redeemed.record.signing);
  assert.equal(await endorsesIdentity(phone.joinKeys), true, 'the new device endorses the identity too');
  assert.equal(JSON.stringify(pending).includes('Private'), false, 'the page keeps no secret of the code');
});

test('the laptop does not publish the longer list before the new device joins with it', async () => {
  const laptop = await firstDevice();
  const { code } = await linkedFrom(laptop);
  assert.equal(laptop.deviceList.version, 1, 'its Join still carries the one-device list');
  const redeemed = await redeemLinkCode(code, { now: NOW + 1 });
  // the server announces the phone's Join with the higher version: the laptop takes that list, and the link is done
  assert.equal(await laptop.observeOwnList(redeemed.person.identity), 'adopted');
  assert.equal(laptop.deviceList.devices.length, 2);
  assert.deepEqual(laptop.person.pending, []);
  assert.equal(await laptop.retirePendingLink(NOW + LINK_TTL_MS + 1), false, 'nothing left to retire');
});

test('an expired code is refused by the new device', async () => {
  const laptop = await firstDevice();
  const { code } = await linkedFrom(laptop);
  assert.deepEqual(await redeemLinkCode(code, { now: NOW + LINK_TTL_MS }), { ok: false, reason: 'expired' });
  assert.equal((await redeemLinkCode(code, { now: NOW + LINK_TTL_MS - 1 })).ok, true);
});

test('a code left unused is made useless when it expires: its list becomes a rollback peers refuse', async () => {
  const laptop = await firstDevice();
  const { code } = await linkedFrom(laptop);
  assert.equal(await laptop.retirePendingLink(NOW + LINK_TTL_MS - 1), false, 'not yet');
  assert.equal(await laptop.retirePendingLink(NOW + LINK_TTL_MS), true);
  assert.equal(laptop.deviceList.version, 3, 'above the version the code carries');
  assert.equal(laptop.deviceList.devices.length, 1);
  // a thief who kept the code (and sets the clock back) presents its list: a peer who saw the laptop's list refuses it
  const stolen = await redeemLinkCode(code, { now: NOW });
  const ledger = new DeviceListLedger(memoryStorage());
  const identitySigning = laptop.joinKeys.identity.signing;
  assert.equal(await ledger.weigh(identitySigning, laptop.joinKeys.identity.devices, laptop.deviceList), 'newer');
  const thief = await verifiedDevices({ ...stolen.record, identity: stolen.person.identity });
  assert.equal(await ledger.weigh(identitySigning, stolen.person.identity.devices, thief.list), 'older');
});

test('a second code retires the first one, and a code used before by this browser is refused', async () => {
  const laptop = await firstDevice();
  const first = await linkedFrom(laptop, 'phone');
  const second = await linkedFrom(laptop, 'tablet');
  assert.equal(laptop.person.pending.length, 1);
  assert.equal(laptop.person.pending[0].name, 'tablet');
  const firstList = decodeDeviceList((await redeemLinkCode(first.code, { now: NOW })).person.identity.devices);
  const secondList = decodeDeviceList((await redeemLinkCode(second.code, { now: NOW })).person.identity.devices);
  assert.ok(secondList.version > firstList.version + 1, 'the retired code lies below a list signed after it');
  assert.equal(secondList.devices.some((d) => d.name === 'phone'), false);
  const used = new Set([second.pending.signing]);
  assert.deepEqual(await redeemLinkCode(second.code, { now: NOW, alreadyUsed: (s) => used.has(s) }),
    { ok: false, reason: 'used' });
});

test('a tampered code is refused: another list, keys that are not the listed ones, garbage', async () => {
  const laptop = await firstDevice();
  const other = await firstDevice();
  const { code } = await linkedFrom(laptop);
  const foreign = await parseLinkCode((await createLinkCode(other, { name: 'x', now: NOW })).code);
  assert.equal((await redeemLinkCode(await withPayload(code, (p) => { p.identity.devices = foreign.identity.devices; }),
    { now: NOW })).reason, 'signature', 'another person\'s list under this identity key');
  const renamed = (p) => {
    const list = decodeDeviceList(p.identity.devices);
    list.devices[0].name = 'renamed';
    p.identity.devices = encodeDeviceList(list);
  };
  assert.equal((await redeemLinkCode(await withPayload(code, renamed), { now: NOW })).reason, 'signature',
    'a list changed on the way');
  assert.equal((await redeemLinkCode(await withPayload(code, (p) => { p.keys.signing = foreign.keys.signing; }),
    { now: NOW })).reason, 'keys');
  assert.equal((await redeemLinkCode(await withPayload(code, (p) => { p.keys.agreement = foreign.keys.agreement; }),
    { now: NOW })).reason, 'keys');
  const bytes = fromBase64((await parseLinkCode(code)).identity.signature);
  bytes[3] ^= 1;
  assert.equal((await redeemLinkCode(await withPayload(code, (p) => { p.identity.signature = toBase64(bytes); }),
    { now: NOW })).reason, 'signature');
  const raw = Buffer.from(code.slice(LINK_PREFIX.length), 'base64url');
  for (const garbage of ['', 'hello', LINK_PREFIX, `${LINK_PREFIX}!!!`, LINK_PREFIX + 'A'.repeat(20000),
    'safehouse-link:1:' + code.slice(LINK_PREFIX.length), // another version
    LINK_PREFIX + raw.subarray(0, raw.length - 1).toString('base64url'), // cut short
    LINK_PREFIX + Buffer.concat([raw, Buffer.from([0])]).toString('base64url')]) { // a byte too many
    assert.deepEqual(await redeemLinkCode(garbage, { now: NOW }), { ok: false, reason: 'malformed' });
  }
  // whitespace and line breaks from a paste do not matter
  assert.equal((await redeemLinkCode(`  ${code.slice(0, 40)}\n${code.slice(40)}  `, { now: NOW })).ok, true);
});

test('the code carries the list once, as it was signed, and fits a QR code that reads back exactly', async () => {
  const laptop = await firstDevice();
  const { code, pending } = await linkedFrom(laptop);
  const parsed = await parseLinkCode(code);
  assert.deepEqual(parsed.identity, pending.identity, 'the identity block comes back byte for byte');
  assert.equal(parsed.device.signing, pending.signing, 'the new device is the list\'s last entry');
  assert.ok(code.length <= 800, `two devices: ${code.length} characters`);
  const { data, size } = qrPixels(qrModules(code), 3);
  assert.equal(await readQr(data, size, size), code, 'drawn as a QR code, it reads back exactly');
  // a third device still fits
  const redeemed = await redeemLinkCode(code, { now: NOW });
  await laptop.observeOwnList(redeemed.person.identity);
  const third = await startLink(laptop, { name: 'tablet', nick: 'alice', now: NOW });
  assert.ok(third.code.length <= 1000, `three devices: ${third.code.length} characters`);
  assert.doesNotThrow(() => qrModules(third.code));
});

test('unlinking signs a list without the device, above every version before; the device learns it is out', async () => {
  const laptop = await firstDevice();
  const { code } = await linkedFrom(laptop);
  const redeemed = await redeemLinkCode(code, { now: NOW });
  await laptop.observeOwnList(redeemed.person.identity);
  const phone = new Identity(redeemed.record, await fingerprintOf(redeemed.record), redeemed.person, memoryStorage());
  const without = await laptop.unlink(phone.record.signing, NOW + 5);
  assert.equal(decodeDeviceList(without.devices).version, 3);
  assert.equal(await verifiedDevices({ ...phone.publicKeys, identity: without }), null, 'peers no longer believe it');
  assert.equal(await phone.observeOwnList(without), 'removed');
  await phone.becomeOwnPerson(NOW + 6);
  assert.notEqual(phone.joinKeys.identity.signing, laptop.joinKeys.identity.signing, 'a person of its own now');
  assert.equal(phone.holdsIdentityKey, true);
  await assert.rejects(laptop.unlink(laptop.record.signing), /last device/);
});
