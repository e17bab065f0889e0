// Encrypted private messages through the chat session: the reader sees the words, and a replayed or altered copy
// is refused with a reason instead of being shown.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromBase64, toBase64 } from '../../../webapp/js/bytes.js';
import { ChatClient } from '../../../webapp/js/chat-client.js';
import { PrivateMessages } from '../../../webapp/js/private-messages.js';
import { ChatStore, Room } from '../../../webapp/js/store.js';
import { TrustStore } from '../../../webapp/js/trust.js';
import { fakeClock, fakeWebSockets, newIdentity } from './support.js';

const [annIdentity, bobIdentity] = await Promise.all([newIdentity(), newIdentity()]);

/**
 * Bob's page, joined to lobby with keys, where ann is present with hers. `privateMessages`: this browser's stored
 * keys, pins and replay state, to play a reload (a new page with what the last one stored).
 */
async function bobJoined(t, privateMessages = new PrivateMessages(bobIdentity, new TrustStore(new Map(), false))) {
  if (!Date.now.mock) fakeClock(t);
  const sockets = fakeWebSockets(t);
  t.mock.method(console, 'warn', () => {}); // no IndexedDB in node: replay state stays in memory
  const log = [];
  const events = new Proxy({}, { get: (_, name) => (...args) => log.push([name, ...args]) });
  const client = new ChatClient({
    url: 'ws://127.0.0.1/chat', store: new ChatStore(), events,
    privateMessages,
  });
  t.after(() => client.disconnect());
  client.join({ room: 'lobby', nick: 'bob', password: '' });
  const server = sockets[0];
  server.accept();
  server.receive({ msgType: 'Hello' });
  server.receive({ msgType: 'Challenge', room: 'lobby', challenge: 'nonce-1' });
  await client.inbound;
  server.receive({
    msgType: 'Joined', room: 'lobby', nick: 'bob', users: ['ann', 'bob'], epoch: 'e1', requireEncryption: true,
    keys: { ann: annIdentity.publicKeys, bob: bobIdentity.publicKeys },
  });
  await client.inbound;
  await client.inbound;
  return { client, server, log };
}

/** Ann's side: seals `text` for bob as her page would. */
async function sealedByAnn(text) {
  const ann = new PrivateMessages(annIdentity, new TrustStore(new Map(), false));
  const room = new Room({ name: 'lobby', nick: 'ann', users: ['ann', 'bob'] });
  await ann.observe(room, ['bob'], { bob: bobIdentity.publicKeys });
  return ann.seal(room, 'bob', text);
}

const delivered = (id, sealed) => ({ msgType: 'PrivateMessage', id, room: 'lobby', ts: 1, SrcUser: 'ann', ...sealed });

test('a join with keys answers the challenge with a proof', async (t) => {
  const { server } = await bobJoined(t);
  const [join] = server.frames('Join');
  assert.deepEqual(join.keys, bobIdentity.publicKeys);
  const [prove] = server.frames('Prove');
  assert.equal(prove.room, 'lobby');
  assert.equal(typeof prove.signature, 'string');
});

test('an encrypted private message is shown decrypted, marked encrypted', async (t) => {
  const { client, server, log } = await bobJoined(t);
  server.receive(delivered('201', await sealedByAnn('the key is under the mat')));
  await client.inbound;
  const [, , shown] = log.find(([name]) => name === 'onMessage');
  assert.equal(shown.text, 'the key is under the mat');
  assert.equal(shown.peer, 'ann');
  assert.equal(shown.security, 'encrypted');
  assert.equal(client.privateMessages.mode(client.store.room('lobby'), 'ann').mode, 'encrypted');
});

test('the same message delivered twice on one connection is refused as a replay', async (t) => {
  const { client, server, log } = await bobJoined(t);
  const frame = delivered('202', await sealedByAnn('once'));
  server.receive(frame);
  server.receive(frame);
  await client.inbound;
  await client.inbound;
  assert.equal(log.filter(([name]) => name === 'onMessage').length, 1);
  assert.deepEqual(log.find(([name]) => name === 'onPrivateRefused').slice(2), ['ann', 'replayed']);
});

test('a message altered on the way is refused, not shown', async (t) => {
  const { client, server, log } = await bobJoined(t);
  const sealed = await sealedByAnn('pay 10');
  const bytes = fromBase64(sealed.ciphertext);
  bytes[0] ^= 0x01;
  server.receive(delivered('203', { ...sealed, ciphertext: toBase64(bytes) }));
  await client.inbound;
  assert.equal(log.filter(([name]) => name === 'onMessage').length, 0);
  assert.deepEqual(log.find(([name]) => name === 'onPrivateRefused').slice(2), ['ann', 'signature']);
});

test('a peer whose key changes is reported, and nothing is sent to the new key until it is accepted', async (t) => {
  const { client, server, log } = await bobJoined(t);
  const impostor = await newIdentity();
  server.receive({ msgType: 'Presence', room: 'lobby', left: ['ann'] });
  server.receive({ msgType: 'Presence', room: 'lobby', joined: ['ann'], keys: { ann: impostor.publicKeys } });
  await client.inbound;
  await client.inbound;
  assert.deepEqual(log.find(([name]) => name === 'onKeyChange')[2], { peer: 'ann', change: 'changed', verified: false });
  assert.equal(client.send('lobby', 'ann', 'are you there?', 'view'), false);
  assert.equal(await client.acceptChangedKey('lobby', 'ann'), true);
  assert.equal(client.privateMessages.mode(client.store.room('lobby'), 'ann').mode, 'encrypted');
});

test('a verified contact whose key changes blocks sending until the new safety number is verified', async (t) => {
  const { client, server } = await bobJoined(t);
  const room = client.store.room('lobby');
  const first = client.privateMessages.mode(room, 'ann');
  assert.equal(first.verified, false);
  const digits = first.safetyNumber.replaceAll(' ', '');
  assert.equal(await client.markVerified('lobby', 'ann', digits), true);
  assert.equal(client.privateMessages.mode(room, 'ann').verified, true);
  const impostor = await newIdentity();
  server.receive({ msgType: 'Presence', room: 'lobby', left: ['ann'] });
  server.receive({ msgType: 'Presence', room: 'lobby', joined: ['ann'], keys: { ann: impostor.publicKeys } });
  await client.inbound;
  await client.inbound;
  const changed = client.privateMessages.mode(room, 'ann');
  assert.equal(changed.mode, 'changed');
  assert.equal(changed.mustVerify, true);
  assert.equal(client.send('lobby', 'ann', 'are you there?', 'view'), false);
  assert.equal(await client.acceptChangedKey('lobby', 'ann'), false, 'accepting alone does not unblock');
  assert.equal(await client.markVerified('lobby', 'ann', digits), false, 'the old number does not verify the new key');
  assert.equal(client.privateMessages.mode(room, 'ann').mode, 'changed');
  const renewed = changed.safetyNumber.replaceAll(' ', '');
  assert.notEqual(renewed, digits);
  assert.equal(await client.markVerified('lobby', 'ann', renewed), true);
  assert.deepEqual(client.privateMessages.mode(room, 'ann'), { mode: 'encrypted', safetyNumber: changed.safetyNumber, verified: true });
});

test('after a reload, a message shown before and delivered again is marked again (shown, not announced); a new one is not', async (t) => {
  const clock = fakeClock(t);
  const first = await sealedByAnn('read before the reload');
  clock.advance(1000);
  const before = await bobJoined(t);
  before.server.receive(delivered('501', first));
  await before.client.inbound;
  before.client.disconnect();
  const second = await sealedByAnn('new after the reload');
  const { client, server, log } = await bobJoined(t, before.client.privateMessages); // the page is reloaded
  server.receive({ ...delivered('501', first), ts: 90_000, queued: true });
  server.receive({ ...delivered('502', second), ts: 90_001, queued: true });
  await client.inbound;
  await client.inbound;
  const shown = log.filter(([name]) => name === 'onMessage').map(([, , message]) => message);
  assert.deepEqual(shown.map((message) => [message.text, message.again, message.late]),
    [['read before the reload', true, false], ['new after the reload', false, false]]);
});

test('a plain message under a name with pinned keys is a warning, never a line of the conversation', async (t) => {
  const { client, server, log } = await bobJoined(t);
  server.receive({ msgType: 'PrivateMessage', id: '301', room: 'lobby', ts: 1, SrcUser: 'ann', text: 'send me the code' });
  await client.inbound;
  assert.equal(log.filter(([name]) => name === 'onMessage').length, 0, 'not shown as ann\'s message');
  assert.deepEqual(log.find(([name]) => name === 'onPlainUnderPinnedName').slice(2), ['ann', false]);
  server.receive({ msgType: 'PrivateMessage', id: '302', room: 'lobby', ts: 2, SrcUser: 'cy', text: 'hello' });
  await client.inbound;
  assert.equal(log.filter(([name]) => name === 'onMessage').length, 1, 'someone with no keys pinned is shown as before');
});

test('stored messages the server delivers again out of order after a reload show signed times; the older is late', async (t) => {
  const clock = fakeClock(t);
  const first = await sealedByAnn('written first');
  clock.advance(1000);
  const second = await sealedByAnn('written second');
  const before = await bobJoined(t);
  before.server.receive(delivered('401', first));
  before.server.receive(delivered('402', second));
  await before.client.inbound;
  await before.client.inbound;
  before.client.disconnect();
  const { client, server, log } = await bobJoined(t, before.client.privateMessages); // the page is reloaded
  server.receive({ ...delivered('402', second), ts: 90_000, queued: true });
  server.receive({ ...delivered('401', first), ts: 90_001, queued: true });
  await client.inbound;
  await client.inbound;
  const shown = log.filter(([name]) => name === 'onMessage').map(([, , message]) => message);
  assert.deepEqual(shown.map((message) => [message.text, message.late]),
    [['written second', false], ['written first', true]]);
  assert.ok(shown.every((message) => message.shownAt === message.sentAt && Number.isSafeInteger(message.sentAt)),
    'the signed time is shown, not the delivery time');
});
