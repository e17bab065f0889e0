// The join form: room, nickname, password. Errors are shown in words next to the form, which stays filled in;
// a throttled answer disables the button for the time the server asked. The server judges names (NFC, length,
// forbidden characters); the form only refuses empty fields.

import { element, replaceChildren, setText } from './dom.js';

export class JoinForm {
  constructor({ view, form, room, nick, password, ownerBox, ownerPassword, error, submit, cancel, suggestions,
    directory, directoryList, onJoin, onCancel }) {
    Object.assign(this, { view, form, room, nick, password, ownerBox, ownerPassword, error, submit, cancel,
      suggestions, directory, directoryList });
    this.busy = false;
    this.blockedUntil = 0;
    this.blockedRoom = null;
    this.countdown = null;
    room.addEventListener('input', () => this.refreshButton());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.trySubmit(onJoin);
    });
    cancel.addEventListener('click', () => onCancel());
    view.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !cancel.hidden) onCancel();
    });
    directoryList.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-room]');
      if (!button) return;
      this.room.value = button.dataset.room;
      (this.nick.value ? this.password : this.nick).focus();
    });
  }

  trySubmit(onJoin) {
    const room = this.room.value.trim();
    if (this.busy || this.isBlocked()) return;
    const nick = this.nick.value.trim();
    if (!room) return this.showError('Enter the name of a room.', this.room);
    if (!nick) return this.showError('Enter a nickname.', this.nick);
    this.clearError();
    const ownerPassword = this.ownerBox.hidden ? null : this.ownerPassword.value || null;
    onJoin({ room, nick, password: this.password.value, ownerPassword });
  }

  /**
   * The owner password field shows only to a page without encryption keys: with keys, the room a person creates is
   * theirs by their key, and the key proves it on every join.
   */
  offerOwnerPassword(offered) {
    this.ownerBox.hidden = !offered;
  }

  /** Shows the form; `canCancel` when there are rooms to go back to. */
  show({ room, nick, canCancel }) {
    this.view.hidden = false;
    this.cancel.hidden = !canCancel;
    if (room !== undefined) this.room.value = room;
    if (nick && !this.nick.value) this.nick.value = nick;
    const firstEmpty = [this.room, this.nick].find((input) => !input.value.trim());
    (firstEmpty || this.password).focus();
  }

  hide() {
    this.view.hidden = true;
  }

  get isShown() {
    return !this.view.hidden;
  }

  setBusy(busy) {
    this.busy = busy;
    this.refreshButton();
  }

  /** After a successful join: the password leaves the form, the nickname stays for the next room. */
  succeeded() {
    this.setBusy(false);
    this.clearError();
    this.password.value = '';
    this.ownerPassword.value = '';
    this.room.value = '';
  }

  /**
   * The room has no password though one was given (it may be a stranger's room of the same name): says so, and
   * offers to join it without the password, which only a click on the offered button does.
   */
  askJoinWithoutPassword(text, onJoinWithout) {
    const button = element('button', { type: 'button', id: 'join-without-password', className: 'join-without-password' },
      'Join without a password');
    button.addEventListener('click', () => {
      this.password.value = '';
      this.clearError();
      onJoinWithout();
    });
    replaceChildren(this.error, [element('span', {}, text), ' ', button]);
    this.error.hidden = false;
    button.focus();
  }

  showError(text, focusInput) {
    setText(this.error, text);
    this.error.hidden = false;
    if (focusInput) focusInput.focus();
  }

  clearError() {
    this.stopCountdown();
    this.blockedUntil = 0;
    this.refreshButton();
    setText(this.error, '');
    this.error.hidden = true;
  }

  /** True while the server asked us to wait before trying the room that is in the form again. */
  isBlocked() {
    return Date.now() < this.blockedUntil && this.room.value.trim() === this.blockedRoom;
  }

  /**
   * Shows `describe(seconds)` and keeps the button disabled, while the form names `room`, until `retryAfterMs`
   * has passed (another room may be tried at once; the server says again if the throttle covers it too).
   */
  blockFor(retryAfterMs, describe, room) {
    this.stopCountdown();
    this.blockedUntil = Date.now() + retryAfterMs;
    this.blockedRoom = room;
    const tick = () => {
      const seconds = Math.ceil((this.blockedUntil - Date.now()) / 1000);
      if (seconds <= 0) {
        this.stopCountdown();
        this.showError(describe(0));
        this.refreshButton();
        return;
      }
      setText(this.error, describe(seconds));
    };
    this.error.hidden = false;
    tick();
    if (this.blockedUntil > Date.now()) this.countdown = setInterval(tick, 1000);
    this.refreshButton();
  }

  stopCountdown() {
    if (this.countdown !== null) clearInterval(this.countdown);
    this.countdown = null;
  }

  refreshButton() {
    this.submit.disabled = this.busy || this.isBlocked();
    setText(this.submit, this.busy ? 'Joining…' : 'Join');
  }

  /** The rooms the server advertises (Rooms frame), as suggestions and as a list to pick from. */
  showDirectory(rooms) {
    replaceChildren(this.suggestions, rooms.map((room) => element('option', { value: room.name })));
    replaceChildren(this.directoryList, rooms.map((room) => {
      const details = [];
      if (typeof room.members === 'number') details.push(`${room.members} online`);
      if (room.password) details.push('password');
      const title = typeof room.title === 'string' && room.title ? room.title : room.name;
      return element('li', {}, element('button', { type: 'button', className: 'directory-button', 'data-room': room.name },
        element('bdi', { className: 'directory-title' }, title),
        title !== room.name ? element('bdi', { className: 'view-detail' }, room.name) : null,
        details.length ? element('span', { className: 'directory-details' }, details.join(' · ')) : null));
    }));
    this.directory.hidden = rooms.length === 0;
  }
}
