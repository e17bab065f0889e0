// The page: wires the join form, the room list, the logs, the user list and the composer to the ChatClient, and
// decides what is shown. Every string from the network reaches the DOM through dom.js or linkify.js, as text.

import { ChatClient } from './chat-client.js';
import { ConnectionStatus } from './view-status.js';
import { byId, replaceChildren, setText } from './dom.js';
import { chatEndpoint, roomFromHash, showRoomInAddress } from './location.js';
import { errorMessage, retrySeconds } from './protocol.js';
import { ChatStore, conversationViewId, parseViewId, roomViewId } from './store.js';
import { TabTitle } from './title.js';
import { Composer } from './view-composer.js';
import { JoinForm } from './view-join.js';
import { isolated, messageItem, MessageLogs, noticeItem } from './view-log.js';
import { Panels } from './view-panels.js';
import { PrivateMessages } from './private-messages.js';
import { Sidebar } from './view-sidebar.js';
import { UserList } from './view-users.js';

const MAX_PRESENCE_LINES = 4;

export class App {
  constructor(win) {
    this.win = win;
    this.doc = win.document;
    this.store = new ChatStore();
    this.lastNick = '';
    this.title = new TabTitle(this.doc, 'Safehouse');
    // Until this browser's keys are loaded (or made), the client has none; joins wait for them (requestJoin).
    this.client = new ChatClient({
      url: chatEndpoint(win.location), store: this.store, events: this, privateMessages: new PrivateMessages(null, null),
    });
    this.privateMessagesReady = PrivateMessages.load().then((privateMessages) => {
      this.client.privateMessages = privateMessages;
      return privateMessages;
    });
    this.status = new ConnectionStatus({
      box: byId('connection'), text: byId('connection-status'), countdown: byId('connection-countdown'),
      retry: byId('retry-now'),
      onRetry: () => this.client.retryNow(),
    });
    this.panels = new Panels(this.doc);
    this.joinForm = new JoinForm({
      view: byId('join-view'), form: byId('join-form'), room: byId('join-room'), nick: byId('join-nick'),
      password: byId('join-password'), error: byId('join-error'), submit: byId('join-submit'),
      cancel: byId('join-cancel'), suggestions: byId('room-suggestions'), directory: byId('room-directory'),
      directoryList: byId('room-directory-list'),
      onJoin: (request) => this.requestJoin(request),
      onCancel: () => this.showView(this.store.activeViewId || this.store.viewIds()[0]),
    });
    this.sidebar = new Sidebar({
      list: byId('room-list'), toggleBadge: byId('sidebar-toggle-badge'), onSelect: (id) => this.showView(id, true),
    });
    this.users = new UserList({
      list: byId('user-list'), count: byId('user-count'), onChoose: (peer) => this.openConversation(peer),
      labelOf: (room, peer) => this.client.privateMessages.peerLabel(room, peer),
    });
    this.logs = new MessageLogs(byId('logs'), byId('jump-latest'));
    this.composer = new Composer({
      form: byId('composer'), input: byId('composer-input'), sendButton: byId('composer-send'),
      onSend: (viewId, text) => this.sendFrom(viewId, text),
    });
    this.chatView = byId('chat-view');
    this.chatTitle = byId('chat-title');
    this.chatSubtitle = byId('chat-subtitle');
    this.chatSecurity = byId('chat-security');
    this.acceptKeyButton = byId('accept-key');
    this.closeButton = byId('close-view');
    this.rejoinButton = byId('rejoin-room');
  }

  start() {
    byId('join-another').addEventListener('click', () => this.showJoinForm());
    this.closeButton.addEventListener('click', () => this.closeActiveView());
    this.acceptKeyButton.addEventListener('click', () => this.acceptChangedKey());
    this.rejoinButton.addEventListener('click', () => {
      const target = this.store.resolve(this.store.activeViewId);
      if (target) this.showJoinForm(target.room.name, target.room.nick);
    });
    this.win.addEventListener('hashchange', () => {
      const room = roomFromHash(this.win.location.hash);
      if (!room) return;
      if (this.store.room(room)) this.showView(roomViewId(room));
      else this.showJoinForm(room);
    });
    this.doc.addEventListener('visibilitychange', () => {
      if (this.doc.hidden) return;
      this.logs.activePane()?.markSeen();
      this.client.checkConnection();
    });
    this.win.addEventListener('online', () => this.client.checkConnection());
    this.doc.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.showJoinForm(roomFromHash(this.win.location.hash));
    this.render();
  }

  // ---- user actions ----

  requestJoin(request) {
    this.lastNick = request.nick;
    this.joinForm.setBusy(true);
    this.privateMessagesReady.then(() => this.client.join(request));
  }

  acceptChangedKey() {
    const target = this.store.resolve(this.store.activeViewId);
    if (!target?.conversation) return;
    const { room, conversation: { peer } } = target;
    this.client.acceptChangedKey(room.name, peer).then((accepted) => {
      if (!accepted) return;
      this.ensurePane(room, conversationViewId(room.name, peer))
        .append(noticeItem(isolated`You accepted ${peer}'s new key. Messages to ${peer} are encrypted to it from now on.`, 'self'));
      this.render();
    });
  }

  showJoinForm(room, nick) {
    this.panels.closeAll();
    this.chatView.hidden = true;
    this.joinForm.show({ room, nick: nick || this.lastNick, canCancel: this.store.rooms.size > 0 });
    this.client.fetchRoomList();
  }

  showView(viewId, focusComposer = false) {
    const target = this.store.resolve(viewId);
    if (!target) {
      if (this.store.rooms.size === 0) this.showJoinForm();
      return;
    }
    this.store.activeViewId = viewId;
    this.store.clearUnread(viewId);
    this.joinForm.hide();
    this.chatView.hidden = false;
    this.logs.show(viewId);
    this.composer.switchTo(viewId);
    this.panels.closeAll();
    showRoomInAddress(this.win.history, this.win.location, target.room.name);
    this.render();
    if (focusComposer) this.composer.focus();
  }

  openConversation(peer) {
    const target = this.store.resolve(this.store.activeViewId);
    if (!target || peer === target.room.nick) return;
    target.room.conversation(peer, true);
    const viewId = conversationViewId(target.room.name, peer);
    this.ensurePane(target.room, viewId);
    this.showView(viewId, true);
    this.client.recallPeer(target.room.name, peer).then(() => this.render());
  }

  closeActiveView() {
    const target = this.store.resolve(this.store.activeViewId);
    if (!target) return;
    if (target.kind === 'private') {
      const viewId = this.store.activeViewId;
      target.room.conversations.delete(target.conversation.peer);
      this.logs.remove(viewId);
      this.composer.forget(viewId);
      this.showView(roomViewId(target.room.name));
    } else {
      this.client.leave(target.room.name);
    }
  }

  sendFrom(viewId, text) {
    const target = this.store.resolve(viewId);
    if (!target) return false;
    return this.client.send(target.room.name, target.conversation?.peer || null, text, viewId);
  }

  onKeyDown(event) {
    if (event.key === 'Escape') this.panels.closeAll();
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    const ids = this.store.viewIds();
    if (ids.length === 0) return;
    event.preventDefault();
    const step = event.key === 'ArrowDown' ? 1 : -1;
    const index = ids.indexOf(this.store.activeViewId);
    this.showView(ids[(index + step + ids.length) % ids.length], true);
  }

  // ---- events from the ChatClient ----

  onConnectionState(state, connection) {
    this.status.show(state, connection, this.store.rooms.size > 0);
  }

  onJoinResult(result) {
    if (result.ok) {
      this.joinForm.succeeded();
      this.showView(roomViewId(result.room.name), true);
      return;
    }
    this.joinForm.setBusy(false);
    const frame = result.frame;
    if (frame && frame.code === 'no_password_expected') {
      // Never joined behind the person's back: they decide whether this passwordless room is the one they meant.
      this.joinForm.askJoinWithoutPassword(result.text, () => this.requestJoin({ ...result.request, password: '' }));
    } else if (frame && ['throttled', 'server_busy'].includes(frame.code) && retrySeconds(frame) !== null) {
      this.joinForm.blockFor(frame.retryAfterMs, (seconds) => seconds > 0
        ? `${errorMessage(frame).replace(/Try again in .*$/, '')}Try again in ${seconds} s.`
        : 'You can try again now.', result.request.room);
    } else {
      this.joinForm.showError(result.text);
    }
  }

  onRoomJoined(room, { rejoined, changes, gap }) {
    const viewId = roomViewId(room.name);
    const pane = this.ensurePane(room, viewId);
    if (!rejoined) {
      pane.append(noticeItem([...isolated`You joined as ${room.nick}.`, ` ${room.users.size} online.`], 'self'));
    } else {
      pane.append(noticeItem(`Back in the room. ${room.users.size} online.`, 'self'));
      if (gap) pane.append(noticeItem('Some messages sent while you were away may be missing.', 'info'));
      if (changes?.departures.length) pane.append(noticeItem(isolated`Left while you were away: ${changes.departures}`, 'leave'));
      if (changes?.arrivals.length) pane.append(noticeItem(isolated`Came while you were away: ${changes.arrivals}`, 'join'));
    }
    this.updateOlderControl(room);
    this.render();
  }

  onOlderMessages(room, messages) {
    const pane = this.ensurePane(room, roomViewId(room.name));
    pane.prepend(messages.map((message) => this.itemFor(message)));
    this.updateOlderControl(room);
  }

  updateOlderControl(room) {
    this.ensurePane(room, roomViewId(room.name))
      .setOlderControl(room.hasOlder, () => this.client.loadOlder(room.name));
  }

  itemFor({ frame, peer, own, text, security, queued }) {
    return messageItem({
      id: frame.id, ts: frame.ts, sender: frame.SrcUser, target: frame.TgtUser, text: text ?? frame.text, own,
      isPrivate: Boolean(peer), security, queued,
    });
  }

  onRoomLeft(name) {
    for (const viewId of [...this.logs.panes.keys()]) {
      if (parseViewId(viewId).room !== name) continue;
      this.logs.remove(viewId);
      this.composer.forget(viewId);
    }
    if (!this.store.resolve(this.store.activeViewId)) {
      const next = this.store.viewIds()[0];
      if (next) this.showView(next);
      else this.showJoinForm();
    }
    this.render();
  }

  onRoomStatus(room, notice) {
    if (notice) this.ensurePane(room, roomViewId(room.name)).append(noticeItem(notice, 'info'));
    this.render();
  }

  onMessage(room, message) {
    const { peer, own, earlier } = message;
    const viewId = peer ? conversationViewId(room.name, peer) : roomViewId(room.name);
    const pane = this.ensurePane(room, viewId);
    const news = !own && !earlier;
    const notLooking = viewId !== this.store.activeViewId || this.chatView.hidden;
    const unseen = news && (notLooking || this.doc.hidden);
    if (news && notLooking) this.store.addUnread(viewId);
    if (news) this.title.messageArrived();
    pane.append(this.itemFor(message), { unseen, own: own && !earlier });
    if (!earlier) this.render();
  }

  onPresence(room, { arrivals, departures }) {
    const pane = this.ensurePane(room, roomViewId(room.name));
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
        this.ensurePane(room, conversationViewId(room.name, name)).append(noticeItem([...isolated`${name}`, ` ${privateLine}`], kind));
      }
    }
    this.render();
  }

  onError(roomName, frame, unsent) {
    const room = roomName ? this.store.room(roomName) : null;
    const viewId = unsent?.viewId || (room ? roomViewId(room.name) : this.store.activeViewId);
    const target = this.store.resolve(viewId);
    if (target) this.ensurePane(target.room, viewId).append(noticeItem(errorMessage(frame), 'error'));
    else if (this.joinForm.isShown) this.joinForm.showError(errorMessage(frame));
    if (unsent) this.composer.restore(unsent.viewId, unsent.text);
  }

  /** A peer's key changed (or vanished, or came back): said plainly in the room and in the conversation. */
  onKeyChange(room, { peer, change }) {
    const lines = {
      changed: [...isolated`Warning: ${peer}'s encryption key has changed. It may be a new browser, or someone else `,
        ...isolated`using the name ${peer}. Compare the safety number with ${peer} (in person or by another channel) `,
        'before you accept the new key; until then nothing is sent to this key.'],
      dropped: [...isolated`Warning: ${peer} came back without encryption keys, though ${peer} had keys before. `,
        ...isolated`It may be someone else using the name. Nothing is sent to ${peer} until you accept this.`],
      restored: [...isolated`${peer}`, ' is back with the key you trusted before.'],
    };
    const kind = change === 'restored' ? 'info' : 'warning';
    this.ensurePane(room, roomViewId(room.name)).append(noticeItem(lines[change], kind));
    if (room.conversation(peer)) {
      this.ensurePane(room, conversationViewId(room.name, peer)).append(noticeItem(lines[change], kind));
    }
    this.render();
  }

  onKeysLearned() {
    this.render();
  }

  /** An encrypted private message failed a check: the warning takes the place of its text. */
  onPrivateRefused(room, peer, reason) {
    const why = {
      signature: 'its signature does not verify, so it was altered or forged on the way',
      decryption: 'it cannot be decrypted, so it was altered on the way or was not encrypted for you',
      malformed: 'it is malformed',
      replayed: 'it is a replay: this message was already delivered once',
      'unknown-keys': `${peer}'s keys are not known to this page, so it cannot be checked`,
      'no-identity': 'this browser has no encryption keys to read it with',
    }[reason] || reason;
    const viewId = conversationViewId(room.name, peer);
    const pane = this.ensurePane(room, viewId);
    const notLooking = viewId !== this.store.activeViewId || this.chatView.hidden;
    if (notLooking) this.store.addUnread(viewId);
    pane.append(noticeItem([...isolated`Warning: a private message from ${peer}`, ` was refused and is not shown: ${why}.`],
      'warning'),
      { unseen: notLooking || this.doc.hidden });
    this.render();
  }

  onNotSent(viewId, text, why) {
    const target = this.store.resolve(viewId);
    if (target) this.ensurePane(target.room, viewId).append(noticeItem(why, 'error'));
    this.composer.restore(viewId, text);
  }

  onRoomList(rooms) {
    this.joinForm.showDirectory(rooms);
  }

  // ---- drawing ----

  ensurePane(room, viewId) {
    const { kind, peer } = parseViewId(viewId);
    const label = kind === 'private' ? `Private messages with ${peer} in ${room.title}` : `Messages in ${room.title}`;
    return this.logs.pane(viewId, label);
  }

  render() {
    const target = this.store.resolve(this.store.activeViewId);
    this.sidebar.render(this.store);
    this.users.render(target ? target.room : null);
    this.panels.setHasRooms(this.store.rooms.size > 0);
    if (!target) {
      this.title.setContext('');
      return;
    }
    const { room, conversation } = target;
    const statusWords = { offline: 'offline, reconnecting', rejoining: 'rejoining…', failed: 'not joined' };
    const state = statusWords[room.status] ? ` · ${statusWords[room.status]}` : '';
    let canSend = room.status === 'joined';
    let privateMode = null;
    this.acceptKeyButton.hidden = true;
    if (conversation) {
      const online = room.users.has(conversation.peer);
      privateMode = this.client.privateMessages.mode(room, conversation.peer);
      // An encrypted message to someone away waits on the server for their next proven join.
      canSend = canSend && (online || privateMode.mode === 'encrypted')
        && (privateMode.mode === 'encrypted' || privateMode.mode === 'plain');
      this.showSecurity(conversation.peer, privateMode);
      this.acceptKeyButton.hidden = !(privateMode.mode === 'changed' && !privateMode.dropped);
      setText(this.chatTitle, conversation.peer);
      replaceChildren(this.chatSubtitle, ...isolated`Private, in ${room.title}`,
        `${online ? '' : ' · not in the room now'}${state}`);
      setText(this.closeButton, 'Close conversation');
      this.title.setContext(`${conversation.peer} (private)`);
    } else {
      this.chatSecurity.dataset.mode = 'room';
      setText(this.chatSecurity, 'Room messages are not end-to-end encrypted: the server can read them.');
      setText(this.chatTitle, room.title);
      const name = room.title !== room.name ? [...isolated`${room.name}`, ' · '] : [];
      replaceChildren(this.chatSubtitle, ...name, `${room.users.size} online · you are `, ...isolated`${room.nick}`,
        state);
      setText(this.closeButton, 'Leave room');
      this.title.setContext(room.title);
    }
    this.rejoinButton.hidden = room.status !== 'failed';
    const peer = conversation?.peer;
    const why = room.status === 'failed' ? room.problem || 'You are not in this room.'
      : room.status !== 'joined' ? 'Waiting for the connection…'
        : privateMode?.mode === 'changed' ? `${peer}'s key changed: nothing is sent until you accept it.`
          : privateMode?.mode === 'impossible' ? `${peer} has no encryption keys; this room allows only encrypted messages.`
            : conversation && !canSend ? `${peer} is not in the room.`
              : privateMode?.mode === 'encrypted' && !room.users.has(peer)
                ? `${peer} is away: an encrypted message waits on the server until ${peer} is back.`
                : privateMode?.mode === 'encrypted' ? `Encrypted private message to ${peer} (Enter sends)`
                  : conversation ? `NOT encrypted private message to ${peer} (Enter sends)`
                    : 'Message (Enter sends, Shift+Enter new line)';
    this.composer.setEnabled(canSend, why);
  }

  /** The line under a conversation's title: encrypted or not, and the safety number to compare. */
  showSecurity(peer, { mode, safetyNumber, dropped }) {
    const number = safetyNumber ? ` Safety number: ${safetyNumber}.` : '';
    const lines = {
      encrypted: `End-to-end encrypted.${number} Compare it with ${peer} to be sure nobody is in between.`,
      plain: `Not encrypted: ${peer} has no encryption keys (or this browser has none). The server can read these messages.`,
      impossible: `${peer} has no encryption keys, and this room allows only end-to-end encrypted private messages.`,
      changed: dropped
        ? `Warning: ${peer} had encryption keys before and has none now. Nothing is sent to ${peer}.`
        : `Warning: ${peer}'s key changed. New safety number: ${safetyNumber}. Compare it with ${peer}, then accept `
          + 'the new key to write again.',
    };
    this.chatSecurity.dataset.mode = mode;
    setText(this.chatSecurity, lines[mode]);
  }
}
