// The message logs: one scrollable list per view (room or private conversation), kept in the DOM while the view
// exists so switching views costs nothing and keeps each reader's place. Auto-scrolls only a reader who is at the
// bottom; anyone who scrolled up gets a "new messages below" button instead.

import { element, replaceChildren } from './dom.js';
import { linkify } from './linkify.js';
import { parseViewId } from './store.js';

const ITEMS_KEPT = 1500;
const AT_BOTTOM_SLACK_PX = 24;
const LOAD_OLDER_WITHIN_PX = 80; // a reader scrolled this close to the top gets the earlier page without asking

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

function timeElement(ts) {
  const date = new Date(ts);
  const sameDay = date.toDateString() === new Date().toDateString();
  return element('time', { datetime: date.toISOString(), title: fullFormat.format(date) },
    (sameDay ? timeFormat : dateTimeFormat).format(date));
}

class LogPane {
  constructor(container, label) {
    this.list = element('ol', { className: 'log', role: 'log', 'aria-label': label, tabindex: '0', hidden: true });
    container.appendChild(this.list);
    this.stuckToBottom = true;
    this.savedScrollTop = 0;
    this.newBelow = false;
    this.dividerPending = false;
    this.olderControl = null; // the "show earlier messages" item, always first when present
    this.onScrollStateChange = () => {};
    this.list.addEventListener('scroll', () => {
      if (this.list.hidden) return;
      this.stuckToBottom = this.isAtBottom();
      this.savedScrollTop = this.list.scrollTop;
      if (this.stuckToBottom) this.newBelow = false;
      this.onScrollStateChange();
      if (this.list.scrollTop <= LOAD_OLDER_WITHIN_PX) this.loadOlder();
    }, { passive: true });
  }

  isAtBottom() {
    const list = this.list;
    return list.scrollHeight - list.scrollTop - list.clientHeight <= AT_BOTTOM_SLACK_PX;
  }

  setLabel(label) {
    this.list.setAttribute('aria-label', label);
  }

  show() {
    this.list.hidden = false;
    if (this.stuckToBottom) this.scrollToBottom();
    else this.list.scrollTop = this.savedScrollTop;
  }

  hide() {
    this.list.hidden = true;
  }

  /** The view is being looked at again: the next unseen message starts a new "new messages" divider. */
  markSeen() {
    this.dividerPending = false;
  }

  scrollToBottom() {
    this.list.scrollTop = this.list.scrollHeight;
    this.stuckToBottom = true;
    this.newBelow = false;
    this.onScrollStateChange();
  }

  /** Adds an item; `unseen` items get a divider above the first of them; `own` items always scroll into view. */
  append(item, { unseen = false, own = false } = {}) {
    const follow = own || (this.list.hidden ? this.stuckToBottom : this.isAtBottom());
    if (unseen && !this.dividerPending) {
      this.list.querySelector(':scope > .divider')?.remove();
      this.list.appendChild(element('li', { className: 'divider' }, element('span', {}, 'New')));
      this.dividerPending = true;
    }
    this.list.appendChild(item);
    while (this.list.childElementCount > ITEMS_KEPT) {
      const oldest = this.olderControl ? this.olderControl.nextElementSibling : this.list.firstElementChild;
      oldest.remove();
    }
    if (this.list.hidden) {
      this.stuckToBottom = follow;
      return;
    }
    if (follow) this.scrollToBottom();
    else {
      this.newBelow = true;
      this.onScrollStateChange();
    }
  }

  /** Asks for the earlier page, as the button at the top does, unless there is none or it is on its way. */
  loadOlder() {
    const button = this.olderControl?.querySelector('button');
    if (button && !button.disabled) button.click();
  }

  /**
   * Shows or hides the "show earlier messages" button at the top; `onClick` runs when it is chosen, or when the
   * reader scrolls near the top (the button stays for keyboard users and for a log too short to scroll).
   */
  setOlderControl(visible, onClick) {
    if (!visible) {
      this.olderControl?.remove();
      this.olderControl = null;
      return;
    }
    if (this.olderControl) return;
    const button = element('button', { type: 'button', className: 'secondary-button' }, 'Show earlier messages');
    button.addEventListener('click', () => {
      button.disabled = true;
      onClick();
    });
    this.olderControl = element('li', { className: 'load-older' }, button);
    this.list.insertBefore(this.olderControl, this.list.firstChild);
  }

  /** Puts older items above the others without moving what the reader is looking at. */
  prepend(items) {
    const anchor = this.olderControl ? this.olderControl.nextSibling : this.list.firstChild;
    const heightBefore = this.list.scrollHeight;
    for (const item of items) this.list.insertBefore(item, anchor);
    if (!this.list.hidden) this.list.scrollTop += this.list.scrollHeight - heightBefore;
    const button = this.olderControl?.querySelector('button');
    if (button) button.disabled = false;
  }
}

const SECURITY_LABELS = {
  encrypted: 'end-to-end encrypted',
  plain: 'not encrypted',
  unverified: 'new key, not accepted: unverified',
};

// A sealed room's message, by what opening it gave (sealed-crypto.js): the label beside the sender, and for one that
// did not open, the words shown instead of its text.
const SEALED_LABELS = {
  verified: ['sealed', 'sealed'],
  unknown: ['sealed-unverified', 'sealed · unverified sender (no key known for this name)'],
  mismatch: ['sealed-mismatch', 'sealed · not signed by the key known for this name'],
};
const UNREADABLE_SEALED = {
  unknown_key: 'Sealed with a key this page does not hold: the room\'s password changed. Enter the new password to read it.',
  decryption: 'A sealed message that does not open with this room\'s key: changed on the way, or not from this room.',
  malformed: 'A sealed message in a form this page does not understand.',
};

/**
 * Builds the list item of one chat message. Every user-supplied string goes in as text. A private message carries
 * a label saying whether it was end-to-end encrypted (`security`), and `queued` when the server keeps it until its
 * reader is back; `late` when it was written before a message of its sender already shown (message-time.js), and
 * `ts` then the time its sender signed. A sealed room's message carries what opening it gave (`sealed`).
 */
export function messageItem({ id, ts, sender, target, text, own, isPrivate, security, queued, late, sealed }) {
  const classes = ['message', own ? 'message-own' : 'message-other'];
  if (isPrivate) classes.push('message-private');
  const meta = element('div', { className: 'message-meta' },
    element('bdi', { className: 'message-sender' }, own ? `${sender} (you)` : sender));
  if (isPrivate && target) meta.append(' ', element('span', { className: 'message-target' }, 'to '), element('bdi', {}, target));
  meta.append(' ', timeElement(ts));
  if (isPrivate && SECURITY_LABELS[security]) {
    classes.push(`message-${security}`);
    meta.append(' ', element('span', { className: `message-label message-label-${security}` }, SECURITY_LABELS[security]));
  }
  if (late) {
    classes.push('message-late');
    meta.append(' ', element('span', { className: 'message-label message-label-late' },
      'older message, delivered late: written before one already shown'));
  }
  if (sealed && sealed.ok && SEALED_LABELS[sealed.signer]) {
    const [kind, words] = SEALED_LABELS[sealed.signer];
    classes.push(`message-${kind}`);
    meta.append(' ', element('span', { className: `message-label message-label-${kind}` }, words));
  }
  if (sealed && !sealed.ok) {
    classes.push('message-unreadable', 'message-sealed-unreadable');
    const body = element('div', { className: 'message-text' }, UNREADABLE_SEALED[sealed.reason] || UNREADABLE_SEALED.malformed);
    return element('li', { className: classes.join(' '), 'data-id': id }, meta, body);
  }
  if (queued) {
    meta.append(' ', element('span', { className: 'message-label message-label-queued' },
      `queued: ${target || 'the reader'} is away, the server keeps it until they are back`));
  }
  if (typeof text !== 'string') {
    classes.push('message-unreadable');
    const body = element('div', { className: 'message-text' }, 'Encrypted message: this page cannot read it.');
    return element('li', { className: classes.join(' '), 'data-id': id }, meta, body);
  }
  const body = element('div', { className: 'message-text', dir: 'auto' });
  body.appendChild(linkify(text));
  return element('li', { className: classes.join(' '), 'data-id': id }, meta, body);
}

/**
 * A line about the room rather than from a person: joins, leaves, connection changes, errors. `text` is a string, or
 * the parts `isolated` makes, so that names in it cannot reorder the sentence around them.
 */
export function noticeItem(text, kind = 'info') {
  return element('li', { className: `notice notice-${kind}` },
    element('span', { className: 'notice-text', dir: 'auto' }, text), ' ', timeElement(Date.now()));
}

/**
 * A template tag for notices that name people: isolated`${name} joined` gives the parts of the sentence with each
 * name in its own <bdi> (an array of names: each isolated, comma separated), so a right-to-left name, or one with
 * direction marks, stays inside its box instead of reordering the words and names around it.
 */
export function isolated(strings, ...names) {
  const parts = [strings[0]];
  names.forEach((value, index) => {
    const list = Array.isArray(value) ? value : [value];
    list.forEach((name, at) => {
      if (at > 0) parts.push(', ');
      parts.push(element('bdi', { className: 'name' }, String(name)));
    });
    parts.push(strings[index + 1]);
  });
  return parts.filter((part) => part !== '');
}

/** All log panes, and the one "new messages below" button shared by whichever pane is shown. */
export class MessageLogs {
  constructor(container, jumpButton) {
    this.container = container;
    this.jumpButton = jumpButton;
    this.panes = new Map();
    this.activeViewId = null;
    jumpButton.addEventListener('click', () => this.activePane()?.scrollToBottom());
  }

  pane(viewId, label) {
    let pane = this.panes.get(viewId);
    if (!pane) {
      pane = new LogPane(this.container, label);
      pane.onScrollStateChange = () => this.updateJumpButton();
      this.panes.set(viewId, pane);
    }
    return pane;
  }

  /** The pane of a room's view, or of a conversation in the room, made with its label on first use. */
  paneFor(room, viewId) {
    const { kind, peer } = parseViewId(viewId);
    const label = kind === 'private' ? `Private messages with ${peer} in ${room.title}` : `Messages in ${room.title}`;
    return this.pane(viewId, label);
  }

  has(viewId) {
    return this.panes.has(viewId);
  }

  activePane() {
    return this.activeViewId ? this.panes.get(this.activeViewId) : null;
  }

  show(viewId) {
    const previous = this.activePane();
    if (previous && this.activeViewId !== viewId) {
      previous.markSeen();
      previous.hide();
    }
    this.activeViewId = viewId;
    const pane = this.panes.get(viewId);
    if (pane) {
      pane.markSeen();
      pane.show();
    }
    this.updateJumpButton();
  }

  remove(viewId) {
    const pane = this.panes.get(viewId);
    if (!pane) return;
    pane.list.remove();
    this.panes.delete(viewId);
    if (this.activeViewId === viewId) this.activeViewId = null;
    this.updateJumpButton();
  }

  clearAll() {
    replaceChildren(this.container);
    this.panes.clear();
    this.activeViewId = null;
    this.updateJumpButton();
  }

  updateJumpButton() {
    const pane = this.activePane();
    this.jumpButton.hidden = !(pane && pane.newBelow && !pane.stuckToBottom);
  }
}
