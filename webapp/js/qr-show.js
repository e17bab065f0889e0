// Draws a QR code with the vendored qrcode-generator (webapp/vendor/qrcode-generator, MIT): a verification code
// here, a device link code for devices.js. No network, no CDN: the code is made in the page.

import { qrcode } from '../vendor/qrcode-generator/qrcode.mjs';

const MAX_TEXT = 1000; // what a QR code scanned from a screen reads reliably; ours are about 120 characters

function made(text) {
  if (typeof text !== 'string' || text.length > MAX_TEXT) throw new Error('qr-show: text too long for a QR code');
  const code = qrcode(0, 'M'); // smallest version that fits; error correction M (15 %)
  code.addData(text, 'Byte');
  code.make();
  return code;
}

/** A data: URL of a GIF of `text` as a QR code: `cell` pixels per module, a quiet zone of four modules. */
export function qrDataUrl(text, cell = 5) {
  return made(text).createDataURL(cell, cell * 4);
}

/** The modules of `text`'s QR code as rows of booleans (true: dark), without the quiet zone. */
export function qrModules(text) {
  const code = made(text);
  const size = code.getModuleCount();
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (__, column) => code.isDark(row, column)));
}
