// How strong a sealed room's password must be, and the strong one the page offers instead. Whoever holds a sealed
// room's messages (the operator, a thief of the database) can guess passwords offline, each guess costing one
// Argon2id (64 MiB, t = 3); what stops them is the password's own strength. The estimate is coarse on purpose: it
// refuses what is short, of few kinds of characters, repeated or in sequence; it cannot see dictionary words, so the
// generated secret (100 random bits) is the one to prefer. No DOM.

export const MIN_LENGTH = 12;
export const MIN_BITS = 60;
// Crockford's base-32 symbols in lower case: 32, so each is exactly 5 bits; no i, l or o (read as 1 or 0) and no u.
const GENERATED_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GENERATED_GROUPS = 5;
const GROUP_LENGTH = 4;

/** A fresh secret of 20 symbols from 32 (100 bits), in groups of four: "k7dq-2mvx-...". */
export function generateSecret() {
  const symbols = [];
  while (symbols.length < GENERATED_GROUPS * GROUP_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      if (byte < 256 - (256 % GENERATED_ALPHABET.length)) symbols.push(GENERATED_ALPHABET[byte % GENERATED_ALPHABET.length]);
      if (symbols.length === GENERATED_GROUPS * GROUP_LENGTH) break;
    }
  }
  const groups = [];
  for (let start = 0; start < symbols.length; start += GROUP_LENGTH) groups.push(symbols.slice(start, start + GROUP_LENGTH).join(''));
  return groups.join('-');
}

function poolSize(characters) {
  let pool = 0;
  if (characters.some((c) => /[a-z]/.test(c))) pool += 26;
  if (characters.some((c) => /[A-Z]/.test(c))) pool += 26;
  if (characters.some((c) => /[0-9]/.test(c))) pool += 10;
  if (characters.some((c) => /[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/.test(c))) pool += 33;
  if (characters.some((c) => c.codePointAt(0) > 0x7e)) pool += 100;
  return Math.max(pool, 1);
}

/**
 * Estimated bits: log2(pool) for each character, but one bit for a character that repeats or continues a run
 * (the one before it, one up, or one down: "aaaa", "1234", "dcba").
 */
export function estimateBits(password) {
  const characters = [...password];
  const perCharacter = Math.log2(poolSize(characters));
  let bits = 0;
  let previous = null;
  for (const character of characters) {
    const code = character.codePointAt(0);
    const predictable = previous !== null && Math.abs(code - previous) <= 1;
    bits += predictable ? 1 : perCharacter;
    previous = code;
  }
  return Math.floor(bits);
}

/** { ok, bits, text }: whether `password` may seal a room, and the words to show beside the field. */
export function judgePassword(password) {
  const bits = estimateBits(password);
  const length = [...password].length;
  if (length < MIN_LENGTH) {
    return { ok: false, bits, text: `Too short for a sealed room: at least ${MIN_LENGTH} characters (or generate one).` };
  }
  if (bits < MIN_BITS) {
    return { ok: false, bits, text: `Too easy to guess (about ${bits} bits; at least ${MIN_BITS} needed): make it longer `
      + 'and mix kinds of characters, or generate one.' };
  }
  return { ok: true, bits, text: `Strong enough (about ${bits} bits).` };
}
