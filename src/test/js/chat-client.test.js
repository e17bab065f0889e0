// The chat session as a person lives it, against a fake server: joining, losing the connection and coming back
// without a gap or a duplicate, messages that were not acknowledged, and errors that give the text back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roomViewId } from '../../../webapp/js/store.js';
import { BACKOFF_DEFAULTS } from '../../../webapp/js/backoff.js';
import { newChatSession as newSession } from './support.js';

const message = (id, text, from = 'bob') => ({ msgType: 'Broadcast', id, room: 'lobby', ts: 1, SrcUser: from, text });

/** Joins lobby as ann: the server greets, answers with Joined and two messages of history. */
async function joined(session) {
  const { client, socket, settled } = session;
  client.join({ room: 'lobby', nick: 'ann', password: 'secret' });
  socket().accept();
  socket().receive({ msgType: 'Hello', versions: [1] });
  await settled();
  socket().receive({ msgType: 'SealInfo', room: 'lobby', sealed: false }); // a join with a password asks first
  await settled();
  socket().receive({
    msgType: 'Joined', room: 'lobby', nick: 'ann', users: ['ann', 'bob'], epoch: 'e1',
    history: [message('101', 'hello'), message('102', 'anyone?')], hasMore: true,
  });
  await settled();
  return session.store.room('lobby');
}

test('joining shows the recent history as earlier messages and reports success', async (t) => {
  const session = newSession(t);
  const room = await joined(session);
  const [join] = session.sockets[0].frames('Join');
  assert.deepEqual({ room: join.room, nick: join.nick, password: join.password }, { room: 'lobby', nick: 'ann', password: 'secret' });
  assert.equal('since' in join, false, 'a first join asks for no resume');
  assert.deepEqual(session.shown(), ['101', '102']);
  assert.ok(session.events.log.filter(([name]) => name === 'onMessage').every(([, , m]) => m.earlier));
  assert.ok(session.events.log.some(([name, result]) => name === 'onJoinResult' && result.ok));
  assert.equal(room.status, 'joined');
});

test('after a lost connection the room is rejoined, resuming after the newest message seen', async (t) => {
  const session = newSession(t);
  const { socket, clock, settled, sockets } = session;
  await joined(session);
  socket().receive(message('103', 'live'));
  await settled();
  socket().drop(1006);
  await settled();
  assert.equal(session.store.room('lobby').status, 'offline');
  assert.ok(session.events.log.some(([name, , notice]) => name === 'onRoomStatus' && /Connection lost/.test(notice)));

  clock.advance(BACKOFF_DEFAULTS.baseMs);
  assert.equal(sockets.length, 2, 'reconnected by itself');
  socket().accept();
  socket().receive({ msgType: 'Hello', versions: [1] });
  await settled();
  const [rejoin] = socket().frames('Join');
  assert.equal(rejoin.since, '103', 'asks for what came after the newest message shown');
  assert.equal(rejoin.epoch, 'e1');
  assert.equal(rejoin.password, 'secret', 'the password is kept in memory for the rejoin');

  socket().receive({
    msgType: 'Joined', room: 'lobby', nick: 'ann', users: ['ann', 'cy'], epoch: 'e1', recovered: true,
    history: [message('102', 'anyone?'), message('103', 'live'), message('104', 'missed')],
  });
  await settled();
  assert.deepEqual(session.shown(), ['101', '102', '103', '104'], 'nothing missed, nothing twice');
  const [, , details] = session.events.log.findLast(([name]) => name === 'onRoomJoined');
  assert.deepEqual(details, { rejoined: true, changes: { arrivals: ['cy'], departures: ['bob'] }, gap: false });
});

test('a room message without an Ack is sent again, with the same id, after the rejoin; an acknowledged one is not', async (t) => {
  const session = newSession(t);
  const { client, socket, clock, settled } = session;
  await joined(session);
  assert.equal(client.send('lobby', null, 'acknowledged', roomViewId('lobby')), true);
  assert.equal(client.send('lobby', null, 'lost on the way', roomViewId('lobby')), true);
  const [first, second] = socket().frames('Broadcast');
  socket().receive({ msgType: 'Ack', room: 'lobby', clientMsgId: first.clientMsgId, id: '110' });
  await settled();
  socket().drop(1006);
  await settled();
  clock.advance(BACKOFF_DEFAULTS.baseMs);
  socket().accept();
  socket().receive({ msgType: 'Hello' });
  socket().receive({ msgType: 'Joined', room: 'lobby', nick: 'ann', users: ['ann'], epoch: 'e1', recovered: true });
  await settled();
  assert.deepEqual(socket().frames('Broadcast').map((frame) => [frame.clientMsgId, frame.text]),
    [[second.clientMsgId, 'lost on the way']]);
});

test('a nickname still held by the lost connection is retried until the server lets it go', async (t) => {
  const session = newSession(t);
  const { socket, clock, settled } = session;
  await joined(session);
  socket().drop(1006);
  await settled();
  clock.advance(BACKOFF_DEFAULTS.baseMs);
  socket().accept();
  socket().receive({ msgType: 'Hello' });
  socket().receive({ msgType: 'Error', code: 'name_taken', room: 'lobby' });
  await settled();
  assert.equal(socket().frames('Join').length, 1);
  clock.advance(3000);
  assert.equal(socket().frames('Join').length, 2, 'asked again');
  socket().receive({ msgType: 'Joined', room: 'lobby', nick: 'ann', users: ['ann'], epoch: 'e1', recovered: true });
  await settled();
  assert.equal(session.store.room('lobby').status, 'joined');
});

test('a wrong password is told to the form, and nothing keeps the connection open', async (t) => {
  const session = newSession(t);
  const { client, socket, settled } = session;
  client.join({ room: 'lobby', nick: 'ann', password: 'guess' });
  socket().accept();
  socket().receive({ msgType: 'Hello' });
  socket().receive({ msgType: 'Error', code: 'wrong_password', room: 'lobby' });
  await settled();
  const [, result] = session.events.log.find(([name]) => name === 'onJoinResult');
  assert.equal(result.ok, false);
  assert.equal(result.text, 'Wrong password for this room.');
  assert.equal(client.connection.state, 'idle');
  assert.equal(session.store.rooms.size, 0);
});

test('a server that never says Hello is used anyway after a grace period', async (t) => {
  const session = newSession(t);
  const { client, socket, clock } = session;
  client.join({ room: 'lobby', nick: 'ann', password: '' });
  socket().accept();
  await session.settled();
  assert.equal(socket().frames('Join').length, 0);
  clock.advance(3000);
  assert.equal(socket().frames('Join').length, 1);
});

test('a refused message goes back to the composer it came from', async (t) => {
  const session = newSession(t);
  const { client, socket, settled } = session;
  await joined(session);
  client.send('lobby', null, 'too fast', roomViewId('lobby'));
  const [sent] = socket().frames('Broadcast');
  socket().receive({ msgType: 'Error', code: 'rate_limited', room: 'lobby', clientMsgId: sent.clientMsgId });
  await settled();
  const [, roomName, , unsent] = session.events.log.find(([name]) => name === 'onError');
  assert.equal(roomName, 'lobby');
  assert.deepEqual(unsent, { viewId: roomViewId('lobby'), text: 'too fast' });
});

test('scrolling up asks for the page before the oldest message shown, once at a time', async (t) => {
  const session = newSession(t);
  const { client, socket, settled } = session;
  await joined(session);
  client.loadOlder('lobby');
  client.loadOlder('lobby');
  assert.deepEqual(socket().frames('History'), [{ msgType: 'History', room: 'lobby', before: '101', limit: 50 }]);
  socket().receive({ msgType: 'History', room: 'lobby', messages: [message('99', 'a'), message('100', 'b')], hasMore: false });
  await settled();
  const [, , older] = session.events.log.find(([name]) => name === 'onOlderMessages');
  assert.deepEqual(older.map((m) => m.frame.id), ['99', '100']);
  client.loadOlder('lobby');
  assert.equal(socket().frames('History').length, 1, 'nothing older is left to ask for');
});

test('leaving the last room closes the connection for good', async (t) => {
  const session = newSession(t);
  const { client, socket, clock } = session;
  await joined(session);
  client.leave('lobby');
  assert.deepEqual(socket().frames('Leave'), [{ msgType: 'Leave', room: 'lobby' }]);
  assert.equal(client.connection.state, 'idle');
  clock.advance(BACKOFF_DEFAULTS.maxMs);
  assert.equal(session.sockets.length, 1);
});
