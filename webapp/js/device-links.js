// What the Devices panel does, without the DOM: makes a link code (and retires it when it expires unused), unlinks a
// device, turns this browser into a linked device from a pasted code, and has every room joined again whenever this
// person's device list changed, so that the server and the peers get the new list.

import { redeemLinkCode, startLink } from './device-link.js';
import { Identity } from './identity.js';

const EXPIRY_SLACK_MS = 1000;

const REFUSALS = Object.freeze({
  malformed: 'That is not a link code. Copy the whole code from your other device (Devices, "Link a new device").',
  expired: 'That code has expired. Make a new one on your other device.',
  used: 'This browser used that code already. Make a new one on your other device.',
  signature: 'That code does not hold a list signed by its identity key: it was changed on the way. Make a new one.',
  keys: 'That code does not hold the keys its list names: it was changed on the way. Make a new one.',
});

export class DeviceLinks {
  /**
   * `identity()` gives this page's Identity (or null), `republish()` joins every room again, `nick()` the nickname
   * last used (a hint for the new device), `reload()` reloads the page, `render()` redraws the Devices panel.
   */
  constructor({ identity, republish, nick, reload, render }) {
    this.identity = identity;
    this.republish = republish;
    this.nick = nick;
    this.reload = reload;
    this.render = render;
    this.expiryTimer = null;
  }

  actions() {
    return {
      identity: () => this.identity(),
      link: (name) => this.link(name),
      unlink: (signing) => this.unlink(signing),
      redeem: (text) => this.redeem(text),
    };
  }

  /** This browser's keys are loaded: a code that expired while the page was closed is retired now. */
  async loaded() {
    const pending = this.identity()?.person?.pending?.[0];
    if (pending) await this.retireAt(pending.expires);
  }

  async link(name) {
    const made = await startLink(this.identity(), { name, nick: this.nick() || '' });
    if (made.retired) this.republish();
    this.retireAt(made.pending.expires);
    return { code: made.code, expires: made.pending.expires };
  }

  /** When the code expires, the list it carries is made a rollback (identity.js retirePendingLink). */
  async retireAt(expires) {
    clearTimeout(this.expiryTimer);
    const wait = expires - Date.now();
    if (wait > 0) {
      this.expiryTimer = setTimeout(() => this.retireAt(expires), wait + EXPIRY_SLACK_MS);
      return;
    }
    if (await this.identity()?.retirePendingLink()) {
      this.republish();
      this.render();
    }
  }

  async unlink(signing) {
    await this.identity().unlink(signing);
    this.republish();
  }

  async redeem(text) {
    const result = await redeemLinkCode(text, { alreadyUsed: (signing) => Identity.usedLinkCode(signing) });
    if (!result.ok) return { ok: false, message: REFUSALS[result.reason] };
    await Identity.becomeLinkedDevice(result);
    setTimeout(() => this.reload(), 0);
    return {
      ok: true,
      message: `This browser is now one of your devices${result.nick ? ` (join as ${result.nick})` : ''}. The page reloads.`,
    };
  }

  /** Another device changed the list: a link this device made was used, or this device was unlinked. */
  ownDevicesChanged(change) {
    if (change === 'unlinked') this.republish();
    this.render();
  }
}
