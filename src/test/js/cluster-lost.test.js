// A node of a cluster that lost its Redis closes its clients with 4011 and refuses joins with cluster_unavailable:
// the page reconnects (the balancer picks another node), rejoins its rooms resuming after the newest message seen,
// and sends the form's join again, instead of giving the rooms or the join up.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKOFF_DEFAULTS } from '../../../webapp/js/backoff.js';
import { newChatSession as newSession } from './support.js';

const message = (id, text) => ({ msgType: 'Broadcast', id, room: 'lobby', ts: 1, SrcUser: 'bob', text });

async function joined(session) {
  const { client, socket, settled } = session;
  client.join({ room: 'lobby', nick: 'ann', password: null });
  socket().accept();
  socket().receive({ msgType: 'Hello', versions: [1] });
  socket().receive({ msgType: 'Joined', room: 'lobby', nick: 'ann', users: ['ann'], epoch: 'e1',
    history: [message('101', 'hello')] });
  await settled();
}

/** Lets the scheduled reconnect happen (the usual backoff) and greets it, as another node would. */
async function reconnected(session) {
  const wait = session.client.connection.retryAt - session.clock.now;
  assert.ok(wait <= 2 * BACKOFF_DEFAULTS.baseMs, `reconnects soon, not after ${wait} ms`);
  session.clock.advance(wait);
  session.socket().accept();
  session.socket().receive({ msgType: 'Hello', versions: [1] });
  await session.settled();
}

test('closed with 4011, the page says why, reconnects by itself and resumes where it was', async (t) => {
  const session = newSession(t);
  await joined(session);
  session.socket().drop(4011);
  await session.settled();
  assert.equal(session.store.room('lobby').status, 'offline');
  assert.ok(session.events.log.some(([name, , notice]) => name === 'onRoomStatus' && /lost touch/.test(notice)));

  await reconnected(session);

  assert.equal(session.sockets.length, 2, 'reconnected by itself');
  const [rejoin] = session.socket().frames('Join');
  assert.equal(rejoin.since, '101');
  assert.equal(rejoin.epoch, 'e1');
});

test('a rejoin refused with cluster_unavailable keeps the room and tries again on the next connection', async (t) => {
  const session = newSession(t);
  await joined(session);
  session.socket().drop(4011);
  await session.settled();
  await reconnected(session);
  session.socket().receive({ msgType: 'Error', code: 'cluster_unavailable', room: 'lobby' });
  session.socket().drop(4011);
  await session.settled();
  assert.equal(session.store.room('lobby').status, 'offline', 'not given up');

  await reconnected(session);

  assert.equal(session.sockets.length, 3);
  assert.equal(session.socket().frames('Join').length, 1, 'asked again on the third node');
  session.socket().receive({ msgType: 'Joined', room: 'lobby', nick: 'ann', users: ['ann'], epoch: 'e1',
    recovered: true });
  await session.settled();
  assert.equal(session.store.room('lobby').status, 'joined');
});

test('the form\'s join refused with cluster_unavailable is sent again, not reported as failed', async (t) => {
  const session = newSession(t);
  session.client.join({ room: 'lobby', nick: 'ann', password: null });
  session.socket().accept();
  session.socket().receive({ msgType: 'Hello', versions: [1] });
  session.socket().receive({ msgType: 'Error', code: 'cluster_unavailable', room: 'lobby' });
  session.socket().drop(4011);
  await session.settled();
  assert.equal(session.events.log.some(([name]) => name === 'onJoinResult'), false, 'nothing told to the form yet');

  await reconnected(session);

  const [join] = session.socket().frames('Join');
  assert.equal(join.nick, 'ann');
  session.socket().receive({ msgType: 'Joined', room: 'lobby', nick: 'ann', users: ['ann'], epoch: 'e1' });
  await session.settled();
  assert.ok(session.events.log.some(([name, result]) => name === 'onJoinResult' && result.ok));
});
