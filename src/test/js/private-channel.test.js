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

/** Bob's page, joined to lobby with keys, where ann is present with hers. */
async function bobJoined(t) {
  fakeClock(t);
  const sockets = fakeWebSockets(t);
  t.mock.method(console, 'warn', () => {}); // no IndexedDB in node: replay state stays in memory
  const log = [];
  const events = new Proxy({}, { get: (_, name) => (...args) => log.push([name, ...args]) });
  const client = new ChatClient({
    url: 'ws://127.0.0.1/chat', store: new ChatStore(), events,
    privateMessages: new PrivateMessages(bobIdentity, new TrustStore(new Map(), false)),
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
  assert.deepEqual(log.find(([name]) => name === 'onKeyChange')[2], { peer: 'ann', change: 'changed' });
  assert.equal(client.send('lobby', 'ann', 'are you there?', 'view'), false);
  assert.equal(await client.acceptChangedKey('lobby', 'ann'), true);
  assert.equal(client.privateMessages.mode(client.store.room('lobby'), 'ann').mode, 'encrypted');
});
