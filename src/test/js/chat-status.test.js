// What the composer and the header say about the view being read: when a message can be sent, and why not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composerState, refusalReason, roomStatusSuffix, securityLine } from '../../../webapp/js/chat-status.js';
import { Room } from '../../../webapp/js/store.js';

const room = (status = 'joined', users = ['ann', 'bob']) => Object.assign(
  new Room({ name: 'lobby', nick: 'ann', users }), { status });
const withBob = { peer: 'bob', unread: 0 };

test('a joined room can be written to; a room waiting for the connection cannot', () => {
  assert.deepEqual(composerState(room(), null, null), { canSend: true, hint: 'Message (Enter sends, Shift+Enter new line)' });
  assert.deepEqual(composerState(room('offline'), null, null), { canSend: false, hint: 'Waiting for the connection…' });
  assert.equal(roomStatusSuffix(room('offline')), ' · offline, reconnecting');
  assert.equal(roomStatusSuffix(room()), '');
});

test('a room that could not be rejoined says why', () => {
  const failed = Object.assign(room('failed'), { problem: 'Wrong password for this room.' });
  assert.deepEqual(composerState(failed, null, null), { canSend: false, hint: 'Wrong password for this room.' });
});

test("in an announcement room a member's composer says only moderators may post; private messages still go", () => {
  const announcements = room();
  announcements.moderation.applyJoined({ role: 'member', settings: { postPolicy: 'moderators' } });
  assert.deepEqual(composerState(announcements, null, null),
    { canSend: false, hint: 'Only moderators may post in this room.' });
  assert.equal(composerState(announcements, withBob, { mode: 'plain', safetyNumber: null }).canSend, true);
  announcements.moderation.applyRoles({ roles: { ann: 'moderator' } }, 'ann');
  assert.equal(composerState(announcements, null, null).canSend, true);
});

test('a muted person is told so in the composer (the server refuses until the mute ends)', () => {
  const muted = room();
  muted.moderation.noteEvent({ event: 'mute', target: 'ann', until: Date.now() + 60_000 }, 'ann');
  assert.match(composerState(muted, null, null).hint, /You are muted in this room/);
  muted.moderation.noteEvent({ event: 'unmute', target: 'ann' }, 'ann');
  assert.equal(composerState(muted, null, null).hint, 'Message (Enter sends, Shift+Enter new line)');
});

test('nothing is sent to a changed key until the person accepts it', () => {
  const state = composerState(room(), withBob, { mode: 'changed', safetyNumber: '1', dropped: false });
  assert.equal(state.canSend, false);
  assert.match(state.hint, /bob's key changed: nothing is sent until you accept it/);
});

test('a verified contact\'s changed key says it must be verified again, not merely accepted', () => {
  const state = composerState(room(), withBob, { mode: 'changed', safetyNumber: '1', dropped: false, mustVerify: true });
  assert.equal(state.canSend, false);
  assert.match(state.hint, /changed since you verified bob: nothing is sent until you verify bob again/);
  const line = securityLine('bob', { mode: 'changed', safetyNumber: '99', dropped: false, mustVerify: true });
  assert.match(line, /since you verified bob\. New safety number: 99\./);
  assert.doesNotMatch(line, /accept/);
});

test('a verified conversation says so; an unverified one asks to compare', () => {
  assert.match(securityLine('bob', { mode: 'encrypted', safetyNumber: '1', verified: true }), /verified: you compared/);
  assert.match(securityLine('bob', { mode: 'encrypted', safetyNumber: '1', verified: false }), /\(Verify…\)/);
});

test('an encrypted message can wait on the server for someone away; a plain one cannot', () => {
  const away = room('joined', ['ann']);
  const encrypted = composerState(away, withBob, { mode: 'encrypted', safetyNumber: '1' });
  assert.equal(encrypted.canSend, true);
  assert.match(encrypted.hint, /bob is away: an encrypted message waits on the server/);
  assert.deepEqual(composerState(away, withBob, { mode: 'plain', safetyNumber: null }),
    { canSend: false, hint: 'bob is not in the room.' });
});

test('an unencrypted private message is labelled as such, in capitals', () => {
  assert.deepEqual(composerState(room(), withBob, { mode: 'plain', safetyNumber: null }),
    { canSend: true, hint: 'NOT encrypted private message to bob (Enter sends)' });
  assert.equal(composerState(room(), withBob, { mode: 'impossible', safetyNumber: null }).canSend, false);
});

test('the encryption line shows the safety number to compare, and warns of a change', () => {
  assert.match(securityLine('bob', { mode: 'encrypted', safetyNumber: '12345 67890' }), /Safety number: 12345 67890\./);
  assert.match(securityLine('bob', { mode: 'plain' }), /^Not encrypted/);
  assert.match(securityLine('bob', { mode: 'changed', safetyNumber: '1', dropped: true }), /has none now/);
  assert.match(securityLine('bob', { mode: 'changed', safetyNumber: '99', dropped: false }), /New safety number: 99/);
});

test('a refused private message is explained in words', () => {
  assert.match(refusalReason('signature', 'bob'), /altered or forged/);
  assert.match(refusalReason('unknown-keys', 'bob'), /bob's keys are not known/);
  assert.equal(refusalReason('something new', 'bob'), 'something new');
});
