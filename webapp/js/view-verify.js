// The "Verify" panel of a conversation: the 60-digit safety number as digits and as a QR code, a camera scan of the
// other person's code, and "the numbers match". Either marks the conversation verified (the mark is kept with the
// pin, trust.js). What a scanned code must be to count is decided in scanVerdict, without the DOM.

import { setText } from './dom.js';
import { groupedDigits, parseVerificationCode, verificationCode } from './fingerprint.js';
import { qrDataUrl } from './qr-show.js';
import { QrScanner } from './qr-scan.js';
import { canonical } from './trust.js';

/**
 * What a scanned text says about the conversation with `peer` in `roomName` whose safety number is `digits`:
 * 'match', or why not: 'not-ours', 'other-room', 'other-person', 'mismatch'.
 */
export function scanVerdict(text, roomName, peer, digits) {
  const code = parseVerificationCode(text);
  if (!code) return 'not-ours';
  if (code.room !== canonical(roomName)) return 'other-room';
  if (canonical(code.shownBy) !== canonical(peer)) return 'other-person';
  return code.safetyNumber === digits ? 'match' : 'mismatch';
}

const VERDICT_WORDS = {
  'not-ours': 'That is not a Safehouse verification code.',
  'other-room': 'That code is from a conversation in another room.',
  'other-person': 'That code is from someone else\'s conversation, not from this person\'s page.',
  mismatch: 'The numbers do NOT match. Someone may be in between (or one of you has a new key). Do not mark this '
    + 'conversation verified; talk about it in person.',
};

const END_WORDS = {
  timeout: 'Scanning stopped after two minutes without a code.',
  camera: 'No camera, or the browser was not allowed to use it. Compare the digits instead.',
};

export class VerifyPanel {
  /** `parts`: index.html's #verify-panel elements; `onVerified(roomName, peer, digits)` resolves true when marked. */
  constructor(parts, { onVerified }) {
    Object.assign(this, parts);
    this.onVerified = onVerified;
    this.target = null; // { roomName, peer, nick, digits }
    this.scanner = new QrScanner(this.video);
    this.closeButton.addEventListener('click', () => this.close());
    this.scanButton.addEventListener('click', () => this.toggleScan());
    this.comparedButton.addEventListener('click', () => this.verify('compared'));
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
  }

  get isOpen() {
    return this.target !== null;
  }

  /** Opens the panel for the conversation with `peer` in `room`; `privateMode` is PrivateMessages.mode. */
  open(room, peer, privateMode) {
    this.target = { roomName: room.name, peer, nick: room.nick, digits: null };
    setText(this.status, '');
    this.panel.hidden = false;
    this.render(room, peer, privateMode);
    this.comparedButton.focus();
  }

  close() {
    this.scanner.stop('stopped');
    this.target = null;
    this.panel.hidden = true;
  }

  /** Redraws for the view being read; closes when that is not the conversation the panel is about. */
  render(room, peer, privateMode) {
    if (!this.target) return;
    const same = room && peer && room.name === this.target.roomName && peer === this.target.peer;
    const digits = privateMode?.safetyNumber?.replaceAll(' ', '') || null;
    if (!same || !digits || privateMode.dropped) {
      this.close();
      return;
    }
    setText(this.name, peer);
    const verified = privateMode.mode === 'encrypted' && privateMode.verified;
    setText(this.state, verified ? `You verified ${peer}: the safety number below is the one you compared.`
      : privateMode.mode === 'changed' ? `${peer}'s key changed. Compare the new safety number before writing again.`
        : `Not verified yet. Compare these digits with ${peer}, or scan the code on ${peer}'s screen.`);
    this.panel.dataset.verified = String(verified);
    if (digits === this.target.digits) return;
    // The keys changed while the panel was open: what was shown or being scanned is stale.
    this.scanner.stop('stopped');
    this.target.digits = digits;
    setText(this.digits, groupedDigits(digits));
    // A data: URL made here from public values; set as a property, since dom.js's element() refuses src on purpose.
    this.qr.src = qrDataUrl(verificationCode(canonical(this.target.roomName), this.target.nick, digits));
    this.qr.dataset.code = verificationCode(canonical(this.target.roomName), this.target.nick, digits);
  }

  toggleScan() {
    if (this.scanner.scanning) {
      this.scanner.stop('stopped');
      return;
    }
    setText(this.status, 'Point the camera at the code on the other screen…');
    setText(this.scanButton, 'Stop scanning');
    this.scanner.start((text) => this.scanned(text), (reason) => {
      setText(this.scanButton, 'Scan their code');
      if (END_WORDS[reason]) setText(this.status, END_WORDS[reason]);
    });
  }

  /** A code the camera read; true when scanning is over (a match, or a code that is ours but does not match). */
  scanned(text) {
    if (!this.target) return true;
    const verdict = scanVerdict(text, this.target.roomName, this.target.peer, this.target.digits);
    if (verdict === 'match') {
      this.verify('scanned');
      return true;
    }
    setText(this.status, VERDICT_WORDS[verdict]);
    this.status.dataset.verdict = verdict;
    return verdict === 'mismatch';
  }

  async verify(how) {
    if (!this.target) return;
    const { roomName, peer, digits } = this.target;
    const marked = await this.onVerified(roomName, peer, digits);
    this.status.dataset.verdict = marked ? 'match' : 'stale';
    setText(this.status, marked
      ? `${how === 'scanned' ? 'The codes match' : 'You compared the numbers'}: ${peer} is verified.`
      : 'The safety number changed in the meantime; compare the new one.');
  }
}
