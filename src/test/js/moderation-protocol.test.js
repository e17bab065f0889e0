// The frames of rooms with owners and moderation, as the page speaks them: what an owner or moderator sends, which
// server frames it accepts, and the words for the new error codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode, errorMessage, UNSENT_CODES } from '../../../webapp/js/protocol.js';
import { durationWords } from '../../../webapp/js/moderation-protocol.js';
import { quietly } from './support.js';

const sent = (text) => JSON.parse(text);

test('room settings carry only the fields that change; an empty password removes it', () => {
  assert.deepEqual(sent(encode.roomSettings('lobby', { topic: 'Quiet please' })),
    { msgType: 'RoomSettings', room: 'lobby', topic: 'Quiet please' });
  assert.deepEqual(sent(encode.roomSettings('lobby', { password: '', postPolicy: 'moderators' })),
    { msgType: 'RoomSettings', room: 'lobby', password: '', postPolicy: 'moderators' });
  assert.deepEqual(sent(encode.roomSettings('lobby', { maxMembers: 0, historyForNewcomers: false })),
    { msgType: 'RoomSettings', room: 'lobby', maxMembers: 0, historyForNewcomers: false });
});

test('sanctions name their target by nickname; empty reasons, kinds and durations are left out', () => {
  assert.deepEqual(sent(encode.kick('lobby', 'bob', '  ')), { msgType: 'Kick', room: 'lobby', nick: 'bob' });
  assert.deepEqual(sent(encode.kick('lobby', 'bob', ' spam ')),
    { msgType: 'Kick', room: 'lobby', nick: 'bob', reason: 'spam' });
  assert.deepEqual(sent(encode.ban('lobby', 'bob')), { msgType: 'Ban', room: 'lobby', nick: 'bob' },
    'no kinds: banned by key, nickname and address; no duration: until unbanned');
  assert.deepEqual(sent(encode.ban('lobby', 'bob', { kinds: ['key'], durationMs: 3_600_000, reason: 'flood' })),
    { msgType: 'Ban', room: 'lobby', nick: 'bob', kinds: ['key'], durationMs: 3_600_000, reason: 'flood' });
  assert.deepEqual(sent(encode.mute('lobby', 'bob', 600_000)),
    { msgType: 'Mute', room: 'lobby', nick: 'bob', durationMs: 600_000 });
  assert.deepEqual(sent(encode.unmute('lobby', 'bob')), { msgType: 'Unmute', room: 'lobby', nick: 'bob' });
  assert.deepEqual(sent(encode.unban('lobby', 'b1')), { msgType: 'Unban', room: 'lobby', banId: 'b1' });
  assert.deepEqual(sent(encode.listBans('lobby')), { msgType: 'ListBans', room: 'lobby' });
});

test('roles, ownership, deleting and wiping', () => {
  assert.deepEqual(sent(encode.setRole('lobby', 'bob', 'moderator')),
    { msgType: 'SetRole', room: 'lobby', nick: 'bob', role: 'moderator' });
  assert.deepEqual(sent(encode.transferOwnership('lobby', 'bob')),
    { msgType: 'TransferOwnership', room: 'lobby', nick: 'bob' });
  assert.deepEqual(sent(encode.deleteRoom('lobby', 'lobby')), { msgType: 'DeleteRoom', room: 'lobby', confirm: 'lobby' });
  assert.deepEqual(sent(encode.wipeRoom('lobby', 'lobby', 'a new secret')),
    { msgType: 'WipeRoom', room: 'lobby', confirm: 'lobby', newPassword: 'a new secret' });
  assert.deepEqual(sent(encode.wipeRoom('vault', 'vault', 'q1gXn2bHcJ8d7Tw0PZk3l9rVx5Yb6sNfMe4aUiOtGhA',
    'bmV3IHNhbHQgMTYgYnl0ZQ==')), {
    msgType: 'WipeRoom', room: 'vault', confirm: 'vault', newPassword: 'q1gXn2bHcJ8d7Tw0PZk3l9rVx5Yb6sNfMe4aUiOtGhA',
    salt: 'bmV3IHNhbHQgMTYgYnl0ZQ==',
  });
});

test('a join without keys may prove ownership with an owner password; none is sent when not given', () => {
  assert.equal(sent(encode.join('lobby', 'ann', 'pw', null, null, 'owner secret')).ownerPassword, 'owner secret');
  assert.equal('ownerPassword' in sent(encode.join('lobby', 'ann', 'pw')), false);
});

test('Joined brings the role, topic, settings and the roles of those online', () => {
  const joined = decode(JSON.stringify({
    msgType: 'Joined', room: 'lobby', nick: 'ann', users: ['ann', 'bob'], role: 'owner', topic: 'Hi',
    settings: { maxMembers: 0, postPolicy: 'everyone', historyForNewcomers: true }, roles: { ann: 'owner', bob: 'moderator' },
  }));
  assert.equal(joined.role, 'owner');
  assert.deepEqual(joined.roles, { ann: 'owner', bob: 'moderator' });
  quietly(() => {
    assert.equal(decode(JSON.stringify({ msgType: 'Joined', room: 'l', nick: 'a', users: [], role: 'king' })), null);
    assert.equal(decode(JSON.stringify({ msgType: 'Joined', room: 'l', nick: 'a', users: [], roles: { a: 'member' } })),
      null, 'roles lists only owners and moderators');
    assert.equal(decode(JSON.stringify({
      msgType: 'Joined', room: 'l', nick: 'a', users: [], settings: { postPolicy: 'nobody' },
    })), null);
  });
});

test('the moderation frames of the server are accepted when they fit, dropped whole when not', () => {
  const event = { msgType: 'RoomEvent', room: 'lobby', id: '7', ts: 1, event: 'kick', actor: 'ann', target: 'bob' };
  assert.deepEqual(decode(JSON.stringify(event)), event);
  assert.equal(decode(JSON.stringify({ msgType: 'Removed', room: 'lobby', reason: 'wiped' })).reason, 'wiped');
  assert.equal(decode(JSON.stringify({ msgType: 'Settings', room: 'lobby', topic: 't', password: true })).password, true);
  assert.deepEqual(decode(JSON.stringify({ msgType: 'Roles', room: 'lobby', roles: {} })).roles, {});
  quietly(() => {
    for (const bad of [
      { ...event, event: 'explode' }, { ...event, id: 7 }, { msgType: 'Removed', room: 'lobby', reason: 'bored' },
      { msgType: 'Settings', room: 'lobby', password: 'yes' }, { msgType: 'Roles', room: 'lobby', roles: { a: 'god' } },
      { msgType: 'Bans', room: 'lobby', bans: 'none' },
    ]) assert.equal(decode(JSON.stringify(bad)), null, JSON.stringify(bad));
  });
});

test('one malformed ban in a list is dropped alone', () => {
  const ban = { id: 'b1', kinds: ['key'], label: 'bob', by: 'ann', until: 5 };
  const list = decode(JSON.stringify({ msgType: 'Bans', room: 'lobby', bans: [ban, { id: 2 }, null] }));
  assert.deepEqual(list.bans, [ban]);
});

test('the refusals of moderation are explained, and a refused message goes back to the composer', () => {
  assert.match(errorMessage({ code: 'muted', retryAfterMs: 90_000 }), /muted in this room for another 2 minutes/);
  assert.match(errorMessage({ code: 'moderators_only' }), /only moderators may post/);
  assert.match(errorMessage({ code: 'not_allowed' }), /your role in this room does not allow that/);
  assert.match(errorMessage({ code: 'banned' }), /banned from this room/);
  assert.match(errorMessage({ code: 'confirm_mismatch' }), /name of the room, exactly/);
  assert.ok(UNSENT_CODES.has('muted') && UNSENT_CODES.has('moderators_only'));
  assert.equal(UNSENT_CODES.has('not_allowed'), false, 'an action refused is not a message to give back');
});

test('waits are said in the largest unit that reads well, rounded up', () => {
  assert.equal(durationWords(1), '1 minute');
  assert.equal(durationWords(61_000), '2 minutes');
  assert.equal(durationWords(3_600_000), '1 hour');
  assert.equal(durationWords(3 * 86_400_000), '3 days');
});
