// The connection indicator in the top bar. The state sentence is a polite live region (announced when it
// changes); the seconds-to-retry countdown sits outside it so a screen reader is not told every second.

import { setText } from './dom.js';

const SENTENCES = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Connected',
  waiting: 'Connection lost. Reconnecting…',
  refused: 'The server refused the connection.',
};

export class ConnectionStatus {
  constructor({ box, text, countdown, retry, onRetry }) {
    Object.assign(this, { box, text, countdown, retry });
    this.timer = null;
    retry.addEventListener('click', () => onRetry());
  }

  show(state, connection, hasRooms) {
    this.box.dataset.state = state;
    const sentence = state === 'idle' && !hasRooms ? SENTENCES.idle : SENTENCES[state] || state;
    if (this.text.textContent !== sentence) setText(this.text, sentence);
    this.retry.hidden = !(state === 'waiting' || state === 'refused');
    clearInterval(this.timer);
    this.timer = null;
    setText(this.countdown, '');
    if (state === 'waiting' && connection.retryAt) {
      const tick = () => {
        const seconds = Math.max(0, Math.ceil((connection.retryAt - Date.now()) / 1000));
        setText(this.countdown, connection.retryAt ? `Next try in ${seconds} s.` : '');
      };
      tick();
      this.timer = setInterval(tick, 1000);
    }
  }
}
