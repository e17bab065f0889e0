// The invite frames of a sealed room (docs/PROTOCOL.md "Invites") and the certificate the server announces in Hello,
// for invite links. Sends CreateInvite, ListInvites and RevokeInvite; hands Invite and Invites to whoever listens
// (view-invite.js). No DOM.

import { encode } from './protocol.js';

export class InviteChannel {
  /** `send(frame)` hands a frame to the open connection (false when none); `isReady()` says whether it is greeted. */
  constructor({ send, isReady }) {
    this.send = send;
    this.isReady = isReady;
    this.certificate = null; // Hello.certificate: hex SHA-256 of the server's leaf certificate, when it names one
    this.listener = { onInvite() {}, onInvites() {}, onCertificate() {} };
  }

  /** `listener`: onInvite(frame), onInvites(frame), onCertificate(hexOrNull). */
  listen(listener) {
    this.listener = { ...this.listener, ...listener };
  }

  heardHello(frame) {
    this.certificate = typeof frame.certificate === 'string' ? frame.certificate.toLowerCase() : null;
    this.listener.onCertificate(this.certificate);
  }

  create(room, maxUses, expiresInMs) {
    return this.isReady() && this.send(encode.createInvite(room, maxUses, expiresInMs));
  }

  list(room) {
    return this.isReady() && this.send(encode.listInvites(room));
  }

  revoke(room, inviteId) {
    return this.isReady() && this.send(encode.revokeInvite(room, inviteId));
  }

  onInvite(frame) {
    this.listener.onInvite(frame);
  }

  onInvites(frame) {
    frame.invites = frame.invites.filter((invite) => invite && typeof invite.inviteId === 'string');
    this.listener.onInvites(frame);
  }
}

/** A Join's extra fields for an invite: the token, and `sealed` (a sealed room is joined knowing it is one). */
export function inviteJoin(token) {
  return { joinExtra: { sealed: true, invite: token }, rejoinExtra: { sealed: true } };
}

/**
 * Whether a room gives invites: it is sealed (Joined carries its `seal`), and this page holds its current key
 * (room.sealed.keyId: not after a rotation it has not unlocked), which the link carries (invite-keys.js).
 */
export function invitable(room) {
  return Boolean(room && room.status === 'joined' && room.seal && room.sealed?.keyId);
}
