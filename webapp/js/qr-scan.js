// Reads a QR code from the camera with the vendored jsQR (webapp/vendor/jsqr, Apache-2.0): getUserMedia (which the
// browser asks the person for, and which needs a secure context), each frame drawn to a canvas and searched. It
// stops at the first code `accept` takes, when stopped, or after SCAN_LIMIT_MS; the camera is released every time.

const FRAME_INTERVAL_MS = 150;
export const SCAN_LIMIT_MS = 120_000;

/** jsQR, loaded on first use: a UMD script that, imported as a module, sets self.jsQR. */
async function decoder() {
  if (!globalThis.jsQR) await import('../vendor/jsqr/jsQR.js');
  if (typeof globalThis.jsQR !== 'function') throw new Error('qr-scan: jsQR did not load');
  return globalThis.jsQR;
}

/** The text of a QR code in RGBA pixels (`data` of ImageData), or null. */
export async function readQr(data, width, height) {
  const jsQR = await decoder();
  return jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

export class QrScanner {
  /** `video`: the element that shows what the camera sees. */
  constructor(video) {
    this.video = video;
    this.stream = null;
    this.timer = null;
    this.canvas = video.ownerDocument.createElement('canvas');
  }

  get scanning() {
    return this.stream !== null;
  }

  /**
   * Starts the camera and calls `accept(text)` for each code read until it returns true; `onEnd(reason)` once at the
   * end: 'accepted', 'stopped', 'timeout', or 'camera' (no camera, or permission refused).
   */
  async start(accept, onEnd) {
    this.stop('stopped');
    this.onEnd = onEnd;
    let stream;
    try {
      const jsQR = await decoder();
      this.jsQR = jsQR;
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (error) {
      console.warn('Safehouse: no camera for scanning', error);
      this.finish('camera');
      return;
    }
    this.stream = stream;
    this.video.srcObject = stream;
    this.video.hidden = false;
    await this.video.play().catch(() => {});
    const deadline = Date.now() + SCAN_LIMIT_MS;
    const tick = () => {
      if (this.stream !== stream) return;
      if (Date.now() > deadline) {
        this.stop('timeout');
        return;
      }
      const text = this.readFrame();
      if (text !== null && accept(text)) {
        this.stop('accepted');
        return;
      }
      this.timer = setTimeout(tick, FRAME_INTERVAL_MS);
    };
    tick();
  }

  readFrame() {
    const { videoWidth: width, videoHeight: height } = this.video;
    if (!width || !height) return null;
    this.canvas.width = width;
    this.canvas.height = height;
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(this.video, 0, 0, width, height);
    const pixels = context.getImageData(0, 0, width, height);
    return this.jsQR(pixels.data, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
  }

  /** Releases the camera (if scanning) and reports `reason`. */
  stop(reason = 'stopped') {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.stream) return;
    for (const track of this.stream.getTracks()) track.stop();
    this.stream = null;
    this.video.srcObject = null;
    this.video.hidden = true;
    this.finish(reason);
  }

  finish(reason) {
    const onEnd = this.onEnd;
    this.onEnd = null;
    onEnd?.(reason);
  }
}
