// Rooms with owners, as the page lives them against a fake server: roles arriving and changing, the system lines of
// moderation, being removed from a room, and actions the server refuses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from '../../../webapp/js/protocol.js';
import { roomViewId } from '../../../webapp/js/store.js';
import { newChatSession, reconnected } from './support.js';

/** Joins lobby as ann, a moderator; bob owns the room and cy is a member. */
async function joinedAsModerator(session, extra = {}) {
  const { client, socket, settled } = session;
  client.join({ room: 'lobby', nick: 'ann', password: 'pw', ...extra });
  socket().accept();
  socket().receive({ msgType: 'Hello', versions: [1] });
  await settled();
  socket().receive({ msgType: 'SealInfo', room: 'lobby', sealed: false }); // a join with a password asks first
  await settled();
  socket().receive({
    msgType: 'Joined', room: 'lobby', nick: 'ann', users: ['ann', 'bob', 'cy'], epoch: 'e1', role: 'moderator',
    topic: 'Be kind', settings: { maxMembers: 0, postPolicy: 'moderators', historyForNewcomers: true },
    roles: { ann: 'moderator', bob: 'owner' },
  });
  await settled();
  return session.store.room('lobby');
}

const eventsNamed = (session, name) => session.events.log.filter(([event]) => event === name);

test('a Joined gives the page its role, the topic, the settings and the roles of those online', async (t) => {
  const session = newChatSession(t);
  const room = await joinedAsModerator(session);
  const rules = room.moderation;
  assert.deepEqual([rules.role, rules.topic, rules.settings.postPolicy], ['moderator', 'Be kind', 'moderators']);
  assert.deepEqual([rules.roleOf('bob'), rules.roleOf('cy')], ['owner', 'member']);
  assert.ok(eventsNamed(session, 'onRoomRules').length > 0, 'the views redraw with the rules');
});

test('a new topic is reported once with who set it; settings that keep the topic are not', async (t) => {
  const session = newChatSession(t);
  const room = await joinedAsModerator(session);
  session.socket().receive({ msgType: 'Settings', room: 'lobby', topic: 'Be kind', password: true, by: 'bob' });
  session.socket().receive({ msgType: 'Settings', room: 'lobby', topic: 'Quiet now', password: true, by: 'bob' });
  await session.settled();
  assert.deepEqual(eventsNamed(session, 'onTopicChanged').map(([, , topic, by]) => [topic, by]), [['Quiet now', 'bob']]);
  assert.equal(room.moderation.hasPassword, true);
});

test('a Roles frame that demotes this person takes their moderator role away', async (t) => {
  const session = newChatSession(t);
  const room = await joinedAsModerator(session);
  session.socket().receive({ msgType: 'Roles', room: 'lobby', roles: { bob: 'owner' } });
  await session.settled();
  assert.equal(room.moderation.role, 'member');
  assert.equal(room.moderation.canPost(), false, 'a member may not post in an announcement room');
});

test('each moderation event is reported once, with the role its actor had', async (t) => {
  const session = newChatSession(t);
  await joinedAsModerator(session);
  const kick = { msgType: 'RoomEvent', room: 'lobby', id: '9', ts: 1, event: 'kick', actor: 'bob', target: 'cy' };
  session.socket().receive(kick);
  session.socket().receive(kick);
  await session.settled();
  const reported = eventsNamed(session, 'onRoomEvent');
  assert.equal(reported.length, 1);
  assert.equal(reported[0][3], 'owner');
});

test('a ban list on screen is asked for again when someone bans or unbans', async (t) => {
  const session = newChatSession(t);
  const { client, socket, settled } = session;
  await joinedAsModerator(session);
  socket().receive({ msgType: 'RoomEvent', room: 'lobby', id: '10', ts: 1, event: 'ban', actor: 'bob', target: 'cy' });
  await settled();
  assert.equal(socket().frames('ListBans').length, 0, 'nobody looked at the list yet');
  client.moderation.listBans('lobby');
  socket().receive({ msgType: 'Bans', room: 'lobby', bans: [{ id: 'b1', kinds: ['key'], label: 'cy', by: 'bob' }] });
  socket().receive({ msgType: 'RoomEvent', room: 'lobby', id: '11', ts: 2, event: 'unban', actor: 'bob', target: 'cy' });
  await settled();
  assert.equal(socket().frames('ListBans').length, 2);
  assert.deepEqual(session.store.room('lobby').moderation.bans.map((ban) => ban.label), ['cy']);
});

test('a kicked member keeps the room listed as not joined, with the reason, and it is not rejoined by itself', async (t) => {
  const session = newChatSession(t);
  const { socket, settled } = session;
  const room = await joinedAsModerator(session);
  socket().receive({ msgType: 'Removed', room: 'lobby', reason: 'kicked', by: 'bob', text: 'spam' });
  await settled();
  assert.equal(room.status, 'failed');
  assert.equal(room.problem, 'You were removed from lobby by bob: spam');
  assert.equal(eventsNamed(session, 'onRemoved').length, 1);
  await reconnected(session);
  assert.equal(socket().frames('Join').length, 0, 'a removed member does not push back in after a reconnect');
  assert.equal(room.status, 'failed');
});

test('a wiped room forgets its conversations, its history position and the old password', async (t) => {
  const session = newChatSession(t);
  const room = await joinedAsModerator(session);
  room.conversation('cy', true);
  room.remember('5');
  session.socket().receive({ msgType: 'Removed', room: 'lobby', reason: 'wiped', by: 'bob' });
  await session.settled();
  assert.deepEqual([room.conversations.size, room.seenIds.size, room.password, room.newestId], [0, 0, '', null]);
  assert.match(room.problem, /^This room was wiped/);
});

test('an action the server refuses gives no earlier message back to the composer', async (t) => {
  const session = newChatSession(t);
  const { client, socket, settled } = session;
  await joinedAsModerator(session);
  client.send('lobby', null, 'already delivered', roomViewId('lobby'));
  const [sent] = socket().frames('Broadcast');
  socket().receive({ msgType: 'Ack', room: 'lobby', clientMsgId: sent.clientMsgId, id: '20' });
  await settled();
  assert.equal(client.moderation.act('lobby', encode.setRole('lobby', 'cy', 'moderator')), true);
  socket().receive({ msgType: 'Error', code: 'keys_required', room: 'lobby' });
  await settled();
  const [[, roomName, frame, unsent]] = eventsNamed(session, 'onError');
  assert.deepEqual([roomName, frame.code, unsent], ['lobby', 'keys_required', null]);
});

test('no action is sent for a room this page is not in', async (t) => {
  const session = newChatSession(t);
  const { client, socket, settled } = session;
  await joinedAsModerator(session);
  socket().receive({ msgType: 'Removed', room: 'lobby', reason: 'banned', by: 'bob' });
  await settled();
  assert.equal(client.moderation.act('lobby', encode.kick('lobby', 'cy')), false);
  assert.equal(socket().frames('Kick').length, 0);
});

test('a page without keys proves ownership with the owner password on its join and on every rejoin', async (t) => {
  const session = newChatSession(t);
  const { socket } = session;
  await joinedAsModerator(session, { ownerPassword: 'owner secret' });
  assert.equal(socket().frames('Join')[0].ownerPassword, 'owner secret');
  await reconnected(session);
  assert.equal(socket().frames('Join')[0].ownerPassword, 'owner secret');
});
