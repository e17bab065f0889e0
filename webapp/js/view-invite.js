// The invite panel of a sealed room: choose uses and expiry, get a link to copy, see and revoke invites (one's own;
// the owner and moderators see all). And, beside the connection status, the certificate fingerprint of the link this
// page was opened with, and whether the server announces the same one. Every string reaches the DOM as text.

import { element, replaceChildren, setText } from './dom.js';
import {
  certificateCheck, fingerprintForPeople, INVITE_EXPIRY, INVITE_USES, inviteLink,
} from './invite-link.js';
import { invitable } from './invite-channel.js';
import { linkKeyOf } from './invite-keys.js';

export class InvitePanel {
  /**
   * `parts`: index.html's #invite-button, #invite-panel and its controls. `channel`: the client's InviteChannel.
   * `location`: the page address the links point to.
   */
  constructor(parts, { channel, location }) {
    Object.assign(this, parts);
    this.channel = channel;
    this.location = location;
    this.room = null; // the room the panel is open for
    for (const uses of INVITE_USES) this.uses.append(element('option', { value: String(uses) }, String(uses)));
    for (const { label, ms } of INVITE_EXPIRY) this.expiry.append(element('option', { value: String(ms) }, label));
    this.expiry.value = String(INVITE_EXPIRY[1].ms);
    this.button.addEventListener('click', () => (this.room ? this.close() : this.open(this.current)));
    this.closeButton.addEventListener('click', () => this.close());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.room) return;
      const sent = this.channel.create(this.room.name, Number(this.uses.value), Number(this.expiry.value));
      setText(this.status, sent ? 'Making the link…' : 'Not sent: the room is not connected now.');
    });
    this.copyButton.addEventListener('click', () => this.copy());
    this.list.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-invite-id]');
      if (button && this.room) this.channel.revoke(this.room.name, button.dataset.inviteId);
    });
    channel.listen({
      onInvite: (frame) => this.onInvite(frame),
      onInvites: (frame) => this.onInvites(frame),
    });
  }

  /** Shows the Invite button in a sealed room (`room` is the room being read, or null). */
  render(room) {
    this.current = room;
    this.button.hidden = !invitable(room);
    // After a rotation this page has not unlocked, a link shown is void and no new one can carry the current key.
    if (this.room && (this.room !== room || !room.sealed?.keyId)) this.close();
  }

  open(room) {
    if (!invitable(room)) return;
    this.room = room;
    this.panel.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.linkBox.hidden = true;
    setText(this.status, '');
    this.channel.list(room.name);
    this.uses.focus();
  }

  close() {
    this.room = null;
    this.panel.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    this.link.value = ''; // the link is a credential: not left lying in the page
  }

  async onInvite(frame) {
    if (!this.room || frame.room.toLowerCase() !== this.room.name.toLowerCase()) return;
    const roomKey = invitable(this.room) ? await linkKeyOf(this.room) : null;
    if (!roomKey) { // the invite exists on the server (it shows in the list, to revoke), but no link carries an old key
      this.linkBox.hidden = true;
      setText(this.status, 'No link: this page does not hold the room\'s current key. Enter the room\'s new password '
        + 'first.');
      this.channel.list(frame.room);
      return;
    }
    this.link.value = inviteLink(this.location, {
      room: frame.room, token: frame.token, roomKey, fp: this.channel.certificate,
    });
    this.linkBox.hidden = false;
    const until = new Date(frame.expires).toLocaleString();
    setText(this.status, `Link made: ${frame.maxUses === 1 ? 'one use' : `${frame.maxUses} uses`}, until ${until}. `
      + 'Whoever has it can join and read the room: send it privately.');
    this.channel.list(frame.room);
  }

  onInvites(frame) {
    if (!this.room || frame.room.toLowerCase() !== this.room.name.toLowerCase()) return;
    const items = frame.invites.map((invite) => element('li', { className: 'invite' },
      element('bdi', { className: 'invite-by' }, invite.by),
      element('span', { className: 'invite-details' },
        ` ${invite.usesLeft} of ${invite.maxUses} uses left, until ${new Date(invite.expires).toLocaleString()} `),
      element('button', { type: 'button', className: 'secondary-button', 'data-invite-id': invite.inviteId },
        'Revoke')));
    replaceChildren(this.list, items.length ? items : [element('li', { className: 'hint' }, 'No live invites.')]);
  }

  async copy() {
    try {
      await navigator.clipboard.writeText(this.link.value);
      setText(this.status, 'Copied.');
    } catch {
      this.link.select(); // no clipboard access (an insecure page): selected for Ctrl+C
      setText(this.status, 'Select and copy the link (Ctrl+C).');
    }
  }
}

/** Beside the connection status: the certificate fingerprint a link named, and whether the server names the same. */
export class LinkCertificate {
  constructor(box) {
    this.box = box;
    this.fp = null;
  }

  show(fp) {
    this.fp = fp;
    this.update(undefined);
  }

  update(announced) {
    if (!this.fp) {
      this.box.hidden = true;
      return;
    }
    this.box.hidden = false;
    const check = announced === undefined ? 'pending' : certificateCheck(this.fp, announced);
    this.box.dataset.check = check;
    const words = {
      pending: 'checking…',
      match: 'the server announces the same one.',
      mismatch: 'the server announces ANOTHER certificate: this may not be the server you were invited to.',
      unannounced: 'the server names none itself: compare it with your browser\'s certificate viewer.',
    }[check];
    setText(this.box, `Certificate from the link: ${fingerprintForPeople(this.fp)} — ${words}`);
  }
}
