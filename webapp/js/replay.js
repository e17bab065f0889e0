// Replay protection for received end-to-end encrypted private messages, per conversation (room, own nickname,
// peer), kept in IndexedDB so a reload does not forget it: the highest counter accepted from the peer, and the last
// ACCEPTED_KEPT client message ids accepted with the server id they came with. A message is new when its counter is
// above the highest; the same client message id under the same server id is the server delivering a stored message
// again (after a reload the server re-sends what it keeps) and is shown again; anything else is a replay. Beside it,
// per conversation and sender (any of the sender's devices), the newest time the sender signed on a message
// accepted: after a reload, a message held back by the server is compared with it (message-time.js), not only with
// what the reloaded page happens to have been shown again so far.

import { canonical } from './trust.js';
import { read, STORES, write } from './keystore.js';

const ACCEPTED_KEPT = 1000; // the server keeps at most history_messages (default 1000) per room
const SIGNED_KEPT = 2000; // conversations and senders whose newest signed time is held in memory

const conversationKey = (room, me, peer) => JSON.stringify([canonical(room), canonical(me), canonical(peer)]);
const signedKey = (room, me, peer, sender) => JSON.stringify(['signed', canonical(room), canonical(me), canonical(peer),
  canonical(sender)]);

export class ReplayGuard {
  /** `storage`: where the state outlives a reload (keystore.js's read and write; tests give their own). */
  constructor(storage = { read, write }) {
    this.storage = storage;
    this.states = new Map(); // conversationKey -> Promise<{ lastCounter, accepted: [[clientMsgId, id], ...] }>
    this.signed = new Map(); // signedKey -> Promise<{ newest }>: the newest signed time accepted
  }

  state(room, me, peer) {
    const key = conversationKey(room, me, peer);
    let state = this.states.get(key);
    if (!state) {
      state = this.storage.read(STORES.conversations, key)
        .catch(() => null)
        .then((stored) => stored || { lastCounter: -1, accepted: [] });
      this.states.set(key, state);
    }
    return state;
  }

  /** 'new', 'again' (a stored message delivered again with its server id) or 'replayed'. */
  async check(room, me, peer, { clientMsgId, counter, id }) {
    const state = await this.state(room, me, peer);
    const earlier = state.accepted.find(([acceptedId]) => acceptedId === clientMsgId);
    if (earlier) return earlier[1] === id ? 'again' : 'replayed';
    return counter > state.lastCounter ? 'new' : 'replayed';
  }

  async accept(room, me, peer, { clientMsgId, counter, id }) {
    const state = await this.state(room, me, peer);
    state.lastCounter = Math.max(state.lastCounter, counter);
    state.accepted.push([clientMsgId, id]);
    if (state.accepted.length > ACCEPTED_KEPT) state.accepted.splice(0, state.accepted.length - ACCEPTED_KEPT);
    try {
      await this.storage.write(STORES.conversations, conversationKey(room, me, peer), state);
    } catch (error) {
      console.warn('Safehouse: replay state kept in memory only', error);
    }
  }

  /**
   * Notes the time `sender` signed (`sentAt`, ms) on a message just accepted in the conversation with `peer`.
   * @return the newest signed time noted before this one (also before a reload), or null when none
   */
  async noteSigned(room, me, peer, sender, sentAt) {
    const key = signedKey(room, me, peer, sender);
    let entry = this.signed.get(key);
    if (!entry) {
      entry = this.storage.read(STORES.conversations, key).catch(() => null)
        .then((stored) => (Number.isSafeInteger(stored?.newest) ? stored : { newest: null }));
      this.signed.set(key, entry);
      if (this.signed.size > SIGNED_KEPT) this.signed.delete(this.signed.keys().next().value);
    }
    const record = await entry;
    const before = record.newest;
    if (!Number.isSafeInteger(sentAt) || (before !== null && sentAt <= before)) return before;
    record.newest = sentAt;
    try {
      await this.storage.write(STORES.conversations, key, { newest: sentAt });
    } catch (error) {
      console.warn('Safehouse: the newest signed time is kept in memory only', error);
    }
    return before;
  }
}
