// A sealed room as the chat client lives it, against a fake server: the password never leaves the page (only the
// join verifier does), the text never leaves it (only the sealed body does, also when sent again after a reconnect),
// a squatted unsealed room is left, and a rotation asks for the new password while the old history stays readable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient } from '../../../webapp/js/chat-client.js';
import { inviteJoin } from '../../../webapp/js/invite-channel.js';
import { PrivateMessages } from '../../../webapp/js/private-messages.js';
import { deriveRoomSecrets, newSalt, openRoomMessage, sealRoomMessage } from '../../../webapp/js/sealed-crypto.js';
import { memoryStorage, RoomKeyRing } from '../../../webapp/js/sealed-keys.js';
import { ChatStore } from '../../../webapp/js/store.js';
import { TrustStore } from '../../../webapp/js/trust.js';
import { fakeClock, fakeWebSockets, newIdentity, reconnected, recordingEvents } from './support.js';

const PASSWORD = 'lanterns at dusk, 7 of them';
const SALT = newSalt();
const [ann, bob] = await Promise.all([newIdentity(), newIdentity()]);
const secrets = await deriveRoomSecrets(PASSWORD, SALT);

function newSession(t) {
  const clock = fakeClock(t);
  const sockets = fakeWebSockets(t);
  t.mock.method(console, 'warn', () => {});
  const store = new ChatStore();
  const events = recordingEvents();
  const keyRing = new RoomKeyRing(memoryStorage());
  const client = new ChatClient({
    url: 'ws://127.0.0.1/chat', store, events, privateMessages: new PrivateMessages(ann, new TrustStore(new Map(), false)),
    keyRing,
  });
  t.after(() => client.disconnect());
  const socket = () => sockets.at(-1);
  const settled = async () => {
    for (let round = 0; round < 4; round += 1) {
      await client.inbound;
      await client.sealing;
    }
  };
  const shown = () => events.log.filter(([name]) => name === 'onMessage').map(([, , m]) => m);
  return { client, clock, sockets, socket, store, events, settled, shown, keyRing };
}

const bobSays = async (id, text, keyed = secrets, clientMsgId = `b-${id}`) => ({
  msgType: 'Broadcast', id, room: 'garden', ts: 1, SrcUser: 'bob', clientMsgId,
  sealed: await sealRoomMessage({
    identity: bob, roomKey: keyed.roomKey, keyId: keyed.keyId, room: 'garden', sender: 'bob', clientMsgId, text,
    sentAt: 5,
  }),
});

async function joinedSealed(session, { history = [], request = {} } = {}) {
  const { client, socket, settled } = session;
  client.join({ room: 'garden', nick: 'ann', password: PASSWORD, ...request });
  socket().accept();
  socket().receive({ msgType: 'Hello', versions: [1] });
  await settled();
  socket().receive({ msgType: 'SealInfo', room: 'garden', sealed: true, salt: SALT, kdf: 'argon2id-v1' });
  await settled();
  socket().receive({
    msgType: 'Joined', room: 'garden', nick: 'ann', users: ['ann', 'bob'], epoch: 'e1', history,
    keys: { bob: bob.publicKeys }, requireEncryption: true, seal: { salt: SALT, kdf: 'argon2id-v1' },
  });
  await settled();
  return session.store.room('garden');
}

test('joining a sealed room sends the join verifier, never the password, and reads the history', async (t) => {
  const session = newSession(t);
  const room = await joinedSealed(session, { history: [await bobSays('101', 'the tulips are out')] });
  const sent = session.sockets[0].sent.join('\n');
  assert.equal(sent.includes(PASSWORD), false, 'the password never leaves the page');
  assert.deepEqual(session.sockets[0].frames().map((frame) => frame.msgType), ['SealInfo', 'Join']);
  const [join] = session.sockets[0].frames('Join');
  assert.equal(join.sealed, true);
  assert.equal(join.password, secrets.verifier);
  assert.deepEqual(room.sealed, { salt: SALT, kdf: 'argon2id-v1', keyId: secrets.keyId });
  const [message] = session.shown();
  assert.equal(message.frame.text, 'the tulips are out');
  assert.equal(message.frame.opened.signer, 'verified');
  assert.equal(message.earlier, true);
});

test('a message to a sealed room leaves the page sealed, and the page reads its own copy', async (t) => {
  const session = newSession(t);
  await joinedSealed(session);
  assert.equal(session.client.send('garden', null, 'meet at the gate', 'room:garden'), true);
  await session.settled();
  const [broadcast] = session.socket().frames('Broadcast');
  assert.equal('text' in broadcast, false);
  assert.equal(JSON.stringify(broadcast).includes('meet at the gate'), false);
  assert.equal(broadcast.sealed.keyId, secrets.keyId);
  session.socket().receive({ msgType: 'Broadcast', id: '201', room: 'garden', ts: 2, SrcUser: 'ann',
    clientMsgId: broadcast.clientMsgId, sealed: broadcast.sealed });
  await session.settled();
  const own = session.shown().at(-1);
  assert.equal(own.frame.text, 'meet at the gate');
  assert.equal(own.own, true);
  assert.equal(own.frame.opened.signer, 'verified');
});

test('a sealed message without an Ack is sent again as the same sealed bytes, never as text', async (t) => {
  const session = newSession(t);
  await joinedSealed(session);
  session.client.send('garden', null, 'are you there?', 'room:garden');
  await session.settled();
  const [first] = session.socket().frames('Broadcast');
  await reconnected(session);
  const [rejoin] = session.socket().frames('Join');
  assert.equal(rejoin.sealed, true);
  assert.equal(rejoin.password, secrets.verifier, 'a rejoin sends the kept verifier');
  assert.equal(session.socket().frames('SealInfo').length, 0, 'no new derivation on a reconnect');
  session.socket().receive({
    msgType: 'Joined', room: 'garden', nick: 'ann', users: ['ann', 'bob'], epoch: 'e1', recovered: true,
    keys: { bob: bob.publicKeys }, seal: { salt: SALT, kdf: 'argon2id-v1' },
  });
  await session.settled();
  const [again] = session.socket().frames('Broadcast');
  assert.deepEqual(again, first);
  assert.equal(session.sockets.map((socket) => socket.sent.join('')).join('').includes('are you there?'), false);
});

test('a page that asked for a sealed room leaves a room of that name that is not sealed', async (t) => {
  const session = newSession(t);
  const { client, socket, settled, events } = session;
  client.join({ room: 'garden', nick: 'ann', password: PASSWORD, createSealed: true });
  socket().accept();
  socket().receive({ msgType: 'Hello', versions: [1] });
  await settled();
  socket().receive({ msgType: 'SealInfo', room: 'garden', sealed: false });
  await settled();
  const [join] = socket().frames('Join');
  assert.equal(join.sealed.kdf, 'argon2id-v1');
  assert.equal(typeof join.sealed.salt, 'string');
  assert.equal(join.password.length, 43);
  // A squatter's ordinary room was there first: the server answers with a Joined that has no seal.
  socket().receive({ msgType: 'Joined', room: 'garden', nick: 'ann', users: ['ann', 'mallory'], history: [] });
  await settled();
  assert.ok(!session.store.room('garden'), 'the page is not in the room');
  assert.equal(socket().frames('Leave').length, 1);
  const [, result] = events.log.find(([name]) => name === 'onJoinResult');
  assert.equal(result.ok, false);
  assert.match(result.text, /not sealed/);
  assert.equal(client.send('garden', null, 'secret plans', 'room:garden'), false);
});

test('after a rotation the page asks for the new password; old history stays readable, new opens after', async (t) => {
  const session = newSession(t);
  const room = await joinedSealed(session, { history: [await bobSays('101', 'before the change')] });
  const newSaltValue = newSalt();
  const rotated = await deriveRoomSecrets('a brand new password, 2026', newSaltValue);
  session.socket().receive({ msgType: 'Settings', room: 'garden', seal: { salt: newSaltValue, kdf: 'argon2id-v1' } });
  await session.settled();
  assert.equal(room.sealed.keyId, null);
  assert.ok(session.events.log.some(([name]) => name === 'onSealChanged'));
  assert.equal(session.client.send('garden', null, 'with the old key?', 'room:garden'), false, 'no writing until then');

  session.socket().receive(await bobSays('102', 'after the change', rotated));
  await session.settled();
  const unreadable = session.shown().at(-1);
  assert.equal(unreadable.frame.opened.reason, 'unknown_key');
  assert.equal(unreadable.frame.text, undefined);

  await session.client.unlockSealedRoom('garden', 'a brand new password, 2026');
  const [, , reopened] = session.events.log.find(([name]) => name === 'onSealedReopened');
  assert.deepEqual(reopened.map((frame) => frame.text), ['after the change']);
  assert.equal(room.sealed.keyId, rotated.keyId);
  assert.equal(room.password, rotated.verifier, 'a rejoin sends the new verifier');
  session.socket().receive({ ...(await bobSays('103', 'old key still opens')), id: '103' });
  session.socket().receive(await bobSays('104', 'and the old history', secrets));
  await session.settled();
  assert.deepEqual(session.shown().slice(-2).map((message) => message.frame.text),
    ['old key still opens', 'and the old history']);
});

test('the owner\'s rotation sends a new verifier and salt, and its page seals with the new key at once', async (t) => {
  const session = newSession(t);
  const room = await joinedSealed(session);
  assert.equal(await session.client.rotateSealedRoom('garden', 'the owner\'s new password 99'), true);
  const [settings] = session.socket().frames('RoomSettings');
  assert.equal(settings.password.length, 43);
  assert.equal(JSON.stringify(settings).includes('new password'), false);
  session.socket().receive({ msgType: 'Settings', room: 'garden', seal: { salt: settings.salt, kdf: 'argon2id-v1' } });
  await session.settled();
  const expected = await deriveRoomSecrets('the owner\'s new password 99', settings.salt);
  assert.equal(room.sealed.keyId, expected.keyId);
  assert.equal(expected.verifier, settings.password);
  assert.equal(session.client.send('garden', null, 'new key now', 'room:garden'), true);
  await session.settled();
  assert.equal(session.socket().frames('Broadcast')[0].sealed.keyId, expected.keyId);
});

test('the owner\'s wipe sends a new verifier and a fresh salt, never the password; the page joins again with it', async (t) => {
  const session = newSession(t);
  const { client, socket, settled, store } = session;
  await joinedSealed(session);
  const newPassword = 'after the wipe: 12 lanterns';
  assert.equal(await client.wipeSealedRoom('garden', 'garden', newPassword), true);
  const [wipe] = socket().frames('WipeRoom');
  assert.equal(socket().sent.join('\n').includes(newPassword), false, 'the password never leaves the page');
  assert.equal(Buffer.from(wipe.salt, 'base64').length, 16);
  assert.notEqual(wipe.salt, SALT, 'a fresh salt: the wiped room gets a new key');
  const wiped = await deriveRoomSecrets(newPassword, wipe.salt);
  assert.deepEqual(wipe, {
    msgType: 'WipeRoom', room: 'garden', confirm: 'garden', newPassword: wiped.verifier, salt: wipe.salt,
  });
  assert.notEqual(wiped.verifier, newPassword);
  assert.notEqual(wiped.keyId, secrets.keyId);

  socket().receive({ msgType: 'Removed', room: 'garden', reason: 'wiped', by: 'ann', text: 'this room was wiped' });
  await settled();
  assert.equal(store.room('garden').status, 'failed');
  client.join({ room: 'garden', nick: 'ann', password: newPassword });
  await settled();
  socket().receive({ msgType: 'SealInfo', room: 'garden', sealed: true, salt: wipe.salt, kdf: 'argon2id-v1' });
  await settled();
  assert.equal(socket().frames('Join').at(-1).password, wiped.verifier, 'the new password joins the wiped room');
  socket().receive({
    msgType: 'Joined', room: 'garden', nick: 'ann', users: ['ann', 'bob'], epoch: 'e2', history: [],
    keys: { bob: bob.publicKeys }, requireEncryption: true, seal: { salt: wipe.salt, kdf: 'argon2id-v1' },
  });
  await settled();
  assert.equal(store.room('garden').sealed.keyId, wiped.keyId);
  socket().receive(await bobSays('201', 'sealed under the new key', wiped));
  await settled();
  assert.equal(session.shown().at(-1).frame.text, 'sealed under the new key');
  const after = await bobSays('202', 'not for old keys', wiped);
  const openWith = (roomKey) => openRoomMessage({
    roomKeyFor: () => roomKey, signerKeys: bob.publicKeys, room: 'garden', sender: 'bob',
    clientMsgId: after.clientMsgId, sealed: after.sealed,
  });
  assert.equal((await openWith(wiped.roomKey)).text, 'not for old keys');
  assert.deepEqual(await openWith(secrets.roomKey), { ok: false, reason: 'decryption', keyId: wiped.keyId },
    'whoever kept the old room key opens nothing sealed after the wipe');
});

test('a server without sealed rooms (SealInfo unknown) gets an ordinary join; creating one there is refused', async (t) => {
  const session = newSession(t);
  const { client, socket, settled, events } = session;
  client.join({ room: 'lobby', nick: 'ann', password: 'plain password' });
  socket().accept();
  socket().receive({ msgType: 'Hello', versions: [1] });
  await settled();
  socket().receive({ msgType: 'Error', code: 'unknown_type', room: 'lobby' });
  await settled();
  const [join] = socket().frames('Join');
  assert.equal(join.password, 'plain password');
  assert.equal('sealed' in join, false);
  socket().receive({ msgType: 'Joined', room: 'lobby', nick: 'ann', users: ['ann'], history: [] });
  await settled();
  client.join({ room: 'hideout', nick: 'ann', password: PASSWORD, createSealed: true });
  await settled();
  socket().receive({ msgType: 'Error', code: 'unknown_type', room: 'hideout' });
  await settled();
  assert.equal(socket().frames('Join').length, 1, 'no join to an unsealed room the person meant to seal');
  const refused = events.log.filter(([name, result]) => name === 'onJoinResult' && !result.ok);
  assert.match(refused.at(-1)[1].text, /sealed rooms/);
});

test('a join by invite sends the token and no password, and reads with the key the link brought', async (t) => {
  const session = newSession(t);
  const { client, socket, settled, keyRing } = session;
  await keyRing.rememberRoomKey('garden', secrets.roomKey); // what the invite page does with the link's key
  client.join({ room: 'garden', nick: 'ann', password: null, ...inviteJoin('token-from-the-link') });
  socket().accept();
  socket().receive({ msgType: 'Hello', versions: [1] });
  await settled();
  assert.deepEqual(socket().frames().map((frame) => frame.msgType), ['Join']);
  const [join] = socket().frames('Join');
  assert.deepEqual([join.invite, join.sealed, join.password], ['token-from-the-link', true, null]);
  socket().receive({
    msgType: 'Joined', room: 'garden', nick: 'ann', users: ['ann', 'bob'], history: [await bobSays('101', 'welcome')],
    keys: { bob: bob.publicKeys }, seal: { salt: SALT, kdf: 'argon2id-v1' },
  });
  await settled();
  assert.equal(session.shown()[0].frame.text, 'welcome');
  assert.equal(session.store.room('garden').sealed.keyId, secrets.keyId);
});

// A hostile server (or a network path without TLS) answering a sealed join with an ordinary room: the page must not
// stay, or what it writes would go out as plain text.

const UNSEALED = { msgType: 'Joined', room: 'garden', nick: 'ann', users: ['ann', 'mallory'], epoch: 'e1', history: [] };

function assertLeftAndWroteNothing(session, socket) {
  assert.equal(socket.frames('Leave').length, 1, 'the page leaves the room');
  assert.equal(session.client.send('garden', null, 'secret plans', 'room:garden'), false, 'nothing can be written');
  const everything = session.sockets.map((each) => each.sent.join('\n')).join('\n');
  assert.equal(everything.includes('secret plans'), false);
}

test('a password join whose SealInfo said sealed refuses a Joined without a seal, or with one it cannot use', async (t) => {
  for (const seal of [undefined, { salt: 'not a salt', kdf: 'argon2id-v1' }, { salt: SALT, kdf: 'none' }]) {
    await t.test(`seal ${JSON.stringify(seal)}`, async (t) => {
      const session = newSession(t);
      const { client, socket, settled, events } = session;
      client.join({ room: 'garden', nick: 'ann', password: PASSWORD });
      socket().accept();
      socket().receive({ msgType: 'Hello', versions: [1] });
      await settled();
      socket().receive({ msgType: 'SealInfo', room: 'garden', sealed: true, salt: SALT, kdf: 'argon2id-v1' });
      await settled();
      assert.equal(socket().frames('Join')[0].sealed, true);
      socket().receive({ ...UNSEALED, seal });
      await settled();
      assert.ok(!session.store.room('garden'), 'the page is not in the room');
      const [, result] = events.log.find(([name]) => name === 'onJoinResult');
      assert.equal(result.ok, false);
      assert.match(result.text, /as an ordinary room, though it is sealed/);
      assertLeftAndWroteNothing(session, socket());
    });
  }
});

test('an invite join refuses a Joined without a seal', async (t) => {
  const session = newSession(t);
  const { client, socket, settled, events, keyRing } = session;
  await keyRing.rememberRoomKey('garden', secrets.roomKey);
  client.join({ room: 'garden', nick: 'ann', password: null, ...inviteJoin('token-from-the-link') });
  socket().accept();
  socket().receive({ msgType: 'Hello', versions: [1] });
  await settled();
  socket().receive(UNSEALED);
  await settled();
  assert.ok(!session.store.room('garden'));
  const [, result] = events.log.find(([name]) => name === 'onJoinResult');
  assert.equal(result.ok, false);
  assert.match(result.text, /readable by the server/);
  assertLeftAndWroteNothing(session, socket());
});

test('a rejoin of a room known sealed refuses a Joined without a seal: the room fails, nothing goes out plain', async (t) => {
  const session = newSession(t);
  const room = await joinedSealed(session);
  session.client.send('garden', null, 'before the outage', 'room:garden'); // sealed, never acknowledged
  await session.settled();
  await reconnected(session);
  assert.equal(session.socket().frames('Join')[0].sealed, true);
  session.socket().receive({ ...UNSEALED, recovered: true });
  await session.settled();
  assert.equal(room.status, 'failed');
  assert.ok(room.sealed, 'the room is still held as sealed');
  const [, , notice] = session.events.log.filter(([name]) => name === 'onRoomStatus').at(-1);
  assert.match(notice, /as an ordinary room, though it is sealed/);
  assert.equal(session.socket().frames('Broadcast').length, 0, 'the unacknowledged message is not sent again');
  assertLeftAndWroteNothing(session, session.socket());
  assert.equal(session.sockets.map((each) => each.sent.join('')).join('').includes('before the outage'), false);
});

// A browser an invite link let in comes back after a reload: the link has left the address bar and its one use is
// spent, but the room key is in the key ring and the server admits the browser's key without a password.

async function joinWithoutPassword(session) {
  const { client, socket, settled } = session;
  client.join({ room: 'garden', nick: 'ann', password: '' }); // the join form, the password field left empty
  socket().accept();
  socket().receive({ msgType: 'Hello', versions: [1] });
  await settled();
  const [first] = socket().frames('Join');
  assert.equal('sealed' in first, false, 'first asked as any password-less join');
  socket().receive({ msgType: 'Error', code: 'sealed_room', room: 'garden', text: 'this room is sealed' });
  await settled();
}

test('after a reload, a browser a link let in comes back with no password and reads the history', async (t) => {
  const session = newSession(t);
  const { socket, settled, keyRing } = session;
  await keyRing.rememberRoomKey('garden', secrets.roomKey); // kept from the link, in IndexedDB
  await joinWithoutPassword(session);
  const joins = socket().frames('Join');
  assert.equal(joins.length, 2, 'asked once more');
  assert.deepEqual([joins[1].sealed, joins[1].password, 'invite' in joins[1]], [true, null, false]);
  assert.ok(joins[1].keys, 'with the keys the server admitted');
  socket().receive({ msgType: 'Challenge', room: 'garden', challenge: 'nonce-1' });
  await settled();
  assert.equal(socket().frames('Prove').length, 1);
  socket().receive({
    msgType: 'Joined', room: 'garden', nick: 'ann', users: ['ann', 'bob'], epoch: 'e1',
    history: [await bobSays('101', 'written before the reload')], keys: { bob: bob.publicKeys },
    seal: { salt: SALT, kdf: 'argon2id-v1' },
  });
  await settled();
  const room = session.store.room('garden');
  assert.equal(room.status, 'joined');
  assert.equal(room.sealed.keyId, secrets.keyId);
  assert.equal(session.shown()[0].frame.text, 'written before the reload');

  await reconnected(session); // and after a reconnect, the same way in
  const [rejoin] = session.socket().frames('Join');
  assert.deepEqual([rejoin.sealed, rejoin.password], [true, null]);
});

test('a browser holding no key for the room is told it is sealed, with no second join', async (t) => {
  const session = newSession(t);
  await joinWithoutPassword(session);
  assert.equal(session.socket().frames('Join').length, 1);
  const [, result] = session.events.log.find(([name]) => name === 'onJoinResult');
  assert.equal(result.ok, false);
  assert.match(result.text, /This room is sealed/);
});

test('an admission that ended (the password changed) is said in words, and the page asks only once', async (t) => {
  const session = newSession(t);
  await session.keyRing.rememberRoomKey('garden', secrets.roomKey);
  await joinWithoutPassword(session);
  session.socket().receive({ msgType: 'Error', code: 'wrong_password', room: 'garden', text: 'this room needs a password' });
  await session.settled();
  assert.equal(session.socket().frames('Join').length, 2);
  const [, result] = session.events.log.find(([name]) => name === 'onJoinResult');
  assert.equal(result.ok, false);
  assert.match(result.text, /no longer lets it in/);
});

test('an admitted comeback answered by an ordinary room is refused like any sealed join', async (t) => {
  const session = newSession(t);
  await session.keyRing.rememberRoomKey('garden', secrets.roomKey);
  await joinWithoutPassword(session);
  session.socket().receive(UNSEALED);
  await session.settled();
  assert.ok(!session.store.room('garden'));
  assertLeftAndWroteNothing(session, session.socket());
});
