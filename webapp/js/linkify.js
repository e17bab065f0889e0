// Turns a message text into nodes: plain Text nodes, and anchors for http and https URLs only. Anything else that
// looks like a link (javascript:, data:, file:, ...) stays text. Every anchor opens in a new tab without giving
// the opened page a handle on ours or our address.

const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?…]+$/;
const CLOSERS = { ')': '(', ']': '[', '}': '{' };

/** Drops punctuation that ends a sentence rather than the URL, and closers without a matching opener. */
export function trimCandidate(candidate) {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING_PUNCTUATION, '');
    const last = url.at(-1);
    if (last in CLOSERS && count(url, last) > count(url, CLOSERS[last])) url = url.slice(0, -1);
    if (url === before) return url;
  }
}

function count(text, character) {
  let total = 0;
  for (const c of text) if (c === character) total += 1;
  return total;
}

/** The URL as an absolute http(s) href, or null when it is not one we are willing to link. */
export function safeHref(text) {
  let parsed;
  try {
    parsed = new URL(text);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!parsed.hostname) return null;
  return parsed.href;
}

/** Splits `text` into pieces: {text} for plain runs and {text, href} for links. Pure, so it is easy to check. */
export function splitLinks(text) {
  const pieces = [];
  let position = 0;
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const candidate = trimCandidate(match[0]);
    const href = safeHref(candidate);
    if (!href) continue;
    if (match.index > position) pieces.push({ text: text.slice(position, match.index) });
    pieces.push({ text: candidate, href });
    position = match.index + candidate.length;
  }
  if (position < text.length) pieces.push({ text: text.slice(position) });
  return pieces;
}

/** A DocumentFragment for `text`, with safe anchors for its http(s) URLs. */
export function linkify(text) {
  const fragment = document.createDocumentFragment();
  for (const piece of splitLinks(text)) {
    if (!piece.href) {
      fragment.appendChild(document.createTextNode(piece.text));
      continue;
    }
    const anchor = document.createElement('a');
    anchor.href = piece.href;
    anchor.rel = 'noopener noreferrer';
    anchor.target = '_blank';
    anchor.referrerPolicy = 'no-referrer';
    anchor.textContent = piece.text;
    anchor.dir = 'ltr'; // isolated: right-to-left text around it cannot reorder the address that is shown
    fragment.appendChild(anchor);
  }
  return fragment;
}
