// Byte helpers for the end-to-end encryption code: base64 as the wire carries it, UTF-8, and labelled encodings
// that cannot be confused with one another (a JSON array of strings and integers, in UTF-8).

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function toBase64(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (let start = 0; start < view.length; start += 0x8000) {
    binary += String.fromCharCode(...view.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/** Throws on anything that is not base64. */
export function fromBase64(text) {
  const binary = atob(text);
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

export function utf8(text) {
  return encoder.encode(text);
}

/** Throws on bytes that are not valid UTF-8. */
export function fromUtf8(bytes) {
  return strictDecoder.decode(bytes);
}

/** The UTF-8 bytes of JSON.stringify(parts): unambiguous whatever the parts contain (newlines, quotes, ...). */
export function labelled(...parts) {
  return utf8(JSON.stringify(parts));
}

export function toHex(bytes) {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
