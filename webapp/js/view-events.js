// What the page shows when the ChatClient reports something (its `events`): messages and notices in the logs, unread
// counts, the join form's outcome, warnings about keys. Every string from the network reaches the DOM through
// view-log.js (text nodes, names isolated), never as markup.

import { refusalReason } from './chat-status.js';
import { element } from './dom.js';
import { eventParts, removedParts } from './moderation-words.js';
import { errorMessage, retrySeconds } from './protocol.js';
import { conversationViewId, parseViewId, roomViewId } from './store.js';
import { isolated, messageItem, noticeItem } from './view-log.js';

const MAX_PRESENCE_LINES = 4;

export class ChatEvents {
  /**
   * `views`: what it updates. `actions`: what it may ask of the page: render(), showView(viewId, focusComposer),
   * showJoinForm(), requestJoin(request), loadOlder(roomName).
   */
  constructor({ store, logs, composer, joinForm, status, title, chatView, doc }, actions) {
    Object.assign(this, { store, logs, composer, joinForm, status, title, chatView, doc });
    this.actions = actions;
  }

  onConnectionState(state, connection) {
    this.status.show(state, connection, this.store.rooms.size > 0);
  }

  onJoinResult(result) {
    if (result.ok) {
      this.joinForm.succeeded();
      this.actions.showView(roomViewId(result.room.name), true);
      return;
    }
    this.joinForm.setBusy(false);
    const frame = result.frame;
    if (frame && frame.code === 'no_password_expected') {
      // Never joined behind the person's back: they decide whether this passwordless room is the one they meant.
      this.joinForm.askJoinWithoutPassword(result.text, () => this.actions.requestJoin({ ...result.request, password: '' }));
    } else if (frame && ['throttled', 'server_busy'].includes(frame.code) && retrySeconds(frame) !== null) {
      this.joinForm.blockFor(frame.retryAfterMs, (seconds) => seconds > 0
        ? `${errorMessage(frame).replace(/Try again in .*$/, '')}Try again in ${seconds} s.`
        : 'You can try again now.', result.request.room);
    } else {
      this.joinForm.showError(result.text);
    }
  }

  onRoomJoined(room, { rejoined, changes, gap }) {
    const pane = this.logs.paneFor(room, roomViewId(room.name));
    if (!rejoined) {
      pane.append(noticeItem([...isolated`You joined as ${room.nick}.`, ` ${room.users.size} online.`], 'self'));
    } else {
      pane.append(noticeItem(`Back in the room. ${room.users.size} online.`, 'self'));
      if (gap) pane.append(noticeItem('Some messages sent while you were away may be missing.', 'info'));
      if (changes?.departures.length) pane.append(noticeItem(isolated`Left while you were away: ${changes.departures}`, 'leave'));
      if (changes?.arrivals.length) pane.append(noticeItem(isolated`Came while you were away: ${changes.arrivals}`, 'join'));
    }
    this.updateOlderControl(room);
    this.actions.render();
  }

  onOlderMessages(room, messages) {
    const pane = this.logs.paneFor(room, roomViewId(room.name));
    pane.prepend(messages.map((message) => itemFor(message)));
    this.updateOlderControl(room);
  }

  updateOlderControl(room) {
    this.logs.paneFor(room, roomViewId(room.name))
      .setOlderControl(room.hasOlder, () => this.actions.loadOlder(room.name));
  }

  onRoomLeft(name) {
    for (const viewId of [...this.logs.panes.keys()]) {
      if (parseViewId(viewId).room !== name) continue;
      this.logs.remove(viewId);
      this.composer.forget(viewId);
    }
    if (!this.store.resolve(this.store.activeViewId)) {
      const next = this.store.viewIds()[0];
      if (next) this.actions.showView(next);
      else this.actions.showJoinForm();
    }
    this.actions.render();
  }

  onRoomStatus(room, notice) {
    if (notice) this.logs.paneFor(room, roomViewId(room.name)).append(noticeItem(notice, 'info'));
    this.actions.render();
  }

  /** Whether the person is not looking at `viewId` now (another view, the join form); the tab may be hidden too. */
  notLookingAt(viewId) {
    return viewId !== this.store.activeViewId || this.chatView.hidden;
  }

  onMessage(room, message) {
    const { peer, own, earlier } = message;
    const viewId = peer ? conversationViewId(room.name, peer) : roomViewId(room.name);
    const pane = this.logs.paneFor(room, viewId);
    // Announced (unread count, title, "new" divider) only when new to this person: not own, not history, not shown
    // before a reload and delivered again, not older than what was already shown.
    const news = !own && !earlier && !message.again && !message.late;
    const notLooking = this.notLookingAt(viewId);
    const unseen = news && (notLooking || this.doc.hidden);
    if (news && notLooking) this.store.addUnread(viewId);
    if (news) this.title.messageArrived();
    pane.append(itemFor(message), { unseen, own: own && !earlier });
    if (!earlier) this.actions.render();
  }

  onPresence(room, { arrivals, departures }) {
    const pane = this.logs.paneFor(room, roomViewId(room.name));
    const others = (names) => names.filter((name) => name !== room.nick);
    for (const [names, verb, kind, privateLine] of [
      [others(arrivals), 'joined', 'join', 'is back in the room'],
      [others(departures), 'left', 'leave', 'left the room'],
    ]) {
      // One line per person, or a single summary line when many come or go at once (a big room after a restart).
      if (names.length > MAX_PRESENCE_LINES) {
        const shown = names.slice(0, MAX_PRESENCE_LINES - 1);
        pane.append(noticeItem([...isolated`${shown}`, ` and ${names.length - shown.length} others ${verb}`], kind));
      } else {
        for (const name of names) pane.append(noticeItem([...isolated`${name}`, ` ${verb}`], kind));
      }
      for (const name of names) {
        if (!room.conversation(name)) continue;
        this.logs.paneFor(room, conversationViewId(room.name, name))
          .append(noticeItem([...isolated`${name}`, ` ${privateLine}`], kind));
      }
    }
    this.actions.render();
  }

  onError(roomName, frame, unsent) {
    const room = roomName ? this.store.room(roomName) : null;
    const viewId = unsent?.viewId || (room ? roomViewId(room.name) : this.store.activeViewId);
    const target = this.store.resolve(viewId);
    if (target) this.logs.paneFor(target.room, viewId).append(noticeItem(errorMessage(frame), 'error'));
    else if (this.joinForm.isShown) this.joinForm.showError(errorMessage(frame));
    if (unsent) this.composer.restore(unsent.viewId, unsent.text);
  }

  /** A peer's key changed (or vanished, or came back): said plainly in the room and in the conversation. */
  onKeyChange(room, { peer, change, verified }) {
    const lines = {
      changed: verified
        ? [...isolated`Warning: ${peer}'s encryption key has changed since you verified ${peer}. It may be a new `,
          ...isolated`browser, or someone else using the name ${peer}. Nothing is sent to ${peer} until you verify `,
          'the new safety number again (Verify…), in person or by another channel.']
        : [...isolated`Warning: ${peer}'s encryption key has changed. It may be a new browser, or someone else `,
          ...isolated`using the name ${peer}. Compare the safety number with ${peer} (in person or by another channel) `,
          'before you accept the new key; until then nothing is sent to this key.'],
      dropped: [...isolated`Warning: ${peer} came back without encryption keys, though ${peer} had keys before. `,
        ...isolated`It may be someone else using the name. Nothing is sent to ${peer} until you accept this.`],
      restored: [...isolated`${peer}`, ' is back with the key you trusted before.'],
    };
    const kind = change === 'restored' ? 'info' : 'warning';
    this.logs.paneFor(room, roomViewId(room.name)).append(noticeItem(lines[change], kind));
    if (room.conversation(peer)) {
      this.logs.paneFor(room, conversationViewId(room.name, peer)).append(noticeItem(lines[change], kind));
    }
    this.actions.render();
  }

  /** Another device of this person changed the device list: 'devices' (a device linked) or 'unlinked' (this one). */
  onOwnDevices(room, change) {
    const line = change === 'unlinked'
      ? 'This browser was unlinked by your other device. It is now a person of its own, with a new identity key.'
      : 'Your list of devices changed (a device was linked or unlinked).';
    this.logs.paneFor(room, roomViewId(room.name)).append(noticeItem([line], change === 'unlinked' ? 'warning' : 'info'));
    this.actions.ownDevicesChanged?.(room, change);
    this.actions.render();
  }

  onKeysLearned() {
    this.actions.render();
  }

  /** An encrypted private message failed a check: the warning takes the place of its text. */
  onPrivateRefused(room, peer, reason) {
    const viewId = conversationViewId(room.name, peer);
    const pane = this.logs.paneFor(room, viewId);
    const notLooking = this.notLookingAt(viewId);
    if (notLooking) this.store.addUnread(viewId);
    pane.append(noticeItem([...isolated`Warning: a private message from ${peer}`,
      ` was refused and is not shown: ${refusalReason(reason, peer)}.`], 'warning'),
    { unseen: notLooking || this.doc.hidden });
    this.actions.render();
  }

  /** A plain private message under a name whose keys are pinned here: a warning, never a line of the conversation. */
  onPlainUnderPinnedName(room, peer, own) {
    const viewId = conversationViewId(room.name, peer);
    room.conversation(peer, true);
    const pane = this.logs.paneFor(room, viewId);
    const notLooking = this.notLookingAt(viewId);
    if (notLooking) this.store.addUnread(viewId);
    const line = own
      ? [...isolated`Warning: the server delivered an unencrypted message to ${peer} as if you had sent it. `,
        'You did not send it from this page; it is not shown.']
      : [...isolated`Warning: someone sent an unencrypted message under the name ${peer}. `,
        ...isolated`${peer}'s messages to you are end-to-end encrypted, so this one may be forged (by the server or `,
        'someone else using the name); it is not shown as part of this conversation.'];
    pane.append(noticeItem(line, 'warning'), { unseen: notLooking || this.doc.hidden });
    this.actions.render();
  }

  onNotSent(viewId, text, why) {
    const target = this.store.resolve(viewId);
    if (target) this.logs.paneFor(target.room, viewId).append(noticeItem(why, 'error'));
    this.composer.restore(viewId, text);
  }

  /** The room's topic, settings, roles or ban list changed: the header, people list and panels redraw. */
  onRoomRules() {
    this.actions.render();
  }

  /** The topic changed: said once in the room's log (the header shows it from now on). */
  onTopicChanged(room, topic, by) {
    const who = by ? isolated`${by}` : ['The topic'];
    const words = topic ? [by ? ' set the topic: ' : ': ', topic] : [by ? ' cleared the topic' : ' was cleared'];
    this.logs.paneFor(room, roomViewId(room.name)).append(noticeItem([...who, ...words], 'moderation'));
  }

  /** A moderation action in the room: a system line, "bob was kicked by alice (moderator): spam". */
  onRoomEvent(room, event, actorRole) {
    const viewId = roomViewId(room.name);
    const aboutMe = event.target === room.nick;
    this.logs.paneFor(room, viewId).append(noticeItem(named(eventParts(event, actorRole)), aboutMe ? 'warning' : 'moderation'),
      { unseen: this.notLookingAt(viewId) || this.doc.hidden });
    this.actions.render();
  }

  /** This page is no longer in the room. A wiped room's messages leave the page too: only the notice stays. */
  onRemoved(room, removed) {
    if (removed.reason === 'wiped') {
      for (const viewId of [...this.logs.panes.keys()]) {
        if (parseViewId(viewId).room !== room.name) continue;
        this.logs.remove(viewId);
        this.composer.forget(viewId);
      }
    }
    const viewId = roomViewId(room.name);
    this.logs.paneFor(room, viewId).append(noticeItem(named(removedParts(removed, room.title)), 'warning'));
    if (!this.store.resolve(this.store.activeViewId)) this.actions.showView(viewId);
    else if (this.store.activeViewId === viewId) this.logs.show(viewId);
    this.actions.render();
  }

  onRoomList(rooms) {
    this.joinForm.showDirectory(rooms);
  }
}

/** The log item of a message the ChatClient reported. */
export function itemFor({ frame, peer, own, text, security, queued, shownAt, late }) {
  return messageItem({
    id: frame.id, ts: shownAt ?? frame.ts, sender: frame.SrcUser, target: frame.TgtUser, text: text ?? frame.text, own,
    isPrivate: Boolean(peer), security, queued, late, sealed: peer ? null : frame.opened,
  });
}

/** Sentence parts with names as { name } (moderation-words.js), each name isolated in its own <bdi>. */
function named(parts) {
  return parts.map((part) => (typeof part === 'string' ? part : element('bdi', { className: 'name' }, part.name)));
}
