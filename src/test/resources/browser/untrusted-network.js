// Injected into a test browser before the page loads (Page.addScriptToEvaluateOnNewDocument): plays a malicious
// server or network between the page and the real server. It wraps the delivery of WebSocket frames and, when the
// test arms it through window.__untrustedNetwork.mode, does one thing to the next private message addressed to this
// page (an encrypted PrivateMessage without TgtUser):
//   'flip'      flips one bit of its ciphertext
//   'duplicate' delivers it twice
//   'keep'      delivers it and keeps a copy; replayWithNewId() later delivers that copy again under a fresh id
// forge(frame) delivers a frame the server never sent (a plain private message under someone's name, say).
(() => {
  const NativeWebSocket = window.WebSocket;
  const network = { mode: null, tampered: 0, kept: null, handler: null, socket: null };
  window.__untrustedNetwork = network;

  const flipFirstBit = (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    bytes[0] ^= 0x01;
    return btoa(String.fromCharCode(...bytes));
  };
  const deliver = (handler, socket, data) => handler.call(socket, new MessageEvent('message', { data }));

  network.replayWithNewId = () => {
    if (!network.kept || !network.handler) return false;
    const frame = JSON.parse(network.kept);
    frame.id = (BigInt(frame.id) + 7n).toString();
    deliver(network.handler, network.socket, JSON.stringify(frame));
    return true;
  };

  network.forge = (frame) => {
    if (!network.handler) return false;
    deliver(network.handler, network.socket, JSON.stringify(frame));
    return true;
  };

  class UntrustedWebSocket extends NativeWebSocket {
    get onmessage() {
      return super.onmessage;
    }

    set onmessage(handler) {
      if (typeof handler !== 'function') {
        super.onmessage = handler;
        return;
      }
      network.handler = handler;
      network.socket = this;
      super.onmessage = (event) => {
        let frame = null;
        try {
          frame = JSON.parse(event.data);
        } catch {
          // not JSON: passed on untouched
        }
        const target = frame && frame.msgType === 'PrivateMessage' && typeof frame.ciphertext === 'string'
          && frame.TgtUser === undefined;
        const mode = network.mode;
        if (!target || !mode) return handler.call(this, event);
        network.mode = null;
        network.tampered += 1;
        if (mode === 'flip') {
          frame.ciphertext = flipFirstBit(frame.ciphertext);
          return deliver(handler, this, JSON.stringify(frame));
        }
        if (mode === 'duplicate') {
          handler.call(this, event);
          return handler.call(this, event);
        }
        if (mode === 'keep') network.kept = event.data;
        return handler.call(this, event);
      };
    }
  }
  window.WebSocket = UntrustedWebSocket;
})();
