// The one way this client builds DOM nodes. Text always becomes a Text node, never markup, so a string from the
// network cannot turn into HTML. Attributes that could run code or load something (on*, href, src, style) are
// refused here on purpose: the few anchors we make are built in linkify.js after checking the URL.

const FORBIDDEN_ATTRIBUTE = /^(on|href$|src$|srcset$|style$|formaction$|action$)/i;

/**
 * Creates an element. `attributes` maps names to values (false/null/undefined skip it, true sets it empty);
 * `className` sets the class. Children are nodes or strings; strings become Text nodes.
 */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'className') {
      node.className = value;
      continue;
    }
    if (FORBIDDEN_ATTRIBUTE.test(name)) throw new Error(`element(): attribute ${name} is not allowed`);
    node.setAttribute(name, value === true ? '' : String(value));
  }
  appendChildren(node, children);
  return node;
}

export function appendChildren(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** Replaces every child of `node` with `children` (strings as Text nodes). */
export function replaceChildren(node, ...children) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return appendChildren(node, children);
}

export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return node;
}

/** Sets the text of a node that holds nothing but text. */
export function setText(node, text) {
  node.textContent = text;
}
