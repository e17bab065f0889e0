// The page: builds the views and the ChatClient, wires them together, and carries out what the person does (join,
// switch views, open a conversation, send, leave). What the client reports is shown by view-events.js; the header
// of the view being read by view-chat-header.js. Every string from the network reaches the DOM as text.

import { ChatClient } from './chat-client.js';
import { composerState } from './chat-status.js';
import { ConnectionStatus } from './view-status.js';
import { DeviceLinks } from './device-links.js';
import { DevicesPanel } from './view-devices.js';
import { byId } from './dom.js';
import { chatEndpoint, roomFromHash, showRoomInAddress } from './location.js';
import { ChatStore, conversationViewId, roomViewId } from './store.js';
import { TabTitle } from './title.js';
import { ChatHeader } from './view-chat-header.js';
import { Composer } from './view-composer.js';
import { ChatEvents } from './view-events.js';
import { JoinForm } from './view-join.js';
import { inviteJoin } from './invite-channel.js';
import { rememberLinkKey } from './invite-keys.js';
import { guestNickname, parseInvite } from './invite-link.js';
import { InvitePanel, LinkCertificate } from './view-invite.js';
import { MemberActionsPanel } from './view-member-actions.js';
import { isolated, MessageLogs, noticeItem } from './view-log.js';
import { Panels } from './view-panels.js';
import { PrivateMessages } from './private-messages.js';
import { RoomSettingsPanel } from './view-room-settings.js';
import { SealedRoomView } from './view-sealed.js';
import { mayRunRoom } from './moderation-state.js';
import { Sidebar } from './view-sidebar.js';
import { UserList } from './view-users.js';
import { VerifyPanel } from './view-verify.js';

export class App {
  constructor(win) {
    this.win = win;
    this.doc = win.document;
    this.store = new ChatStore();
    this.lastNick = '';
    this.title = new TabTitle(this.doc, 'Safehouse');
    this.status = new ConnectionStatus({
      box: byId('connection'), text: byId('connection-status'), countdown: byId('connection-countdown'),
      retry: byId('retry-now'),
      onRetry: () => this.client.retryNow(),
    });
    this.panels = new Panels(this.doc);
    this.joinForm = new JoinForm({
      view: byId('join-view'), form: byId('join-form'), room: byId('join-room'), nick: byId('join-nick'),
      password: byId('join-password'), ownerBox: byId('join-owner'), ownerPassword: byId('join-owner-password'),
      error: byId('join-error'), submit: byId('join-submit'),
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
      onModerate: (member) => this.openMemberActions(member),
      labelOf: (room, peer) => this.client.privateMessages.peerLabel(room, peer),
    });
    this.logs = new MessageLogs(byId('logs'), byId('jump-latest'));
    this.composer = new Composer({
      form: byId('composer'), input: byId('composer-input'), sendButton: byId('composer-send'),
      onSend: (viewId, text) => this.sendFrom(viewId, text),
    });
    this.chatView = byId('chat-view');
    this.header = new ChatHeader({
      title: byId('chat-title'), subtitle: byId('chat-subtitle'), topic: byId('chat-topic'), security: byId('chat-security'),
      acceptKeyButton: byId('accept-key'), verifyButton: byId('verify-button'), rejoinButton: byId('rejoin-room'),
      closeButton: byId('close-view'),
    });
    this.verifyPanel = new VerifyPanel(verifyPanelParts(), {
      onVerified: (roomName, peer, digits) => this.markVerified(roomName, peer, digits),
    });
    const onAction = (roomName, frame) => this.client.moderation.act(roomName, frame);
    this.roomSettings = new RoomSettingsPanel(settingsPanelParts(), {
      onAction, onListBans: (roomName) => this.client.moderation.listBans(roomName),
      onSealedWipe: (roomName, confirm, password) => this.client.wipeSealedRoom(roomName, confirm, password),
    });
    this.memberActions = new MemberActionsPanel(memberActionsParts(), { onAction });
    const events = new ChatEvents({
      store: this.store, logs: this.logs, composer: this.composer, joinForm: this.joinForm, status: this.status,
      title: this.title, chatView: this.chatView, doc: this.doc,
    }, {
      render: () => this.render(),
      showView: (viewId, focusComposer) => this.showView(viewId, focusComposer),
      showJoinForm: () => this.showJoinForm(),
      requestJoin: (request) => this.requestJoin(request),
      loadOlder: (roomName) => this.client.loadOlder(roomName),
      ownDevicesChanged: (room, change) => this.deviceLinks.ownDevicesChanged(change),
    });
    // Until this browser's keys are loaded (or made), the client has none; joins wait for them (requestJoin).
    this.client = new ChatClient({
      url: chatEndpoint(win.location), store: this.store, events, privateMessages: new PrivateMessages(null, null),
    });
    this.invitePanel = new InvitePanel(invitePanelParts(), { channel: this.client.invites, location: win.location });
    this.linkCertificate = new LinkCertificate(byId('link-certificate'));
    this.client.invites.listen({ onCertificate: (certificate) => this.linkCertificate.update(certificate) });
    this.deviceLinks = new DeviceLinks({
      identity: () => this.client.privateMessages.identity, republish: () => this.client.republishKeys(),
      nick: () => this.lastNick, reload: () => win.location.reload(), render: () => this.devicesPanel.render(),
    });
    this.devicesPanel = new DevicesPanel(devicesPanelParts(), this.deviceLinks.actions());
    this.sealedView = new SealedRoomView({
      client: this.client, logs: this.logs, store: this.store, render: () => this.render(),
    });
    events.onSealChanged = (room) => this.sealedView.onSealChanged(room);
    events.onSealedReopened = (room, frames) => this.sealedView.onSealedReopened(room, frames);
    const joinResult = events.onJoinResult.bind(events);
    events.onJoinResult = (result) => {
      if (result.ok) this.sealedView.joinSucceeded();
      joinResult(result);
    };
    this.privateMessagesReady = PrivateMessages.load().then((privateMessages) => {
      this.client.privateMessages = privateMessages;
      this.joinForm.offerOwnerPassword(!privateMessages.joinKeys());
      this.deviceLinks.loaded();
      this.devicesPanel.render();
      return privateMessages;
    });
  }

  start() {
    byId('join-another').addEventListener('click', () => this.showJoinForm());
    this.header.closeButton.addEventListener('click', () => this.closeActiveView());
    this.header.acceptKeyButton.addEventListener('click', () => this.acceptChangedKey());
    this.header.verifyButton.addEventListener('click', () => this.toggleVerifyPanel());
    byId('room-settings-button').addEventListener('click', () => this.toggleRoomSettings());
    this.header.rejoinButton.addEventListener('click', () => {
      const target = this.store.resolve(this.store.activeViewId);
      if (target) this.showJoinForm(target.room.name, target.room.nick);
    });
    this.win.addEventListener('hashchange', () => {
      if (this.openInvite(this.win.location.hash)) return;
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
    if (!this.openInvite(this.win.location.hash)) this.showJoinForm(roomFromHash(this.win.location.hash));
    this.render();
  }

  /**
   * An invite link (#join=…&k=…&t=…&fp=…): its secrets leave the address bar at once, the room key is kept, and the
   * room is joined with the token and no typing (under the last nickname, or a guest one). False for no invite.
   */
  openInvite(hash) {
    const invite = parseInvite(hash);
    if (!invite) return false;
    showRoomInAddress(this.win.history, this.win.location, invite.room || '');
    if (invite.problem) {
      this.showJoinForm();
      this.joinForm.showError(invite.problem);
      return true;
    }
    this.linkCertificate.show(invite.fp);
    if (this.client.ready) this.linkCertificate.update(this.client.invites.certificate);
    const nick = this.lastNick || guestNickname();
    this.showJoinForm(invite.room, nick);
    const keyKept = invite.roomKey ? rememberLinkKey(invite.room, invite.roomKey) : Promise.resolve();
    keyKept.catch((error) => console.error('Safehouse: the room key of the link was not kept', error))
      .then(() => this.requestJoin({ room: invite.room, nick, password: null, ...inviteJoin(invite.token) }));
    return true;
  }

  // ---- user actions ----

  requestJoin(formRequest) {
    const request = this.sealedView.checkJoin(formRequest);
    if (!request) return;
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
      this.logs.paneFor(room, conversationViewId(room.name, peer))
        .append(noticeItem(isolated`You accepted ${peer}'s new key. Messages to ${peer} are encrypted to it from now on.`, 'self'));
      this.render();
    });
  }

  toggleVerifyPanel() {
    const target = this.store.resolve(this.store.activeViewId);
    if (this.verifyPanel.isOpen || !target?.conversation) {
      this.verifyPanel.close();
    } else {
      const { peer } = target.conversation;
      this.verifyPanel.open(target.room, peer, this.client.privateMessages.mode(target.room, peer));
    }
    this.header.verifyButton.setAttribute('aria-expanded', String(this.verifyPanel.isOpen));
  }

  /** The person compared `digits` with `peer` (digits or QR code): marks the conversation verified. */
  async markVerified(roomName, peer, digits) {
    const marked = await this.client.markVerified(roomName, peer, digits);
    const room = this.store.room(roomName);
    if (marked && room) {
      this.logs.paneFor(room, conversationViewId(roomName, peer)).append(noticeItem(
        isolated`You verified ${peer}: the safety number matched. If ${peer}'s key ever changes, nothing is sent until you verify again.`,
        'self'));
    }
    this.render();
    return marked;
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
    this.logs.paneFor(target.room, viewId);
    this.showView(viewId, true);
    this.client.recallPeer(target.room.name, peer).then(() => this.render());
  }

  toggleRoomSettings() {
    const target = this.store.resolve(this.store.activeViewId);
    if (this.roomSettings.isOpen || !target || target.kind !== 'room') this.roomSettings.close();
    else this.roomSettings.open(target.room);
  }

  openMemberActions(member) {
    const target = this.store.resolve(this.store.activeViewId);
    if (target) this.memberActions.open(target.room, member);
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

  // ---- drawing ----

  render() {
    const target = this.store.resolve(this.store.activeViewId);
    this.sidebar.render(this.store);
    this.users.render(target ? target.room : null);
    this.roomSettings.render(target?.kind === 'room' ? target.room : null);
    this.memberActions.render(target ? target.room : null);
    this.invitePanel.render(target?.kind === 'room' ? target.room : null);
    this.panels.setHasRooms(this.store.rooms.size > 0);
    if (!target) {
      this.sealedView.show(null, null, false);
      this.title.setContext('');
      return;
    }
    const { room, conversation } = target;
    const privateMode = conversation ? this.client.privateMessages.mode(room, conversation.peer) : null;
    this.title.setContext(this.header.show(target, privateMode));
    this.verifyPanel.render(room, conversation?.peer, privateMode);
    this.header.verifyButton.setAttribute('aria-expanded', String(this.verifyPanel.isOpen));
    this.sealedView.show(room, target.kind, mayRunRoom(room.moderation.role));
    const { canSend, hint } = composerState(room, conversation, privateMode);
    if (canSend && !conversation && !this.client.sealed.canWrite(room)) {
      this.composer.setEnabled(false, 'Enter the room\'s new password above to write.');
    } else {
      this.composer.setEnabled(canSend, hint);
    }
  }
}

/** The elements of the room settings panel (index.html #room-settings). */
function settingsPanelParts() {
  return {
    panel: byId('room-settings'), toggle: byId('room-settings-button'), closeButton: byId('room-settings-close'),
    status: byId('room-settings-status'), topicForm: byId('topic-form'), topic: byId('settings-topic'),
    rulesForm: byId('rules-form'), password: byId('settings-password'), removePassword: byId('settings-remove-password'),
    maxMembers: byId('settings-max-members'), postPolicy: byId('settings-post-policy'), history: byId('settings-history'),
    bansSection: byId('bans-section'), banList: byId('ban-list'), bansRefresh: byId('bans-refresh'),
    dangerSection: byId('danger-section'), deleteForm: byId('delete-form'), deleteConfirm: byId('delete-confirm'),
    deleteButton: byId('delete-room'), wipeForm: byId('wipe-form'), wipeConfirm: byId('wipe-confirm'),
    wipePassword: byId('wipe-password'), wipeButton: byId('wipe-room'), wipePlainHint: byId('wipe-plain-hint'),
    wipeSealedHint: byId('wipe-sealed-hint'), wipeGenerateRow: byId('wipe-generate-row'),
    wipeGenerate: byId('wipe-generate'), wipeCopy: byId('wipe-copy'), wipeStrength: byId('wipe-strength'),
  };
}

/** The elements of the verify panel (index.html #verify-panel). */
function verifyPanelParts() {
  return {
    panel: byId('verify-panel'), name: byId('verify-name'), state: byId('verify-state'), digits: byId('verify-digits'),
    qr: byId('verify-qr'), video: byId('verify-video'), scanButton: byId('verify-scan'),
    comparedButton: byId('verify-compared'), status: byId('verify-status'), closeButton: byId('verify-close'),
  };
}

/** The elements of the invite panel (index.html #invite-panel). */
function invitePanelParts() {
  return {
    button: byId('invite-button'), panel: byId('invite-panel'), closeButton: byId('invite-close'),
    form: byId('invite-form'), uses: byId('invite-uses'), expiry: byId('invite-expiry'), status: byId('invite-status'),
    linkBox: byId('invite-link-box'), link: byId('invite-link'), copyButton: byId('invite-copy'),
    list: byId('invite-list'),
  };
}

/** The elements of the devices panel (index.html #devices-panel). */
function devicesPanelParts() {
  return {
    panel: byId('devices-panel'), toggle: byId('devices-button'), closeButton: byId('devices-close'),
    status: byId('devices-status'), list: byId('device-list'), holderNote: byId('devices-holder-note'),
    linkForm: byId('link-form'), linkName: byId('link-name'), linkSubmit: byId('link-start'),
    codeBox: byId('link-code-box'), qr: byId('link-qr'), codeText: byId('link-code'), expiry: byId('link-expiry'),
    hideCode: byId('link-hide'), redeemForm: byId('redeem-form'), redeemCode: byId('redeem-code'),
    redeemSubmit: byId('redeem-submit'), redeemScan: byId('redeem-scan'), redeemVideo: byId('redeem-video'),
  };
}

/** The elements of the member actions panel (index.html #member-actions). */
function memberActionsParts() {
  return {
    panel: byId('member-actions'), name: byId('member-actions-name'), roleLine: byId('member-actions-role'),
    status: byId('member-actions-status'), closeButton: byId('member-actions-close'), kickForm: byId('kick-form'),
    kickReason: byId('kick-reason'), banForm: byId('ban-form'),
    banKinds: [byId('ban-by-key'), byId('ban-by-nick'), byId('ban-by-address')], banDuration: byId('ban-duration'),
    banReason: byId('ban-reason'), muteForm: byId('mute-form'), muteDuration: byId('mute-duration'),
    unmuteButton: byId('unmute-member'), roleActions: byId('role-actions'), makeModerator: byId('make-moderator'),
    makeMember: byId('make-member'), transfer: byId('transfer-ownership'),
  };
}
