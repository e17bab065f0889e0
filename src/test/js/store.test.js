// What the page knows about its rooms: message order and duplicates, who is online, views and unread counts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChatStore, compareIds, conversationViewId, parseViewId, Room, roomViewId,
} from '../../../webapp/js/store.js';

const newRoom = (users = ['ann']) => new Room({ name: 'lobby', nick: 'ann', password: 'pw', users });

test('message ids order as 64-bit numbers, beyond what a JS number holds exactly', () => {
  assert.ok(compareIds('9', '10') < 0);
  assert.ok(compareIds('9007199254740993', '9007199254740992') > 0, 'a Number would call these equal');
  assert.equal(compareIds('123', '123'), 0);
  const shuffled = ['100', '20', '3', '18446744073709551615', '18446744073709551614'];
  assert.deepEqual(shuffled.sort(compareIds), ['3', '20', '100', '18446744073709551614', '18446744073709551615']);
});

test('paging history backwards keeps newest and oldest right and shows no message twice', () => {
  const room = newRoom();
  const shown = [];
  const deliver = (ids) => {
    for (const id of ids) {
      if (!room.remember(id)) continue;
      room.noteRoomMessage(id);
      shown.push(id);
    }
  };
  deliver(['105', '106', '107']); // the newest page on joining
  deliver(['108']); // live
  deliver(['101', '102', '103', '104', '105']); // an older page that overlaps what is shown
  deliver(['107', '108']); // a resume that repeats
  assert.deepEqual([...shown].sort(compareIds), ['101', '102', '103', '104', '105', '106', '107', '108']);
  assert.equal(new Set(shown).size, shown.length, 'no duplicates');
  assert.equal(room.oldestId, '101', 'the next older page starts before this');
  assert.equal(room.newestId, '108', 'a resume asks for what came after this');
});

test('the memory of seen ids is bounded; the newest ids are the ones kept', () => {
  const room = newRoom();
  for (let id = 1; id <= 2500; id += 1) room.remember(String(id));
  assert.ok(room.seenIds.size <= 2000);
  assert.equal(room.remember('2500'), false, 'a recent id is still recognised');
  assert.equal(room.remember('1'), true, 'the oldest were forgotten');
});

test('presence reports only real arrivals and departures', () => {
  const room = newRoom(['ann', 'bob']);
  const changes = room.applyPresence(['bob', 'cy'], ['dee', 'bob']);
  assert.deepEqual(changes, { arrivals: ['cy'], departures: ['bob'] });
  assert.deepEqual(room.sortedUsers(), ['ann', 'cy']);
});

test('a full list after a reconnect says who left and who came meanwhile', () => {
  const room = newRoom(['ann', 'bob', 'cy']);
  assert.deepEqual(room.replaceUsers(['ann', 'cy', 'dee']), { arrivals: ['dee'], departures: ['bob'] });
});

test('people are listed alphabetically, ignoring case', () => {
  assert.deepEqual(newRoom(['bob', 'Ann', 'cy', 'ann']).sortedUsers(), ['Ann', 'ann', 'bob', 'cy']);
});

test('view ids survive any room or peer name, and the sidebar lists each room then its conversations', () => {
  const store = new ChatStore();
  const odd = 'a","b\\';
  store.addRoom({ name: odd, nick: 'ann', users: [] });
  store.addRoom({ name: 'second', nick: 'ann', users: [] });
  store.room(odd).conversation('bob', true);
  assert.deepEqual(parseViewId(conversationViewId(odd, 'bob')), { kind: 'private', room: odd, peer: 'bob' });
  assert.deepEqual(store.viewIds(), [roomViewId(odd), conversationViewId(odd, 'bob'), roomViewId('second')]);
  assert.equal(store.resolve(conversationViewId(odd, 'nobody')), null);
});

test('unread counts add up per view and clear when the view is read', () => {
  const store = new ChatStore();
  const room = store.addRoom({ name: 'lobby', nick: 'ann', users: [] });
  room.conversation('bob', true);
  const roomView = roomViewId('lobby');
  const privateView = conversationViewId('lobby', 'bob');
  store.addUnread(roomView);
  store.addUnread(privateView);
  store.addUnread(privateView);
  assert.equal(store.unreadOf(privateView), 2);
  assert.equal(store.totalUnread(), 3);
  store.clearUnread(privateView);
  assert.equal(store.totalUnread(), 1);
});

test('leaving the room being read leaves no view selected', () => {
  const store = new ChatStore();
  store.addRoom({ name: 'lobby', nick: 'ann', users: [] }).conversation('bob', true);
  store.activeViewId = conversationViewId('lobby', 'bob');
  store.removeRoom('lobby');
  assert.equal(store.activeViewId, null);
  assert.equal(store.resolve(roomViewId('lobby')), null);
});
