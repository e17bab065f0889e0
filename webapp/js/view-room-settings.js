// The room settings panel of the room being read, for its owner and moderators: the topic (both), the password,
// member limit, who may post and history for newcomers (the owner), the ban list with unban (both), and deleting or
// wiping the room behind a confirmation that must be the room's name (the owner). Each part shows only to the roles
// the server lets do it; the server checks every action anyway, and a refusal is shown in the room's log. A sealed
// room's wipe takes a new password as strong as its rotation's (the same field: rule line, generate, copy), which
// never leaves the page: only its join verifier and a fresh salt do (chat-client.js wipeSealedRoom).

import { element, replaceChildren, setText } from './dom.js';
import { ActionForms } from './view-action-forms.js';
import { encode } from './protocol.js';
import { MODERATION_LIMITS } from './moderation-protocol.js';
import { mayChangeTopic, mayModerate, mayRunRoom } from './moderation-state.js';
import { formatTime } from './moderation-words.js';
import { StrongPasswordField } from './view-strong-password.js';

export class RoomSettingsPanel {
  /**
   * `parts`: the elements of index.html's #room-settings, by role. `onAction(roomName, frame)` sends an action
   * (false when it could not go now); `onListBans(roomName)` asks for the ban list; `onSealedWipe(roomName, confirm,
   * password)` wipes a sealed room (a promise of whether it was sent).
   */
  constructor(parts, { onAction, onListBans, onSealedWipe }) {
    Object.assign(this, parts);
    this.forms = new ActionForms({ status: this.status, onAction, room: () => this.room });
    this.onListBans = onListBans;
    this.onSealedWipe = onSealedWipe;
    this.sealedWipePassword = new StrongPasswordField({
      input: this.wipePassword, generate: this.wipeGenerate, copy: this.wipeCopy, strength: this.wipeStrength,
    });
    this.room = null; // the room whose settings are open, or null when closed
    this.drawnBans = null;
    this.closeButton.addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
    this.forms.onSubmit(this.topicForm, () => encode.roomSettings(this.room.name, { topic: this.topic.value.trim() }),
      'Topic sent.');
    this.forms.onSubmit(this.rulesForm, () => this.ruleChanges(), 'Settings sent.');
    this.forms.onSubmit(this.deleteForm, () => encode.deleteRoom(this.room.name, this.deleteConfirm.value),
      'Deleting the room…');
    this.wipeForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.room) return;
      if (this.room.sealed) this.wipeSealed(this.room);
      else this.forms.send(this.wipeFrame(), 'Wiping the room…');
    });
    for (const input of [this.deleteConfirm, this.wipeConfirm, this.wipePassword]) {
      input.addEventListener('input', () => this.refreshConfirmations());
    }
    this.removePassword.addEventListener('change', () => {
      this.password.disabled = this.removePassword.checked;
    });
    this.bansRefresh.addEventListener('click', () => this.onListBans(this.room.name));
    this.banList.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-ban-id]');
      if (button && this.room) this.forms.send(encode.unban(this.room.name, button.dataset.banId), 'Unban sent.');
    });
  }

  get isOpen() {
    return this.room !== null;
  }

  /** Opens the panel for `room`, filled with its current settings. */
  open(room) {
    this.room = room;
    const { topic, settings } = room.moderation;
    this.topic.value = topic;
    this.topic.maxLength = MODERATION_LIMITS.topicChars;
    this.password.value = '';
    this.password.disabled = false;
    this.removePassword.checked = false;
    this.maxMembers.value = String(settings.maxMembers);
    this.postPolicy.value = settings.postPolicy;
    this.history.checked = settings.historyForNewcomers;
    for (const input of [this.deleteConfirm, this.wipeConfirm]) input.value = '';
    this.sealedWipePassword.reset();
    setText(this.status, '');
    this.drawnBans = null;
    this.panel.hidden = false;
    this.toggle.setAttribute('aria-expanded', 'true');
    if (mayModerate(room.moderation.role)) this.onListBans(room.name);
    this.render(room);
    this.panel.querySelector('input:not([disabled])')?.focus();
  }

  close() {
    if (!this.room) return;
    this.room = null;
    this.panel.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
  }

  /** Follows the room being read (null: none, or a conversation): the panel closes when it is no longer allowed. */
  render(room) {
    const role = room && room.status === 'joined' ? room.moderation.role : 'member';
    this.toggle.hidden = !mayChangeTopic(role);
    if (!this.room) return;
    if (room !== this.room || !mayChangeTopic(role)) {
      this.close();
      return;
    }
    this.topicForm.hidden = !mayChangeTopic(role);
    this.rulesForm.hidden = !mayRunRoom(role);
    this.dangerSection.hidden = !mayRunRoom(role);
    this.bansSection.hidden = !mayModerate(role);
    const sealed = Boolean(room.sealed);
    for (const part of [this.wipeSealedHint, this.wipeGenerateRow, this.wipeStrength]) part.hidden = !sealed;
    this.wipePlainHint.hidden = sealed;
    this.renderBans(room.moderation.bans);
    this.refreshConfirmations();
  }

  renderBans(bans) {
    if (bans === this.drawnBans) return;
    this.drawnBans = bans;
    if (bans === null) return;
    const items = bans.map((ban) => {
      const details = [`by ${ban.kinds.join(', ')}`, `banned by ${ban.by}`];
      if (typeof ban.until === 'number') details.push(`until ${formatTime(ban.until)}`);
      if (ban.reason) details.push(ban.reason);
      return element('li', { className: 'ban' },
        element('bdi', { className: 'ban-label' }, ban.label),
        element('span', { className: 'ban-details' }, details.join(' · ')),
        element('button', { type: 'button', className: 'secondary-button', 'data-ban-id': ban.id }, 'Unban'));
    });
    replaceChildren(this.banList, items.length ? items : [element('li', { className: 'hint' }, 'Nobody is banned.')]);
  }

  /** Delete and wipe work only once the confirmation is the room's name (and a new password is long enough). */
  refreshConfirmations() {
    const name = this.room?.name;
    this.deleteButton.disabled = this.deleteConfirm.value !== name;
    this.wipeButton.disabled = this.wipeConfirm.value !== name
      || this.wipePassword.value.length < MODERATION_LIMITS.minWipePasswordChars;
  }

  /** Only what the owner changed is sent (the server changes only the fields present). */
  ruleChanges() {
    const { settings } = this.room.moderation;
    const changes = {};
    if (this.removePassword.checked) changes.password = '';
    else if (this.password.value) changes.password = this.password.value;
    const maxMembers = Number(this.maxMembers.value);
    if (!Number.isInteger(maxMembers) || maxMembers < 0 || maxMembers > MODERATION_LIMITS.maxMembers) {
      setText(this.status, `The member limit is a whole number from 0 (no limit) to ${MODERATION_LIMITS.maxMembers}.`);
      return null;
    }
    if (maxMembers !== settings.maxMembers) changes.maxMembers = maxMembers;
    if (this.postPolicy.value !== settings.postPolicy) changes.postPolicy = this.postPolicy.value;
    if (this.history.checked !== settings.historyForNewcomers) changes.historyForNewcomers = this.history.checked;
    if (Object.keys(changes).length === 0) {
      setText(this.status, 'Nothing changed.');
      return null;
    }
    this.password.value = '';
    return encode.roomSettings(this.room.name, changes);
  }

  wipeFrame() {
    const frame = encode.wipeRoom(this.room.name, this.wipeConfirm.value, this.wipePassword.value);
    this.wipePassword.value = '';
    return frame;
  }

  /** A sealed room's wipe: only with a strong enough new password, derived into the room's new key (a second). */
  async wipeSealed(room) {
    const password = this.sealedWipePassword.acceptable();
    if (!password) return;
    const confirm = this.wipeConfirm.value;
    this.sealedWipePassword.reset(); // also keeps the button off while the key is derived: one wipe per click
    this.refreshConfirmations();
    setText(this.status, 'Deriving the new room key…');
    const sent = await this.onSealedWipe(room.name, confirm, password).catch(() => false);
    setText(this.status, sent ? 'Wiping the room… Give the members the new password: the old one, the old room key '
      + 'and every invite link open nothing any more.' : 'Not sent: the room is not connected now.');
  }
}
