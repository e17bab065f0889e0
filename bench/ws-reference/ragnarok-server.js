#!/usr/bin/env node
'use strict';
// The bench's reference server: Ragnarok's chat protocol on Node `ws`, as little as a server can do.
// Safehouse's CPU per delivery is compared with this process's, in the same run (bench/run.sh --peer ws).
//
// Rules (the same as the reference the issue names; this file is our own):
//   - the first text frame is the room password (wrong: close 1000; --password '' accepts any), the second the
//     nickname (taken: close 1000); any path is accepted, so /ragnarok works as on Safehouse;
//   - a joiner gets {"ServerName":...}; everyone gets {"msgType":"OnlineUsers","Users":[...]} coalesced: at most one
//     list per --coalesce-ms, the newest, and a socket with more than 256 KiB unsent is skipped until it drains
//     (Ragnarok's own rule, a full list to everyone on every join, costs N^3 bytes and is not what is measured);
//   - {"msgType":"Broadcast",...} gets SrcUser and goes to every member, the sender included;
//   - {"msgType":"PrivateMessage","TgtUser":...} gets SrcUser, loses TgtUser and goes to the target only;
//   - each outgoing message is serialised once and the same Buffer is handed to every recipient;
//   - no rate limits, no history, no size checks beyond ws's 1 MiB frame; frames that are not JSON objects are
//     ignored. The one guard: a socket with more than --max-buffered-mb unsent is terminated, so a stuck client
//     cannot take the machine's memory (counted as slowKilled in the stats line).
//
//   node ragnarok-server.js [--port 18766] [--host 127.0.0.1] [--password ''] [--name 'Safehouse bench']
//                           [--coalesce-ms 20] [--max-buffered-mb 64]
// Prints "ragnarok-server listening on HOST:PORT pid=PID" when ready; on SIGTERM/SIGINT a JSON stats line on
// stderr, then exits.

const { WebSocketServer } = require('ws');

function option(name, fallback) {
  const at = process.argv.indexOf('--' + name);
  if (at < 0 || at + 1 >= process.argv.length) return fallback;
  const value = process.argv[at + 1];
  return typeof fallback === 'number' ? Number(value) : value;
}

const port = option('port', 18766);
const host = option('host', '127.0.0.1');
const password = option('password', '');
const serverName = option('name', 'Safehouse bench');
const coalesceMs = option('coalesce-ms', 20);
const maxBuffered = option('max-buffered-mb', 64) * 1024 * 1024;
const drainedBelow = 256 * 1024;

const AS_TEXT = { binary: false };
const greeting = Buffer.from(JSON.stringify({ ServerName: serverName }));
const members = new Map(); // socket -> nickname, in joining order
const sockets = new Map(); // nickname -> socket
const counts = { joined: 0, left: 0, refused: 0, ignored: 0, broadcasts: 0, privates: 0, framesOut: 0, slowKilled: 0 };

function deliver(socket, frame) {
  if (socket.readyState !== 1) return;
  if (socket.bufferedAmount > maxBuffered) {
    counts.slowKilled++;
    socket.terminate();
    return;
  }
  socket.send(frame, AS_TEXT);
  counts.framesOut++;
}

// ---- the member list, coalesced: a version number, the frame of the newest version, and who has seen which.
let listVersion = 0;
let listFrame = null;
let listFrameVersion = -1;
let listTimer = null;
let lastListAt = 0;
const seenVersion = new WeakMap(); // socket -> version of the last list it was sent

function currentList() {
  if (listFrameVersion !== listVersion) {
    listFrame = Buffer.from(JSON.stringify({ msgType: 'OnlineUsers', Users: Array.from(members.values()) }));
    listFrameVersion = listVersion;
  }
  return listFrame;
}

function sendLists() {
  listTimer = null;
  lastListAt = Date.now();
  const frame = currentList();
  let skipped = false;
  for (const socket of members.keys()) {
    if (socket.bufferedAmount > drainedBelow) {
      skipped = true;
      continue;
    }
    if (seenVersion.get(socket) !== listVersion) {
      seenVersion.set(socket, listVersion);
      deliver(socket, frame);
    }
  }
  if (skipped) scheduleLists(Math.max(coalesceMs, 10));
}

function scheduleLists(delay) {
  if (listTimer !== null) return;
  const wait = delay !== undefined ? delay : Math.max(0, coalesceMs - (Date.now() - lastListAt));
  listTimer = setTimeout(sendLists, wait);
}

function membersChanged() {
  listVersion++;
  if (members.size > 0) scheduleLists();
}

// ---- chat
function onChat(socket, nickname, data) {
  let message;
  try {
    message = JSON.parse(data);
  } catch (e) {
    counts.ignored++;
    return;
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    counts.ignored++;
    return;
  }
  if (message.msgType === 'Broadcast') {
    counts.broadcasts++;
    message.SrcUser = nickname;
    const frame = Buffer.from(JSON.stringify(message));
    for (const member of members.keys()) deliver(member, frame);
  } else if (message.msgType === 'PrivateMessage') {
    counts.privates++;
    const target = sockets.get(message.TgtUser);
    if (target === undefined) return;
    message.SrcUser = nickname;
    delete message.TgtUser;
    deliver(target, Buffer.from(JSON.stringify(message)));
  } else {
    counts.ignored++;
  }
}

const WANT_PASSWORD = 0;
const WANT_NICKNAME = 1;
const JOINED = 2;
const REFUSED = 3;

const server = new WebSocketServer({
  host, port, backlog: 1024, perMessageDeflate: false, clientTracking: false, maxPayload: 1 << 20,
});
server.on('connection', (socket) => {
  let state = WANT_PASSWORD;
  let nickname = null;
  socket.on('error', () => {});
  socket.on('message', (data) => {
    if (state === JOINED) {
      onChat(socket, nickname, data);
      return;
    }
    if (state === REFUSED) return;
    const text = data.toString();
    if (state === WANT_PASSWORD) {
      if (password === '' || text === password) {
        state = WANT_NICKNAME;
      } else {
        state = REFUSED;
        counts.refused++;
        socket.close(1000);
      }
      return;
    }
    if (sockets.has(text)) {
      state = REFUSED;
      counts.refused++;
      socket.close(1000);
      return;
    }
    state = JOINED;
    nickname = text;
    members.set(socket, nickname);
    sockets.set(nickname, socket);
    counts.joined++;
    deliver(socket, greeting);
    membersChanged();
  });
  socket.on('close', () => {
    if (state !== JOINED) return;
    state = REFUSED;
    members.delete(socket);
    if (sockets.get(nickname) === socket) sockets.delete(nickname);
    counts.left++;
    membersChanged();
  });
});
server.on('listening', () => console.log(`ragnarok-server listening on ${host}:${port} pid=${process.pid}`));
server.on('error', (e) => {
  console.error('ragnarok-server: ' + e.message);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(JSON.stringify({ members: members.size, ...counts }));
    process.exit(0);
  });
}
