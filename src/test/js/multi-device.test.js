// One person on several devices, end to end between pages (the server's part played by the test): a message is
// encrypted once per device of the recipient and once per other device of the sender, each device reads only its
// own copy, and an unlinked device gets nothing more.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redeemLinkCode, startLink } from '../../../webapp/js/device-link.js';
import { DeviceListLedger, deviceId } from '../../../webapp/js/devices.js';
import { fingerprintOf, generateKeys, Identity, newPerson } from '../../../webapp/js/identity.js';
import { PeerDevices } from '../../../webapp/js/peer-devices.js';
import { PrivateChannel } from '../../../webapp/js/private-channel.js';
import { PrivateMessages } from '../../../webapp/js/private-messages.js';
import { ReplayGuard } from '../../../webapp/js/replay.js';
import { ChatStore } from '../../../webapp/js/store.js';
import { TrustStore } from '../../../webapp/js/trust.js';
import { fakeClock, memoryStorage } from './support.js';

async function firstDevice() {
  const record = await generateKeys();
  return new Identity(record, await fingerprintOf(record), await newPerson(record), memoryStorage());
}

/**
 * A page: its identity, its PrivateMessages, and its view of the room "lobby" under `nick`; `stored` are the pins and
 * the device lists a browser keeps across reloads (fresh ones for a new browser).
 */
function page(identity, nick, stored = { pins: new Map(), lists: memoryStorage() }, users = ['alice', 'bob']) {
  const messages = new PrivateMessages(identity, new TrustStore(stored.pins, false),
    new PeerDevices(new DeviceListLedger(stored.lists)), new ReplayGuard(stored.lists));
  const store = new ChatStore();
  const room = store.addRoom({ name: 'lobby', nick, users });
  return { identity, messages, stored, store, room };
}

/** What `reader`'s page shows of private message frames, through its PrivateChannel, in order. */
async function shownBy(reader, frames) {
  const shown = [];
  const events = new Proxy({}, { get: (_, name) => (...args) => { if (name === 'onMessage') shown.push(args[1]); } });
  const channel = new PrivateChannel({
    store: reader.store, events, send: () => true, privateMessages: () => reader.messages, outbox: null,
  });
  for (const frame of frames) await channel.onPrivateMessage(frame);
  return shown;
}

/** The same browser after a reload: what it stored, nothing it held in memory, and no one else in the room yet. */
function reloaded(before) {
  return page(before.identity, before.room.nick, before.stored, [before.room.nick]);
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

test('after a reload, with alice away, bob still writes to both her devices and reads a stored copy from either', async (t) => {
  const { laptop, phone, bob } = await people(t);
  const fromPhone = await phone.messages.sealAll(phone.room, 'bob', 'written on the phone while you were away');
  const storedForBob = await delivered(phone, fromPhone.find((copy) => copy.target === 'bob'), 's1');

  const writer = reloaded(bob); // alice is not in the room: only her pin says who she is
  assert.equal(writer.room.peers.has('alice'), false);
  await writer.messages.recall(writer.room, 'alice'); // what opening the conversation does
  assert.equal(writer.messages.mode(writer.room, 'alice').mode, 'encrypted');
  const copies = await writer.messages.sealAll(writer.room, 'alice', 'are you there?');
  assert.equal(copies.length, 2, 'one copy per device of alice, not one to the pinned device');
  for (const [index, reader] of [laptop, phone].entries()) {
    const frame = await delivered(writer, await copyFor(copies, reader), `q${index}`);
    const opened = await reader.messages.open(reader.room, frame, false, 'bob');
    assert.equal(opened.text, 'are you there?', `device ${index}`);
  }

  const reader = reloaded(bob); // another reload: the phone's stored copy is the first thing it sees of alice
  const opened = await reader.messages.open(reader.room, storedForBob, false, 'alice');
  assert.equal(opened.ok, true, `the phone's copy opens: ${opened.reason}`);
  assert.equal(opened.text, 'written on the phone while you were away');
});

test('after a reload, a pin holding an older list does not bring back the device alice unlinked', async (t) => {
  const { laptop, phone, bob } = await people(t);
  const fromPhone = await phone.messages.sealAll(phone.room, 'bob', 'sent before the unlink, delivered after');
  await laptop.identity.unlink(phone.identity.record.signing);
  await bob.messages.observe(bob.room, ['alice'], { alice: laptop.identity.joinKeys });
  // the server lists the unlinked phone under alice again: the pin takes its keys (same person), the ledger does not
  await bob.messages.observe(bob.room, ['alice'], { alice: phone.identity.joinKeys });
  assert.equal(bob.messages.trust.pinned('lobby', 'alice').keys.signing, phone.identity.record.signing);

  const writer = reloaded(bob);
  await writer.messages.recall(writer.room, 'alice');
  assert.equal(await writer.messages.deviceCount(writer.room, 'alice'), 1);
  const copies = await writer.messages.sealAll(writer.room, 'alice', 'only the laptop');
  assert.deepEqual(copies.map((copy) => copy.fields.TgtDevice), [await deviceId(laptop.identity.record.signing)]);
  const reader = reloaded(bob);
  const stale = await delivered(phone, fromPhone.find((copy) => copy.target === 'bob'), 's2');
  assert.deepEqual(await reader.messages.open(reader.room, stale, false, 'alice'), { ok: false, reason: 'unknown-device' });
});

test('after a reload, a copy from alice\'s phone that the server held back is late against what her laptop wrote later', async (t) => {
  const clock = fakeClock(t);
  const { laptop, phone, bob } = await people(t);
  const heldBack = await phone.messages.sealAll(phone.room, 'bob', 'written first, on the phone');
  clock.advance(60_000);
  const later = await laptop.messages.sealAll(laptop.room, 'bob', 'written a minute later, on the laptop');
  const toBob = async (sender, copies, id) => delivered(sender, copies.find((copy) => copy.target === 'bob'), id);
  const laterFrame = await toBob(laptop, later, 'h2');
  assert.deepEqual((await shownBy(bob, [laterFrame])).map((message) => message.late), [false]);

  // bob reloads; the server delivers the held-back copy first, then again the one shown before the reload
  const shown = await shownBy(reloaded(bob), [await toBob(phone, heldBack, 'h1'), { ...laterFrame, queued: true }]);
  assert.deepEqual(shown.map((message) => [message.text, message.late, message.again]), [
    ['written first, on the phone', true, false],
    ['written a minute later, on the laptop', false, true],
  ]);
  assert.equal(shown[0].shownAt, shown[0].sentAt, 'shown at the time the phone signed');
});
