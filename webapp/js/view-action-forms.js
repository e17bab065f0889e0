// What the moderation panels share: a form whose submit sends one action frame, and the status line that says
// whether it went. The server's answer (a Settings, Roles or RoomEvent frame, or an Error) comes separately.

import { setText } from './dom.js';

export class ActionForms {
  /** `onAction(roomName, frame)` sends (false when it cannot now); `room()` is the room the panel is open for. */
  constructor({ status, onAction, room }) {
    Object.assign(this, { status, onAction, room });
  }

  /** On submit of `form`: sends `makeFrame()` (null: nothing to send, the reason already shown), then says `done`. */
  onSubmit(form, makeFrame, done) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.room()) return;
      const frame = makeFrame();
      if (frame) this.send(frame, done);
    });
  }

  send(frame, done) {
    const room = this.room();
    setText(this.status, room && this.onAction(room.name, frame) ? done : 'Not sent: the room is not connected now.');
  }
}
