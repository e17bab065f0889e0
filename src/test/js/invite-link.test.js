// Invite links: what a page reads from the fragment, what it writes, and how it compares the certificate.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  certificateCheck, fingerprintForPeople, guestNickname, inviteLink, parseInvite,
} from '../../../webapp/js/invite-link.js';

const TOKEN = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80';
const FP = '3a7f0c1d2e3f405162738495a6b7c8d9eaf0112233445566778899aabbccddee';
const KEY = Uint8Array.from({ length: 32 }, (_, i) => 255 - i * 7);
const PAGE = { origin: 'https://chat.example.org', pathname: '/safehouse/' };

test('a link written by the inviter reads back to the same room, key, token and fingerprint', () => {
  const link = inviteLink(PAGE, { room: 'Plans & "Friday"', token: TOKEN, roomKey: KEY, fp: FP });
  assert.ok(link.startsWith('https://chat.example.org/safehouse/#join='), link);
  const invite = parseInvite(new URL(link).hash);
  assert.equal(invite.room, 'Plans & "Friday"');
  assert.equal(invite.token, TOKEN);
  assert.deepEqual([...invite.roomKey], [...KEY]);
  assert.equal(invite.fp, FP);
});

test('the secret parts are only in the fragment, never in the path or query the server sees', () => {
  const url = new URL(inviteLink(PAGE, { room: 'vault', token: TOKEN, roomKey: KEY, fp: FP }));
  assert.equal(url.search, '');
  assert.ok(!url.pathname.includes(TOKEN));
  assert.ok(url.hash.includes(TOKEN));
});

test('an address without join is no invite; a damaged invite says what is wrong and joins nothing', () => {
  assert.equal(parseInvite('#room=lobby'), null);
  assert.equal(parseInvite(''), null);
  assert.match(parseInvite(`#join=vault&t=${TOKEN.slice(0, 40)}`).problem, /token/);
  assert.match(parseInvite(`#join=vault&t=${TOKEN}&k=short`).problem, /room key/);
  assert.match(parseInvite(`#join=&t=${TOKEN}`).problem, /no room/);
});

test('a link without a key or fingerprint still reads; a malformed fingerprint counts as none', () => {
  const invite = parseInvite(`#join=vault&t=${TOKEN}&fp=not-hex`);
  assert.equal(invite.roomKey, null);
  assert.equal(invite.fp, null);
});

test('the certificate check tells a match, a mismatch, a server that names none, and a link that has none', () => {
  assert.equal(certificateCheck(FP, FP), 'match');
  assert.equal(certificateCheck(FP, FP.replace('3a', '3b')), 'mismatch');
  assert.equal(certificateCheck(FP, undefined), 'unannounced');
  assert.equal(certificateCheck(null, FP), 'absent');
});

test('people compare the fingerprint in colon-separated pairs, as browsers show it', () => {
  assert.equal(fingerprintForPeople(FP).slice(0, 11), '3A:7F:0C:1D');
  assert.equal(fingerprintForPeople(FP).length, 95);
});

test('a guest nickname is guest- and four hex digits from the random source', () => {
  assert.equal(guestNickname((bytes) => bytes.fill(0xab)), 'guest-abab');
});
