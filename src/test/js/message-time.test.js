// The time shown for an encrypted private message is the one its sender signed, and a message held back by the
// server and delivered after later ones is marked late instead of looking new.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noteShown } from '../../../webapp/js/message-time.js';

test('a signed message shows its signed time, not the server\'s delivery time', () => {
  assert.deepEqual(noteShown({}, 'ann', 1_000, 9_000), { shownAt: 1_000, late: false });
});

test('a message signed before the newest one already shown from the same sender is late', () => {
  const conversation = {};
  noteShown(conversation, 'ann', 1_000, 5_000);
  noteShown(conversation, 'ann', 3_000, 5_001);
  assert.deepEqual(noteShown(conversation, 'ann', 2_000, 5_002), { shownAt: 2_000, late: true });
  assert.equal(noteShown(conversation, 'ann', 4_000, 5_003).late, false, 'a later one is not late');
});

test('two people\'s clocks are never compared: a peer whose clock is behind is not late against one\'s own', () => {
  const conversation = {};
  noteShown(conversation, 'bob', 10_000, 10_000);
  assert.equal(noteShown(conversation, 'ann', 2_000, 10_001).late, false);
});

test('a message with no signed time (envelope v1) shows the server\'s time and is never late', () => {
  const conversation = {};
  noteShown(conversation, 'ann', 5_000, 5_000);
  assert.deepEqual(noteShown(conversation, 'ann', null, 6_000), { shownAt: 6_000, late: false });
});

test('after a reload, a new message signed before the newest one accepted earlier is late, though nothing is shown yet', () => {
  const conversation = {}; // the reloaded page has shown nothing of ann
  assert.deepEqual(noteShown(conversation, 'ann', 2_000, 9_000, 5_000), { shownAt: 2_000, late: true });
  assert.equal(noteShown(conversation, 'ann', 6_000, 9_001, 5_000).late, false, 'one signed after it is not');
  assert.equal(noteShown(conversation, 'ann', 5_500, 9_002, null).late, true, 'and the page remembers what it showed');
});
