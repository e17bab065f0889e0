// The message box: Enter sends, Shift+Enter starts a new line (and Enter while an input method is composing
// does neither). Each view keeps its own unsent draft.

export class Composer {
  constructor({ form, input, sendButton, onSend }) {
    this.form = form;
    this.input = input;
    this.sendButton = sendButton;
    this.drafts = new Map();
    this.viewId = null;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(onSend);
    });
    input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      this.submit(onSend);
    });
  }

  submit(onSend) {
    const text = this.input.value;
    if (!text.trim() || this.input.disabled) return;
    if (onSend(this.viewId, text)) this.input.value = '';
  }

  /** Shows the draft of `viewId`, keeping the one of the view being left. */
  switchTo(viewId) {
    if (this.viewId !== null) this.drafts.set(this.viewId, this.input.value);
    this.viewId = viewId;
    this.input.value = this.drafts.get(viewId) || '';
    this.drafts.delete(viewId);
  }

  forget(viewId) {
    this.drafts.delete(viewId);
    if (this.viewId === viewId) this.viewId = null;
  }

  /** Puts back a text the server did not accept, unless the person already typed something new. */
  restore(viewId, text) {
    if (viewId === this.viewId) {
      if (!this.input.value) this.input.value = text;
    } else if (!this.drafts.get(viewId)) {
      this.drafts.set(viewId, text);
    }
  }

  setEnabled(enabled, placeholder) {
    this.input.disabled = !enabled;
    this.sendButton.disabled = !enabled;
    this.input.placeholder = placeholder;
  }

  focus() {
    if (!this.input.disabled) this.input.focus();
  }
}
