// The list of rooms and, under each, its private conversations, with unread counts and room status.
// Redrawn whole on every change (it is short); keyboard focus stays on the entry it was on.

import { element, replaceChildren } from './dom.js';
import { conversationViewId, roomViewId } from './store.js';

const STATUS_WORDS = { offline: 'offline', rejoining: 'rejoining…', failed: 'not joined' };

function unreadBadge(count) {
  if (!count) return null;
  return element('span', { className: 'badge' },
    element('span', { className: 'visually-hidden' }, ', unread: '), String(count));
}

function viewButton(viewId, activeViewId, className, children) {
  return element('button', {
    type: 'button',
    className: `view-link ${className}`,
    'data-view': viewId,
    'aria-current': viewId === activeViewId ? 'page' : false,
  }, ...children);
}

export class Sidebar {
  constructor({ list, toggleBadge, onSelect }) {
    this.list = list;
    this.toggleBadge = toggleBadge;
    list.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-view]');
      if (button && list.contains(button)) onSelect(button.dataset.view);
    });
  }

  render(store) {
    const focusedView = this.list.contains(document.activeElement) ? document.activeElement.dataset.view : null;
    const entries = [];
    for (const room of store.rooms.values()) {
      const roomId = roomViewId(room.name);
      const status = STATUS_WORDS[room.status];
      const roomButton = viewButton(roomId, store.activeViewId, 'view-room', [
        element('bdi', { className: 'view-name' }, room.title),
        room.title !== room.name ? element('bdi', { className: 'view-detail' }, room.name) : null,
        status ? element('span', { className: `room-status room-status-${room.status}` }, status) : null,
        unreadBadge(room.unread),
      ]);
      const conversations = [...room.conversations.values()].map((conversation) => {
        const online = room.users.has(conversation.peer);
        return element('li', {}, viewButton(conversationViewId(room.name, conversation.peer), store.activeViewId,
          `view-private${online ? '' : ' view-peer-away'}`, [
            element('span', { className: 'visually-hidden' }, 'Private conversation with '),
            element('bdi', { className: 'view-name' }, conversation.peer),
            online ? null : element('span', { className: 'room-status' }, 'away'),
            unreadBadge(conversation.unread),
          ]));
      });
      entries.push(element('li', { className: 'room-entry' }, roomButton,
        conversations.length ? element('ul', { className: 'conversation-list' }, conversations) : null));
    }
    replaceChildren(this.list, entries);
    if (focusedView) {
      for (const button of this.list.querySelectorAll('button[data-view]')) {
        if (button.dataset.view === focusedView) button.focus();
      }
    }
    const total = store.totalUnread();
    this.toggleBadge.textContent = total ? String(total) : '';
    this.toggleBadge.hidden = !total;
  }
}
