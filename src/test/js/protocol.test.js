// The wire protocol as the page speaks it: what it sends, what it accepts from a server, and what it tells people.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode, errorMessage, PROTOCOL_VERSION, retrySeconds, UNSENT_CODES } from '../../../webapp/js/protocol.js';
import { quietly } from './support.js';

test('a join carries the protocol version, and a resume only with both the newest id and the epoch', () => {
  assert.deepEqual(JSON.parse(encode.join('lobby', 'ann', '')), {
    msgType: 'Join', version: PROTOCOL_VERSION, room: 'lobby', nick: 'ann', password: null,
  });
  const resumed = JSON.parse(encode.join('lobby', 'ann', 'pw', { since: '42', epoch: 'e1' }));
  assert.equal(resumed.since, '42');
  assert.equal(resumed.epoch, 'e1');
  assert.equal(resumed.password, 'pw');
  const noEpoch = JSON.parse(encode.join('lobby', 'ann', 'pw', { since: '42', epoch: null }));
  assert.equal('since' in noEpoch, false, 'a resume without an epoch would mix up two histories');
});

test('a join with keys asks for end-to-end encryption', () => {
  const keys = { agreement: 'a', signing: 's', algorithm: 'Ed25519' };
  const frame = JSON.parse(encode.join('lobby', 'ann', null, null, keys));
  assert.deepEqual(frame.keys, keys);
  assert.equal(frame.requireEncryption, true);
});

test('text with quotes, newlines and markup travels as it is', () => {
  const text = '"</script>\n\u202e\\';
  assert.equal(JSON.parse(encode.broadcast('lobby', text, 'c1')).text, text);
  assert.equal(JSON.parse(encode.privateMessage('lobby', 'bob', text)).text, text);
});

test('server frames of the right shape are accepted', () => {
  const joined = decode(JSON.stringify({ msgType: 'Joined', room: 'lobby', nick: 'ann', users: ['ann', 'bob'] }));
  assert.equal(joined.room, 'lobby');
  assert.deepEqual(joined.history, [], 'a Joined without history has an empty one');
  const presence = decode(JSON.stringify({ msgType: 'Presence', room: 'lobby', joined: ['bob'] }));
  assert.deepEqual(presence.left, []);
});

test('anything malformed is dropped whole rather than half applied', () => {
  quietly((warnings) => {
    for (const data of [
      'not json', '[]', 'null', '{}', JSON.stringify({ msgType: 'NoSuchFrame' }),
      JSON.stringify({ msgType: 'Joined', room: 'lobby', nick: 'ann', users: 'ann' }),
      JSON.stringify({ msgType: 'Broadcast', id: 1, room: 'lobby', ts: 1, SrcUser: 'a', text: 'x' }),
      JSON.stringify({ msgType: 'Error', code: 7 }),
      JSON.stringify({ ServerName: 'Ragnarok' }),
    ]) {
      assert.equal(decode(data), null, data);
    }
    assert.equal(decode(42), null);
    assert.ok(warnings.length > 0, 'dropped frames are logged');
  });
});

test('one bad message in a history page is dropped alone', () => {
  const good = { id: '2', room: 'lobby', ts: 1, SrcUser: 'bob', text: 'hi' };
  const page = decode(JSON.stringify({
    msgType: 'History', room: 'lobby', messages: [{ id: '1', room: 'lobby', text: 5 }, null, good],
  }));
  assert.deepEqual(page.messages, [good]);
});

test('every error a person can meet is explained in words, with the wait rounded up', () => {
  assert.equal(errorMessage({ code: 'wrong_password' }), 'Wrong password for this room.');
  assert.match(errorMessage({ code: 'throttled', retryAfterMs: 1500 }), /Try again in 2 seconds\./);
  assert.match(errorMessage({ code: 'rate_limited', retryAfterMs: 10 }), /Try again in 1 second\./);
  assert.match(errorMessage({ code: 'server_busy' }), /in a little while/);
  assert.equal(errorMessage({ code: 'brand_new', text: 'details' }), 'The server answered "brand_new": details');
  assert.equal(retrySeconds({ code: 'x' }), null);
  assert.equal(retrySeconds({ retryAfterMs: 0 }), 1);
});

test('the composer gets its text back after the errors that mean it was not sent, and only those', () => {
  for (const code of ['rate_limited', 'text_too_long', 'unknown_recipient', 'mailbox_full']) assert.ok(UNSENT_CODES.has(code));
  for (const code of ['wrong_password', 'name_taken', 'not_in_room']) assert.equal(UNSENT_CODES.has(code), false);
});
