// Everything this client takes from or puts into the page address. Only a room name ever goes into the URL
// (#room=name); a password never does.

/** The /chat endpoint next to the page, keeping the WAR's context path (e.g. /safehouse/). */
export function chatEndpoint(location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const path = location.pathname;
  const directory = path.slice(0, path.lastIndexOf('/') + 1) || '/';
  return `${scheme}//${location.host}${directory}chat`;
}

/** The room named by #room=..., or ''. */
export function roomFromHash(hash) {
  const parameters = new URLSearchParams(hash.replace(/^#/, ''));
  return (parameters.get('room') || '').trim();
}

/** Shows the room being read in the address bar (so the link can be shared) without a new history entry. */
export function showRoomInAddress(history, location, room) {
  const hash = room ? `#${new URLSearchParams({ room }).toString()}` : '';
  const url = `${location.pathname}${location.search}${hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
}
