// What a person sees of sealed rooms: the join form's "create a sealed room" choice with its password rule and a
// generated secret to copy; the line in the room's header saying it is sealed; the form that asks for a room's new
// password after the owner changed it; the owner's form to change it. Strings reach the DOM as text only.

import { byId, setText } from './dom.js';
import { StrongPasswordField } from './view-strong-password.js';
import { noticeItem } from './view-log.js';
import { itemFor } from './view-events.js';
import { roomViewId } from './store.js';

export class SealedRoomView {
  /** `client` (ChatClient), `logs` (MessageLogs), `store`, `render()` redraws the page. */
  constructor({ client, logs, store, render }) {
    Object.assign(this, { client, logs, store, render });
    this.joinChoice = byId('join-sealed');
    this.joinHelp = byId('join-sealed-help');
    this.joinPassword = new StrongPasswordField({
      input: byId('join-password'), generate: byId('join-generate'), copy: byId('join-copy'),
      strength: byId('join-strength'),
    });
    this.joinChoice.addEventListener('change', () => {
      this.joinHelp.hidden = !this.joinChoice.checked;
      if (!this.joinChoice.checked) this.joinPassword.reset();
    });
    this.headerLine = byId('chat-sealed');
    this.unlockForm = byId('sealed-unlock');
    this.unlockPassword = byId('sealed-unlock-password');
    this.unlockStatus = byId('sealed-unlock-status');
    this.unlockForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.unlock();
    });
    this.rotateForm = byId('sealed-rotate-form');
    this.rotatePassword = new StrongPasswordField({
      input: byId('sealed-rotate-password'), generate: byId('sealed-rotate-generate'), copy: byId('sealed-rotate-copy'),
      strength: byId('sealed-rotate-strength'),
    });
    this.rotateForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.rotate();
    });
    this.plainPasswordParts = [byId('settings-password'), byId('settings-remove-password').closest('label'),
      document.querySelector('label[for="settings-password"]')];
  }

  /**
   * The join form's request, checked for a sealed room: `createSealed` when chosen, and then only with a strong
   * enough password. Null (the reason shown) when it may not go.
   */
  checkJoin(request) {
    if (!this.joinChoice.checked) return request;
    if (!this.joinPassword.acceptable()) return null;
    return { ...request, createSealed: true };
  }

  joinSucceeded() {
    this.joinChoice.checked = false;
    this.joinHelp.hidden = true;
    this.joinPassword.reset();
  }

  /** Follows the view being read: `room` (null for none), `kind` 'room' or 'private'. */
  show(room, kind, isOwner) {
    const sealed = room && room.sealed;
    this.headerLine.hidden = !sealed || kind !== 'room';
    if (sealed) {
      setText(this.headerLine, sealed.keyId
        ? 'Sealed room: messages are encrypted with the room key, made from the password in your browser. '
          + 'The server cannot read them.'
        : 'Sealed room: its password was changed, and this page does not have the new key yet.');
    }
    const locked = Boolean(sealed && !sealed.keyId && kind === 'room' && room.status === 'joined');
    if (this.unlockForm.hidden === locked) {
      this.unlockForm.hidden = !locked;
      if (!locked) setText(this.unlockStatus, '');
    }
    this.rotateForm.hidden = !(sealed && isOwner);
    for (const part of this.plainPasswordParts) if (part) part.hidden = Boolean(sealed);
  }

  async unlock() {
    const target = this.store.resolve(this.store.activeViewId);
    const password = this.unlockPassword.value;
    if (!target || !password) return;
    setText(this.unlockStatus, 'Deriving the room key…');
    try {
      await this.client.unlockSealedRoom(target.room.name, password);
      this.unlockPassword.value = '';
      setText(this.unlockStatus, '');
      this.logs.paneFor(target.room, roomViewId(target.room.name)).append(noticeItem(
        'You entered the new password: new messages are sealed with the new key.', 'self'));
    } catch (error) {
      setText(this.unlockStatus, `Could not derive the key: ${error.message}`);
    }
    this.render();
  }

  async rotate() {
    const target = this.store.resolve(this.store.activeViewId);
    const status = byId('room-settings-status');
    const password = this.rotatePassword.acceptable();
    if (!target || !password) return;
    setText(status, 'Deriving the new room key…');
    const sent = await this.client.rotateSealedRoom(target.room.name, password).catch(() => false);
    this.rotatePassword.reset();
    setText(status, sent ? 'New password sent. Tell the members; old messages stay readable to those who had the old one.'
      : 'Not sent: the room is not connected now.');
  }

  /** The room's seal changed (a rotation): said in its log. */
  onSealChanged(room) {
    const words = room.sealed?.keyId
      ? 'The room\'s password was changed: new messages are sealed with the new key.'
      : 'The room\'s password was changed. Enter the new password above to read new messages and to write; '
        + 'the earlier messages stay readable.';
    this.logs.paneFor(room, roomViewId(room.name)).append(noticeItem(words, 'warning'));
    this.render();
  }

  /** Messages that could not be read until the new password was given: their lines are drawn again. */
  onSealedReopened(room, frames) {
    const pane = this.logs.paneFor(room, roomViewId(room.name));
    for (const frame of frames) {
      const old = [...pane.list.children].find((item) => item.dataset.id === frame.id);
      if (old) old.replaceWith(itemFor({ frame, peer: null, own: frame.SrcUser === room.nick }));
    }
  }
}
