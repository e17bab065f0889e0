// The "Devices" panel: this person's devices as the signed list names them, "Link a new device" (on the device that
// holds the identity key: shows a one-time code as text and as a QR code), "Unlink" per other device, and "Use a
// code" on a browser that is to become a device of a person already set up: pasted, or scanned with the camera (the
// vendored jsQR through qr-scan.js, as the Verify panel does). What is done with the keys is decided by app.js and
// device-link.js; every string from elsewhere reaches the DOM as text.

import { element, replaceChildren } from './dom.js';
import { QrScanner } from './qr-scan.js';

const LINK_CODE_SHOWN_MS = 10 * 60 * 1000;
const LINK_CODE_START = 'safehouse-link:'; // what a scanned text must start with to be tried as a link code

const SCAN_END_WORDS = {
  timeout: 'Scanning stopped after two minutes without a code.',
  camera: 'No camera, or the browser was not allowed to use it. Paste the code instead.',
};

export class DevicesPanel {
  /**
   * `parts`: the elements of index.html #devices-panel; `actions`: { identity() (the Identity or null),
   * link(name) -> Promise<{ code, expires }>, unlink(signing) -> Promise, redeem(text) -> Promise<{ ok, message }> }.
   */
  constructor(parts, actions) {
    this.parts = parts;
    this.actions = actions;
    this.hideTimer = null;
    parts.toggle.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    parts.closeButton.addEventListener('click', () => this.close());
    parts.linkForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.link();
    });
    parts.hideCode.addEventListener('click', () => this.hideCode());
    parts.redeemForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.redeem();
    });
    this.scanner = new QrScanner(parts.redeemVideo);
    parts.redeemScan.addEventListener('click', () => this.toggleScan());
  }

  get isOpen() {
    return !this.parts.panel.hidden;
  }

  open() {
    this.parts.panel.hidden = false;
    this.parts.toggle.setAttribute('aria-expanded', 'true');
    this.render();
    this.parts.closeButton.focus();
  }

  close() {
    this.scanner.stop('stopped');
    this.hideCode();
    this.parts.panel.hidden = true;
    this.parts.toggle.setAttribute('aria-expanded', 'false');
  }

  setStatus(text) {
    this.parts.status.textContent = text;
  }

  render() {
    const identity = this.actions.identity();
    const { list: listElement, linkForm, holderNote, redeemForm } = this.parts;
    replaceChildren(listElement);
    const devices = identity?.deviceList?.devices || [];
    this.parts.toggle.hidden = !identity?.person;
    linkForm.hidden = !identity?.holdsIdentityKey;
    holderNote.hidden = !identity?.person || identity.holdsIdentityKey;
    redeemForm.hidden = !identity;
    for (const device of devices) {
      const self = device.signing === identity.record.signing;
      const item = element('li', { className: 'device', 'data-self': self },
        element('span', { className: 'device-name' }, device.name),
        element('span', { className: 'hint' }, `${self ? ' (this browser)' : ''} added ${new Date(device.added).toLocaleString()}`));
      if (identity.holdsIdentityKey && !self) {
        const unlink = element('button', { className: 'secondary-button', type: 'button' }, 'Unlink');
        unlink.addEventListener('click', () => this.unlink(device));
        item.append(unlink);
      }
      listElement.append(item);
    }
  }

  async link() {
    const name = this.parts.linkName.value.trim() || 'new device';
    this.parts.linkSubmit.disabled = true;
    try {
      const { code, expires } = await this.actions.link(name);
      this.showCode(code, expires);
    } catch (error) {
      console.error('Safehouse: no link code', error);
      this.setStatus(`No code: ${error.message}`);
    } finally {
      this.parts.linkSubmit.disabled = false;
    }
  }

  async showCode(code, expires) {
    const { codeBox, codeText, qr, expiry } = this.parts;
    codeText.value = code;
    expiry.textContent = `The code works until ${new Date(expires).toLocaleTimeString()}, for one device.`;
    replaceChildren(qr);
    try {
      const { qrDataUrl } = await import('./qr-show.js');
      const image = element('img', { alt: 'The link code as a QR code' });
      image.src = qrDataUrl(code, 3); // made here from the code, a data: URL; nothing is loaded
      qr.append(image);
    } catch {
      qr.append(element('p', { className: 'hint' }, 'Too long for a QR code here: copy the text and paste it.'));
    }
    codeBox.hidden = false;
    codeText.select();
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => this.hideCode(), Math.min(LINK_CODE_SHOWN_MS, Math.max(0, expires - Date.now())));
  }

  /** The code is shown once: hidden, it is gone (the page keeps no copy of it). */
  hideCode() {
    clearTimeout(this.hideTimer);
    this.parts.codeText.value = '';
    replaceChildren(this.parts.qr);
    this.parts.codeBox.hidden = true;
  }

  async unlink(device) {
    try {
      await this.actions.unlink(device.signing);
      this.setStatus(`${device.name} is unlinked. Messages are no longer encrypted to it.`);
    } catch (error) {
      this.setStatus(`Not unlinked: ${error.message}`);
    }
    this.render();
  }

  /** "Scan a code": the camera looks for a link code on the other device's screen; the first one read is used. */
  toggleScan() {
    if (this.scanner.scanning) {
      this.scanner.stop('stopped');
      return;
    }
    this.setStatus('Point the camera at the code on your other device…');
    this.parts.redeemScan.textContent = 'Stop scanning';
    this.scanner.start((text) => this.scanned(text), (reason) => {
      this.parts.redeemScan.textContent = 'Scan a code';
      if (SCAN_END_WORDS[reason]) this.setStatus(SCAN_END_WORDS[reason]);
    });
  }

  /** A QR code the camera read: a link code is used at once (true: scanning is over); anything else is passed by. */
  scanned(text) {
    if (!text.startsWith(LINK_CODE_START)) {
      this.setStatus('That QR code is not a link code. Show the code from "Link a new device" on your other device.');
      return false;
    }
    this.parts.redeemCode.value = text;
    this.redeem();
    return true;
  }

  async redeem() {
    this.parts.redeemSubmit.disabled = true;
    try {
      const result = await this.actions.redeem(this.parts.redeemCode.value);
      this.setStatus(result.message);
      if (result.ok) this.parts.redeemCode.value = '';
    } finally {
      this.parts.redeemSubmit.disabled = false;
    }
  }
}
