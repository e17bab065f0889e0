// The verification code survives the round trip through the vendored QR generator and reader: what one page shows,
// the other reads back exactly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { qrModules } from '../../../webapp/js/qr-show.js';
import { readQr } from '../../../webapp/js/qr-scan.js';
import { verificationCode } from '../../../webapp/js/fingerprint.js';
import { qrPixels } from './support.js';

// jsQR is a UMD script that registers itself on `self`, as in a browser; node has no `self`.
globalThis.self ??= globalThis;

test('a verification code drawn as a QR code reads back exactly', async () => {
  const code = verificationCode('book club', 'Zoë', '0123456789'.repeat(6));
  const { data, size } = qrPixels(qrModules(code), 4);
  assert.equal(await readQr(data, size, size), code);
});

test('a picture with no QR code in it reads as nothing', async () => {
  const size = 64;
  assert.equal(await readQr(new Uint8ClampedArray(size * size * 4).fill(255), size, size), null);
});

test('a text too long for a readable code is refused rather than drawn', () => {
  assert.throws(() => qrModules('x'.repeat(1001)), /too long/);
});
