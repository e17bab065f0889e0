// A sealed room's password is what stands between its history and an offline guesser: weak ones are refused, and
// the secret the page offers is strong and random.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './support.js';
import { estimateBits, generateSecret, judgePassword, MIN_BITS } from '../../../webapp/js/sealed-password.js';

test('short, repetitive, sequential and one-kind passwords are refused', () => {
  for (const weak of ['tulips', 'aaaaaaaaaaaaaaaa', '1234567890123', 'abcdefghijklmnop', 'password1234', 'qwertyuiop']) {
    assert.equal(judgePassword(weak).ok, false, weak);
  }
});

test('long mixed passwords and passphrases pass', () => {
  for (const strong of ['Tulips&Crocus-in-March-42', 'correct horse battery staple', 'Ünïcödé pässwörd!']) {
    assert.equal(judgePassword(strong).ok, true, strong);
  }
});

test('a generated secret is 20 symbols in groups of four, passes, and is new each time', () => {
  const seen = new Set();
  for (let index = 0; index < 50; index += 1) {
    const secret = generateSecret();
    assert.match(secret, /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){4}$/);
    assert.ok(estimateBits(secret) >= MIN_BITS, secret);
    assert.equal(judgePassword(secret).ok, true);
    seen.add(secret);
  }
  assert.equal(seen.size, 50);
});

test('a generated secret draws each symbol from 32, so 20 of them carry 100 bits', () => {
  const symbols = new Set();
  // 2000 draws: the chance that one of 32 equally likely symbols never comes up is below 10^-25
  for (let index = 0; index < 100; index += 1) for (const symbol of generateSecret().replaceAll('-', '')) symbols.add(symbol);
  assert.equal(symbols.size, 32, [...symbols].sort().join(''));
  for (const misread of 'ilou') assert.equal(symbols.has(misread), false, misread);
  assert.equal(20 * Math.log2(symbols.size), 100);
});
