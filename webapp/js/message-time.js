// When an encrypted private message was written, and whether it comes late. Envelope v2 (e2e.js) carries the
// sender's signed clock (`sentAt`); the server's `ts` is only when it relayed the message. A server that holds a
// message back and delivers it after later ones cannot make it look new: per conversation and sender, a message
// signed before the newest one already shown from that sender is "older, delivered late". Times of one sender are
// compared only with that sender's own (two people's clocks may disagree). No DOM.

const SENDERS_KEPT = 2; // per conversation: its two parties

/**
 * Notes a message shown in `conversation` (store.js, per peer) and says how to show it. `signedBefore`: for a message
 * not seen before, the newest time its sender signed on a message this browser accepted earlier (replay.js keeps it
 * across reloads), or null; a message shown again after a reload passes null and is compared with this page's only.
 * @return { shownAt: the time to show (sentAt when signed, else the server's ts), late: true when it was signed
 *   before the newest message already shown (or, with `signedBefore`, accepted) from the same sender }
 */
export function noteShown(conversation, sender, sentAt, ts, signedBefore = null) {
  if (!Number.isSafeInteger(sentAt)) return { shownAt: ts, late: false };
  if (!conversation.newestSigned) conversation.newestSigned = new Map();
  const shown = conversation.newestSigned.get(sender);
  const newest = Math.max(shown ?? -Infinity, Number.isSafeInteger(signedBefore) ? signedBefore : -Infinity);
  if (sentAt < newest) return { shownAt: sentAt, late: true };
  conversation.newestSigned.set(sender, sentAt);
  if (conversation.newestSigned.size > SENDERS_KEPT) {
    conversation.newestSigned.delete(conversation.newestSigned.keys().next().value);
  }
  return { shownAt: sentAt, late: false };
}
