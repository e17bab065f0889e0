// The side list of people online in the room being viewed. Choosing someone opens the private conversation
// with them; your own name is shown but is not a button. A person whose encryption key changed, or who has no keys,
// is marked so (labelOf). Owners and moderators wear their role; someone this person's role may act on has a button
// for the member actions (onModerate).

import { element, replaceChildren, setText } from './dom.js';
import { mayActOn } from './moderation-state.js';

const roleBadge = (role) => (role === 'member' ? null : element('span', { className: 'user-role' }, role));

export class UserList {
  constructor({ list, count, onChoose, onModerate, labelOf }) {
    this.list = list;
    this.labelOf = labelOf;
    this.count = count;
    this.drawn = null; // what the list shows now, to skip redrawing when nothing changed
    list.addEventListener('click', (event) => {
      const actions = event.target.closest('button[data-member]');
      if (actions && list.contains(actions)) onModerate(actions.dataset.member);
      const button = event.target.closest('button[data-peer]');
      if (button && list.contains(button)) onChoose(button.dataset.peer);
    });
  }

  /** `room` may be null (no room shown). */
  render(room) {
    const unread = room ? [...room.conversations.values()].map((c) => c.unread).join(',') : '';
    const drawn = room
      ? [room, room.usersVersion, room.trustVersion, room.nick, unread, room.moderation.version, room.status] : [null];
    if (this.drawn && drawn.every((value, index) => value === this.drawn[index])) return;
    this.drawn = drawn;
    if (!room) {
      replaceChildren(this.list);
      setText(this.count, '');
      return;
    }
    const focusedPeer = this.list.contains(document.activeElement) ? document.activeElement.dataset.peer : null;
    const rules = room.moderation;
    const myRole = room.status === 'joined' ? rules.role : 'member';
    const items = room.sortedUsers().map((name) => {
      if (name === room.nick) {
        return element('li', { className: 'user user-self' }, element('bdi', {}, name), ' (you)', roleBadge(rules.role));
      }
      const unread = room.conversation(name)?.unread || 0;
      const label = this.labelOf(room, name);
      const labelClass = label === 'key changed' ? 'user-label user-label-warning' : 'user-label';
      return element('li', { className: 'user' },
        element('button', { type: 'button', className: 'user-button', 'data-peer': name },
          element('span', { className: 'visually-hidden' }, 'Talk privately with '),
          element('bdi', {}, name),
          label ? element('span', { className: labelClass }, label) : null,
          roleBadge(rules.roleOf(name)),
          unread ? element('span', { className: 'badge' },
            element('span', { className: 'visually-hidden' }, ', unread: '), String(unread)) : null),
        mayActOn(myRole, rules.roleOf(name), false)
          ? element('button', { type: 'button', className: 'member-menu-button', 'data-member': name,
            'aria-label': `Moderate ${name}`, title: `Moderate ${name}` }, '⋯')
          : null);
    });
    replaceChildren(this.list, items);
    setText(this.count, `(${room.users.size})`);
    if (focusedPeer) {
      for (const button of this.list.querySelectorAll('button[data-peer]')) {
        if (button.dataset.peer === focusedPeer) button.focus();
      }
    }
  }
}
