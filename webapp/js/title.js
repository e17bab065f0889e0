// The tab title: the view being read, and while the tab is hidden the number of messages that arrived meanwhile.

export class TabTitle {
  constructor(doc, baseTitle) {
    this.doc = doc;
    this.baseTitle = baseTitle;
    this.context = '';
    this.unseen = 0;
    doc.addEventListener('visibilitychange', () => {
      if (!doc.hidden) {
        this.unseen = 0;
        this.render();
      }
    });
  }

  /** What is being read, e.g. a room title; '' for none. */
  setContext(context) {
    this.context = context;
    this.render();
  }

  /** Counts one message from someone else; counts only while the tab is hidden. */
  messageArrived() {
    if (!this.doc.hidden) return;
    this.unseen += 1;
    this.render();
  }

  render() {
    const name = this.context ? `${this.context} · ${this.baseTitle}` : this.baseTitle;
    this.doc.title = this.unseen ? `(${this.unseen}) ${name}` : name;
  }
}
