// Injected into a test browser before the page loads (Page.addScriptToEvaluateOnNewDocument): plays a malicious
// server or network between the page and the real server. It wraps the delivery of WebSocket frames; the test arms
// it through window.__untrustedNetwork (browser/UntrustedNetwork.java). What it can do:
//   mode = 'flip' | 'duplicate' | 'keep'   to the next private message addressed to this page (an encrypted
//             PrivateMessage without TgtUser): flips one bit of its ciphertext, delivers it twice, or delivers it and
//             keeps a copy that replayWithNewId() later delivers again under a fresh id
//   tamperSealed('flip') / tamperSealed('sender', name)   to the next sealed room message (a Broadcast with `sealed`):
//             flips one bit of its ciphertext, or says another member (`name`) sent it
//   rewrite(msgType, fn)   passes every later frame of that type through fn(frame), which returns the frame to
//             deliver (changed or not) or null to withhold it; rewrite(msgType, null) stops
//   forge(frame)   delivers a frame the server never sent (a plain private message under someone's name, or a
//             withheld frame, later and changed)
// Each frame is changed by one of them at most, in this order: mode, tamperSealed, rewrite. Every change counts in
// `tampered`. Its state lives as long as the document: a reload starts unarmed.
(() => {
  const NativeWebSocket = window.WebSocket;
  const network = {
    mode: null, sealed: null, rewriters: {}, tampered: 0, kept: null, handler: null, socket: null,
  };
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

  network.tamperSealed = (how, name = null) => {
    if (how !== 'flip' && !(how === 'sender' && typeof name === 'string')) throw new Error(`no such tampering: ${how}`);
    network.sealed = { how, name };
  };

  network.rewrite = (msgType, fn) => {
    if (fn === null) delete network.rewriters[msgType];
    else if (typeof fn === 'function') network.rewriters[msgType] = fn;
    else throw new Error('rewrite takes a function, or null to stop');
  };

  /** The frame (or null to withhold it) this network delivers instead of `frame`; `frame` itself when untouched. */
  const tamper = (frame) => {
    const mode = network.mode;
    if (mode && frame.msgType === 'PrivateMessage' && typeof frame.ciphertext === 'string'
      && frame.TgtUser === undefined) {
      network.mode = null;
      network.tampered += 1;
      if (mode === 'flip') return { ...frame, ciphertext: flipFirstBit(frame.ciphertext) };
      if (mode === 'duplicate') return [frame, frame];
      if (mode === 'keep') network.kept = JSON.stringify(frame);
      return frame;
    }
    const sealed = network.sealed;
    if (sealed && frame.msgType === 'Broadcast' && frame.sealed && typeof frame.sealed.ciphertext === 'string') {
      network.sealed = null;
      network.tampered += 1;
      if (sealed.how === 'flip') return { ...frame, sealed: { ...frame.sealed, ciphertext: flipFirstBit(frame.sealed.ciphertext) } };
      return { ...frame, SrcUser: sealed.name };
    }
    const rewriter = network.rewriters[frame.msgType];
    if (rewriter) {
      const changed = rewriter(structuredClone(frame));
      if (changed === null || JSON.stringify(changed) !== JSON.stringify(frame)) network.tampered += 1;
      return changed;
    }
    return frame;
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
        if (!frame || typeof frame !== 'object' || Array.isArray(frame)) return handler.call(this, event);
        const out = tamper(frame);
        if (out === frame) return handler.call(this, event); // untouched: the server's own bytes
        if (out === null) return undefined; // withheld
        for (const each of Array.isArray(out) ? out : [out]) deliver(handler, this, JSON.stringify(each));
        return undefined;
      };
    }
  }
  window.WebSocket = UntrustedWebSocket;
})();
