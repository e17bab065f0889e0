// Field checks for server frames (protocol.js and moderation-protocol.js describe each frame's shape with them).
// A check takes one field's value and says whether it has the type the protocol documents.

export const isString = (value) => typeof value === 'string';
export const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);
export const isStringArray = (value) => Array.isArray(value) && value.every(isString);
export const isBoolean = (value) => typeof value === 'boolean';
export const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
export const optional = (check) => (value) => value === undefined || value === null || check(value);
export const oneOf = (...allowed) => (value) => allowed.includes(value);

/** Whether every field of `frame` named in `shape` passes its check. */
export const fits = (frame, shape) => Object.entries(shape).every(([field, check]) => check(frame[field]));
