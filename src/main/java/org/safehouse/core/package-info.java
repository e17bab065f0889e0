/**
 * The chat rules, Sans-IO: frames in, frames out. Rooms, members, presence, rate limits, password checks. No
 * jakarta.*, no sockets, no threads of its own: the transport calls {@link org.safehouse.core.ChatServer} and a plain
 * JUnit test can drive it with recording fake connections. Depends on protocol, delivery, crypto and config.
 * Which class owns which state, which thread runs what and which lock guards what: docs/ARCHITECTURE.md.
 */
package org.safehouse.core;
