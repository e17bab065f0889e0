// Who may do what in a room, as the page decides what to show (the server decides the same again), what the page
// remembers of a room's rules, and the sentences it shows about moderation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mayActOn, mayChangeTopic, mayModerate, mayRunRoom, RoomModeration,
} from '../../../webapp/js/moderation-state.js';
import { eventParts, partsText, removedParts } from '../../../webapp/js/moderation-words.js';

test('the owner runs the room; moderators set the topic and moderate; members do neither', () => {
  assert.deepEqual(['owner', 'moderator', 'member'].map((role) => [mayRunRoom(role), mayChangeTopic(role),
    mayModerate(role)]), [[true, true, true], [false, true, true], [false, false, false]]);
});

test('nobody acts on themselves, and a moderator acts only on members', () => {
  assert.equal(mayActOn('owner', 'moderator', false), true);
  assert.equal(mayActOn('owner', 'member', false), true);
  assert.equal(mayActOn('owner', 'owner', true), false, 'not on oneself');
  assert.equal(mayActOn('moderator', 'member', false), true);
  assert.equal(mayActOn('moderator', 'moderator', false), false);
  assert.equal(mayActOn('moderator', 'owner', false), false);
  assert.equal(mayActOn('member', 'member', false), false);
});

test('an announcement room takes room messages from the owner and moderators only', () => {
  const rules = new RoomModeration();
  rules.applyJoined({ role: 'member', settings: { postPolicy: 'moderators' } });
  assert.equal(rules.canPost(), false);
  rules.applyRoles({ roles: { ann: 'owner', bob: 'moderator' } }, 'bob');
  assert.equal(rules.role, 'moderator', "a Roles frame brings this person's own role too");
  assert.equal(rules.canPost(), true);
  rules.applySettings({ settings: { postPolicy: 'everyone' } });
  rules.applyRoles({ roles: { ann: 'owner' } }, 'bob');
  assert.equal(rules.role, 'member');
  assert.equal(rules.canPost(), true);
});

test('settings change only what a Settings frame carries, and every change is seen by the views', () => {
  const rules = new RoomModeration();
  rules.applyJoined({ topic: 'Old', settings: { maxMembers: 5 } });
  assert.deepEqual(rules.settings, { maxMembers: 5, postPolicy: 'everyone', historyForNewcomers: true });
  const before = rules.version;
  rules.applySettings({ topic: 'New', password: true, settings: { historyForNewcomers: false } });
  assert.deepEqual([rules.topic, rules.hasPassword, rules.settings.maxMembers, rules.settings.historyForNewcomers],
    ['New', true, 5, false]);
  assert.ok(rules.version > before);
});

test('a mute of this person is remembered until it ends or is lifted', () => {
  const rules = new RoomModeration();
  rules.noteEvent({ event: 'mute', target: 'bob', until: 10_000 }, 'ann');
  assert.equal(rules.isMuted(0), false, 'someone else was muted');
  rules.noteEvent({ event: 'mute', target: 'ann', until: 10_000 }, 'ann');
  assert.equal(rules.isMuted(9_999), true);
  assert.equal(rules.isMuted(10_000), false);
  rules.noteEvent({ event: 'unmute', target: 'ann' }, 'ann');
  assert.equal(rules.isMuted(0), false);
});

const line = (event, role = 'moderator') => partsText(eventParts(
  { actor: 'alice', target: 'bob', ...event }, role, (ms) => `T${ms}`));

test('every moderation action reads as a sentence naming who did it, with their role', () => {
  assert.equal(line({ event: 'kick', reason: 'spam' }), 'bob was kicked by alice (moderator): spam');
  assert.equal(line({ event: 'ban', until: 5 }), 'bob was banned by alice (moderator) until T5');
  assert.equal(line({ event: 'ban' }, 'owner'), 'bob was banned by alice (owner)');
  assert.equal(line({ event: 'mute', until: 9, reason: 'calm down' }), 'bob was muted by alice (moderator) until T9: calm down');
  assert.equal(line({ event: 'unmute' }), 'bob was unmuted by alice (moderator)');
  assert.equal(line({ event: 'unban' }), 'alice (moderator) lifted the ban on bob');
  assert.equal(line({ event: 'role', reason: 'moderator' }, 'owner'), 'alice (owner) made bob a moderator');
  assert.equal(line({ event: 'owner' }, 'owner'), 'alice (owner) handed the room over to bob, its new owner');
  assert.equal(line({ event: 'settings', target: undefined }, null), 'alice changed the room settings');
  assert.equal(line({ event: 'password', target: undefined }, 'owner'), 'alice (owner) changed the room password');
});

test('names stay separate parts, so the view can isolate each', () => {
  const parts = eventParts({ event: 'kick', actor: '\u202eevil', target: 'bob' }, 'moderator');
  assert.deepEqual(parts.filter((part) => typeof part !== 'string'), [{ name: 'bob' }, { name: '\u202eevil' }]);
});

test('a removed member reads why, and by whom', () => {
  assert.equal(partsText(removedParts({ reason: 'kicked', by: 'alice', text: 'off topic' }, 'Garden')),
    'You were removed from Garden by alice: off topic');
  assert.equal(partsText(removedParts({ reason: 'banned', by: 'alice' }, 'Garden')), 'You were banned from Garden by alice');
  assert.equal(partsText(removedParts({ reason: 'deleted' }, 'Garden')), 'The room Garden was deleted');
  assert.match(partsText(removedParts({ reason: 'wiped', by: 'alice' }, 'Garden')), /^This room was wiped\./);
});
