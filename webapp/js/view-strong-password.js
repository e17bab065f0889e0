// The password field of a sealed room's new password (creating the room, changing its password, wiping it): a rule
// line that judges it as it is typed, a "generate" button that fills in a strong secret (shown, to be written down)
// and a "copy" button. The rule itself is sealed-password.js's. Strings reach the DOM as text only.

import { setText } from './dom.js';
import { generateSecret, judgePassword } from './sealed-password.js';

/** A password field with a rule line, a "generate" button that fills it in (shown) and a "copy" button. */
export class StrongPasswordField {
  constructor({ input, generate, copy, strength }) {
    Object.assign(this, { input, generate, copy, strength });
    input.addEventListener('input', () => this.refresh());
    generate.addEventListener('click', () => {
      input.value = generateSecret();
      input.type = 'text'; // to be read and written down; the person chose to see it
      copy.hidden = false;
      this.refresh();
    });
    copy.addEventListener('click', () => {
      navigator.clipboard?.writeText(input.value).then(
        () => setText(this.strength, 'Copied. Keep it somewhere safe: without it nobody can read this room.'),
        () => setText(this.strength, 'Could not copy: select the password and copy it by hand.'));
    });
  }

  refresh() {
    setText(this.strength, this.input.value ? judgePassword(this.input.value).text : '');
  }

  reset() {
    this.input.value = '';
    this.input.type = 'password';
    this.copy.hidden = true;
    setText(this.strength, '');
  }

  /** The password when strong enough; else null, with the reason shown. */
  acceptable() {
    const verdict = judgePassword(this.input.value);
    setText(this.strength, verdict.text);
    return verdict.ok ? this.input.value : null;
  }
}
