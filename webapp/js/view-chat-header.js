// The header of the view being read: its title and subtitle, the encryption line with the safety number, and which
// of its buttons show (accept a changed key, join again, leave or close). The words come from chat-status.js.

import { replaceChildren, setText } from './dom.js';
import { ROOM_SECURITY_LINE, SEALED_ROOM_SECURITY_LINE, roomStatusSuffix, securityLine } from './chat-status.js';
import { isolated } from './view-log.js';

export class ChatHeader {
  constructor({ title, subtitle, topic, security, acceptKeyButton, verifyButton, rejoinButton, closeButton }) {
    Object.assign(this, { title, subtitle, topic, security, acceptKeyButton, verifyButton, rejoinButton, closeButton });
  }

  /**
   * Shows the room or conversation of `target` (from ChatStore.resolve); `privateMode` is PrivateMessages.mode for a
   * conversation, null for a room. Returns the tab title's context.
   */
  show({ room, conversation }, privateMode) {
    const state = roomStatusSuffix(room);
    this.acceptKeyButton.hidden = true;
    this.verifyButton.hidden = true;
    this.security.dataset.verified = 'false';
    const topic = conversation ? '' : room.moderation.topic;
    setText(this.topic, topic);
    this.topic.hidden = !topic;
    let context;
    if (conversation) {
      const { peer } = conversation;
      const online = room.users.has(peer);
      this.security.dataset.mode = privateMode.mode;
      setText(this.security, securityLine(peer, privateMode));
      const changedKeys = privateMode.mode === 'changed' && !privateMode.dropped;
      // A verified contact's new key is not accepted with one click: it must be verified (view-verify.js).
      this.acceptKeyButton.hidden = !(changedKeys && !privateMode.mustVerify);
      this.verifyButton.hidden = !(changedKeys || (privateMode.mode === 'encrypted' && privateMode.safetyNumber));
      setText(this.verifyButton, privateMode.verified ? 'Verified ✓' : 'Verify…');
      this.security.dataset.verified = String(privateMode.verified === true);
      setText(this.title, peer);
      replaceChildren(this.subtitle, ...isolated`Private, in ${room.title}`,
        `${online ? '' : ' · not in the room now'}${state}`);
      setText(this.closeButton, 'Close conversation');
      context = `${peer} (private)`;
    } else {
      this.security.dataset.mode = room.sealed ? 'sealed-room' : 'room';
      setText(this.security, room.sealed ? SEALED_ROOM_SECURITY_LINE : ROOM_SECURITY_LINE);
      setText(this.title, room.title);
      const name = room.title !== room.name ? [...isolated`${room.name}`, ' · '] : [];
      replaceChildren(this.subtitle, ...name, `${room.users.size} online · you are `, ...isolated`${room.nick}`,
        state);
      setText(this.closeButton, 'Leave room');
      context = room.title;
    }
    this.rejoinButton.hidden = room.status !== 'failed';
    return context;
  }
}
