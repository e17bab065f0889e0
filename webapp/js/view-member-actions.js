// The actions on one member of the room being read, opened from the people list: kick, ban (by key, nickname and/or
// address, for a time or until lifted), mute for a time, and for the owner: make moderator or member, hand the room
// over. Opened only for a member the person's role may act on; the server checks every action anyway.

import { setText } from './dom.js';
import { ActionForms } from './view-action-forms.js';
import { encode } from './protocol.js';
import { mayActOn, mayRunRoom } from './moderation-state.js';

export class MemberActionsPanel {
  /**
   * `parts`: the elements of index.html's #member-actions. `onAction(roomName, frame)` sends an action (false when
   * it could not go now).
   */
  constructor(parts, { onAction }) {
    Object.assign(this, parts);
    this.forms = new ActionForms({ status: this.status, onAction, room: () => this.room });
    this.room = null;
    this.member = null;
    this.closeButton.addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
    const { forms } = this;
    const target = () => [this.room.name, this.member];
    forms.onSubmit(this.kickForm, () => encode.kick(...target(), this.kickReason.value), 'Kick sent.');
    forms.onSubmit(this.banForm, () => this.banFrame(), 'Ban sent.');
    forms.onSubmit(this.muteForm, () => encode.mute(...target(), Number(this.muteDuration.value)), 'Mute sent.');
    this.unmuteButton.addEventListener('click', () => forms.send(encode.unmute(...target()), 'Unmute sent.'));
    this.makeModerator.addEventListener('click',
      () => forms.send(encode.setRole(...target(), 'moderator'), 'Role change sent.'));
    this.makeMember.addEventListener('click',
      () => forms.send(encode.setRole(...target(), 'member'), 'Role change sent.'));
    this.transfer.addEventListener('click', () => this.transferClicked());
  }

  get isOpen() {
    return this.room !== null;
  }

  /** Opens the actions on `member` of `room`. */
  open(room, member) {
    this.room = room;
    this.member = member;
    setText(this.name, member);
    for (const input of [this.kickReason, this.banReason]) input.value = '';
    for (const box of this.banKinds) box.checked = true;
    this.disarmTransfer();
    setText(this.status, '');
    this.panel.hidden = false;
    this.render(room);
    this.kickReason.focus();
  }

  close() {
    this.room = null;
    this.member = null;
    this.panel.hidden = true;
  }

  /** Follows the room being read: closes when the member left or the person's role no longer allows acting on them. */
  render(room) {
    if (!this.room) return;
    const rules = room?.moderation;
    if (room !== this.room || room.status !== 'joined' || !room.users.has(this.member)
      || !mayActOn(rules.role, rules.roleOf(this.member), this.member === room.nick)) {
      this.close();
      return;
    }
    const theirRole = rules.roleOf(this.member);
    setText(this.roleLine, `Role: ${theirRole}`);
    this.roleActions.hidden = !mayRunRoom(rules.role);
    this.makeModerator.hidden = theirRole === 'moderator';
    this.makeMember.hidden = theirRole === 'member';
  }

  banFrame() {
    const kinds = this.banKinds.filter((box) => box.checked).map((box) => box.value);
    if (kinds.length === 0) {
      setText(this.status, 'Choose what to ban by: key, nickname or address.');
      return null;
    }
    const durationMs = this.banDuration.value ? Number(this.banDuration.value) : null;
    return encode.ban(this.room.name, this.member, {
      kinds: kinds.length === this.banKinds.length ? null : kinds, durationMs, reason: this.banReason.value,
    });
  }

  /** Handing the room over cannot be undone by the one who does it: the first click asks, the second does it. */
  transferClicked() {
    if (this.transfer.dataset.armed !== 'true') {
      this.transfer.dataset.armed = 'true';
      setText(this.transfer, `Confirm: make ${this.member} the owner (you become a moderator)`);
      return;
    }
    this.disarmTransfer();
    this.forms.send(encode.transferOwnership(this.room.name, this.member), 'Ownership handed over.');
  }

  disarmTransfer() {
    delete this.transfer.dataset.armed;
    setText(this.transfer, 'Make owner…');
  }
}
