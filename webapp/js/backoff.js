// Reconnect delays: exponential with "equal jitter" (half fixed, half random), so a server restart is not met by
// every browser at the same instant, and a long outage settles at one try every 15 to 30 seconds.

export const BACKOFF_DEFAULTS = Object.freeze({ baseMs: 500, maxMs: 30000 });

/** Delay before reconnect attempt number `attempt` (0 for the first retry after a drop). */
export function backoffDelay(attempt, { baseMs, maxMs, random } = {}) {
  const base = baseMs ?? BACKOFF_DEFAULTS.baseMs;
  const max = maxMs ?? BACKOFF_DEFAULTS.maxMs;
  const draw = random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(attempt, 0), 20));
  return Math.round(ceiling / 2 + draw() * (ceiling / 2));
}
