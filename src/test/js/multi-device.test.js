// One person on several devices, end to end between pages (the server's part played by the test): a message is
// encrypted once per device of the recipient and once per other device of the sender, each device reads only its
// own copy, and an unlinked device gets nothing more.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redeemLinkCode, startLink } from '../../../webapp/js/device-link.js';
import { DeviceListLedger, deviceId } from '../../../webapp/js/devices.js';
import { fingerprintOf, generateKeys, Identity, newPerson } from '../../../webapp/js/identity.js';
import { PeerDevices } from '../../../webapp/js/peer-devices.js';
import { PrivateMessages } from '../../../webapp/js/private-messages.js';
import { Room } from '../../../webapp/js/store.js';
import { TrustStore } from '../../../webapp/js/trust.js';
import { memoryStorage } from './support.js';

async function firstDevice() {
  const record = await generateKeys();
  return new Identity(record, await fingerprintOf(record), await newPerson(record), memoryStorage());
}

/** A page: its identity, its PrivateMessages, and its view of the room "lobby" under `nick`. */
function page(identity, nick) {
  const messages = new PrivateMessages(identity, new TrustStore(new Map(), false),
    new PeerDevices(new DeviceListLedger(memoryStorage())));
  return { identity, messages, room: new Room({ name: 'lobby', nick, users: ['alice', 'bob'] }) };
}

/** Alice on a laptop and a phone linked by code; bob on his own. Every page has seen everyone's keys. */
async function people(t) {
  t.mock.method(console, 'warn', () => {});
  const laptopIdentity = await firstDevice();
  const { code } = await startLink(laptopIdentity, { name: 'phone', nick: 'alice' });
  const redeemed = await redeemLinkCode(code);
  const phoneIdentity = new Identity(redeemed.record, await fingerprintOf(redeemed.record), redeemed.person, memoryStorage());
  assert.equal(await laptopIdentity.observeOwnList(phoneIdentity.joinKeys.identity), 'adopted');
  const laptop = page(laptopIdentity, 'alice');
  const phone = page(phoneIdentity, 'alice');
  const bob = page(await firstDevice(), 'bob');
  const keys = { alice: laptopIdentity.joinKeys, bob: bob.identity.joinKeys };
  for (const each of [laptop, phone, bob]) await each.messages.observe(each.room, ['alice', 'bob'], keys);
  return { laptop, phone, bob };
}

/** What the server delivers of a copy: to the recipient device (SrcDevice), or back to the sender (TgtUser). */
async function delivered(sender, { target, fields }, id) {
  return { msgType: 'PrivateMessage', id, room: 'lobby', ts: 1, SrcUser: sender.room.nick,
    SrcDevice: await deviceId(sender.identity.record.signing), ...fields, TgtDevice: undefined };
}

async function copyFor(copies, receiver) {
  const id = await deviceId(receiver.identity.record.signing);
  return copies.find(({ fields }) => fields.TgtDevice === id) || null;
}

test("bob's message is encrypted to both of alice's devices, and each reads its own copy only", async (t) => {
  const { laptop, phone, bob } = await people(t);
  assert.equal(await bob.messages.deviceCount(bob.room, 'alice'), 2);
  const copies = await bob.messages.sealAll(bob.room, 'alice', 'dinner at eight?');
  assert.equal(copies.length, 2);
  assert.deepEqual(copies.map((copy) => copy.target), ['alice', 'alice']);
  for (const [index, reader] of [laptop, phone].entries()) {
    const frame = await delivered(bob, await copyFor(copies, reader), `m${index}`);
    const opened = await reader.messages.open(reader.room, frame, false, 'bob');
    assert.equal(opened.ok, true, `device ${index}`);
    assert.equal(opened.text, 'dinner at eight?');
  }
  const phonesCopy = await delivered(bob, await copyFor(copies, phone), 'm9');
  assert.equal((await laptop.messages.open(laptop.room, phonesCopy, false, 'bob')).ok, false, "not the laptop's copy");
});

test("alice's reply from the phone reaches bob and shows on her laptop, in the conversation with bob, as hers", async (t) => {
  const { laptop, phone, bob } = await people(t);
  const copies = await phone.messages.sealAll(phone.room, 'bob', 'yes, see you');
  assert.deepEqual(copies.map((copy) => copy.target).sort(), ['alice', 'bob']);
  const toBob = await delivered(phone, copies.find((copy) => copy.target === 'bob'), 'r1');
  const read = await bob.messages.open(bob.room, toBob, false, 'alice');
  assert.equal(read.text, 'yes, see you');
  const toLaptop = await delivered(phone, await copyFor(copies, laptop), 'r2');
  const mirrored = await laptop.messages.open(laptop.room, toLaptop, false, 'alice');
  assert.equal(mirrored.ok, true);
  assert.equal(mirrored.text, 'yes, see you');
  assert.equal(mirrored.conversationPeer, 'bob');
  assert.equal(mirrored.own, true);
});

test('the sender shows its message once, though the server echoes one copy per device', async (t) => {
  const { phone } = await people(t);
  const copies = await phone.messages.sealAll(phone.room, 'bob', 'once');
  const shown = [];
  for (const [index, { target, fields }] of copies.entries()) {
    const echo = { msgType: 'PrivateMessage', id: `e${index}`, room: 'lobby', ts: 1, SrcUser: 'alice', TgtUser: target, ...fields };
    const opened = await phone.messages.open(phone.room, echo, true, target);
    if (opened.ok) shown.push([opened.text, opened.conversationPeer]);
    else assert.equal(opened.reason, 'duplicate');
  }
  assert.deepEqual(shown, [['once', 'bob']]);
});

test('a copy from a device that is not in the sender\'s list is refused', async (t) => {
  const { laptop, bob } = await people(t);
  const stranger = page(await firstDevice(), 'bob');
  await stranger.messages.observe(stranger.room, ['alice'], { alice: laptop.identity.joinKeys });
  const [copy] = await stranger.messages.sealAll(stranger.room, 'alice', 'I am bob, trust me');
  const frame = await delivered(stranger, copy, 'x1');
  const opened = await laptop.messages.open(laptop.room, frame, false, 'bob');
  assert.deepEqual(opened, { ok: false, reason: 'unknown-device' });
  assert.ok(bob); // the real bob's list is what the laptop checks against
});

test('after the phone is unlinked, bob encrypts to the laptop alone, and the old list does not bring the phone back', async (t) => {
  const { laptop, phone, bob } = await people(t);
  await laptop.identity.unlink(phone.identity.record.signing);
  await bob.messages.observe(bob.room, ['alice'], { alice: laptop.identity.joinKeys });
  const copies = await bob.messages.sealAll(bob.room, 'alice', 'just you now');
  assert.equal(copies.length, 1);
  assert.equal(copies[0].fields.TgtDevice, await deviceId(laptop.identity.record.signing));
  // the phone, still connected, presents the list that named it: an older version, refused
  await bob.messages.observe(bob.room, ['alice'], { alice: phone.identity.joinKeys });
  assert.equal(await bob.messages.deviceCount(bob.room, 'alice'), 1);
  // and the phone itself learns it is out when it sees the laptop's newer list, and becomes its own person
  const reports = await phone.messages.observe(phone.room, ['alice'], { alice: laptop.identity.joinKeys });
  assert.deepEqual(reports, [{ peer: 'alice', change: 'unlinked', own: true }]);
  assert.notEqual(phone.identity.joinKeys.identity.signing, laptop.identity.joinKeys.identity.signing);
});
