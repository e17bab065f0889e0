// Strings that reach the page or the address bar: links made only for http(s), the room in the URL, bytes helpers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromBase64, fromUtf8, labelled, toBase64, toHex, utf8 } from '../../../webapp/js/bytes.js';
import { safeHref, splitLinks, trimCandidate } from '../../../webapp/js/linkify.js';
import { chatEndpoint, roomFromHash, showRoomInAddress } from '../../../webapp/js/location.js';

test('only http and https addresses become links; the rest of the text stays text', () => {
  assert.deepEqual(splitLinks('see https://example.org/a?b=c, then javascript:alert(1) or data:text/html,x'), [
    { text: 'see ' },
    { text: 'https://example.org/a?b=c', href: 'https://example.org/a?b=c' },
    { text: ', then javascript:alert(1) or data:text/html,x' },
  ]);
  assert.equal(safeHref('javascript:alert(1)'), null);
  assert.equal(safeHref('file:///etc/passwd'), null);
  assert.equal(safeHref('http://'), null);
});

test('sentence punctuation and unmatched brackets are not part of a link', () => {
  assert.equal(trimCandidate('https://example.org/page.'), 'https://example.org/page');
  assert.equal(trimCandidate('https://en.wikipedia.org/wiki/Foo_(bar))'), 'https://en.wikipedia.org/wiki/Foo_(bar)');
  assert.deepEqual(splitLinks('(http://example.org)').map((piece) => piece.text), ['(', 'http://example.org', ')']);
});

test('direction-changing characters end a link, so the address shown cannot be reordered', () => {
  const [, link] = splitLinks('x https://example.org/\u202egpj.exe');
  assert.equal(link.text, 'https://example.org/');
});

test('the chat endpoint sits next to the page, with the right scheme and context path', () => {
  assert.equal(chatEndpoint({ protocol: 'https:', host: 'chat.example:8443', pathname: '/safehouse/index.html' }),
    'wss://chat.example:8443/safehouse/chat');
  assert.equal(chatEndpoint({ protocol: 'http:', host: 'localhost', pathname: '/' }), 'ws://localhost/chat');
});

test('only a room name goes into the address, never a password, and without a new history entry', () => {
  assert.equal(roomFromHash('#room=caf%C3%A9%20club'), 'café club');
  assert.equal(roomFromHash('#password=x'), '');
  const calls = [];
  const history = { replaceState: (...args) => calls.push(args) };
  const location = { pathname: '/', search: '', hash: '' };
  showRoomInAddress(history, location, 'a&b=c');
  assert.deepEqual(calls, [[null, '', '/#room=a%26b%3Dc']]);
  assert.equal(roomFromHash('#room=a%26b%3Dc'), 'a&b=c');
  showRoomInAddress(history, { ...location, hash: '#room=a%26b%3Dc' }, 'a&b=c');
  assert.equal(calls.length, 1, 'the same address is not written again');
});

test('bytes survive base64 and UTF-8 round trips; invalid UTF-8 is refused', () => {
  const bytes = Uint8Array.from({ length: 70000 }, (_, index) => index % 256);
  assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
  assert.equal(fromUtf8(utf8('héllo 👋')), 'héllo 👋');
  assert.throws(() => fromUtf8(Uint8Array.of(0xff, 0xfe)));
  assert.throws(() => fromBase64('not base64!'));
  assert.equal(toHex(Uint8Array.of(0, 15, 255)), '000fff');
});

test('labelled encodings of different parts never coincide', () => {
  const a = fromUtf8(labelled('ctx', 'a\nb', 'c'));
  const b = fromUtf8(labelled('ctx', 'a', 'b\nc'));
  assert.notEqual(a, b);
});
