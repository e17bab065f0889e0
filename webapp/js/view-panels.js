// On narrow screens the room list and the people list are panels that slide over the chat; these buttons open
// and close them (Escape closes too). On wide screens the buttons are hidden by CSS and the panels always shown.

export class Panels {
  constructor(doc) {
    this.body = doc.body;
    this.toggles = [...doc.querySelectorAll('.panel-toggle')];
    for (const toggle of this.toggles) {
      toggle.addEventListener('click', () => this.toggle(toggle));
    }
  }

  toggle(button) {
    const opening = button.getAttribute('aria-expanded') !== 'true';
    this.closeAll();
    if (!opening) return;
    button.setAttribute('aria-expanded', 'true');
    const panel = this.body.ownerDocument.getElementById(button.getAttribute('aria-controls'));
    this.body.classList.add(`open-${panel.id}`);
    panel.querySelector('button, [tabindex]')?.focus();
  }

  closeAll() {
    const doc = this.body.ownerDocument;
    for (const toggle of this.toggles) {
      const id = toggle.getAttribute('aria-controls');
      const wasOpen = this.body.classList.contains(`open-${id}`);
      toggle.setAttribute('aria-expanded', 'false');
      this.body.classList.remove(`open-${id}`);
      // Focus inside a panel that just disappeared would be lost; give it back to the panel's button.
      if (wasOpen && doc.getElementById(id).contains(doc.activeElement)) toggle.focus();
    }
  }

  setHasRooms(hasRooms) {
    this.body.classList.toggle('has-rooms', hasRooms);
  }
}
