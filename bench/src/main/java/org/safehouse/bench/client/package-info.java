/**
 * The WebSocket client side of the generator: Netty connections to the server's {@code /chat} endpoint, a byte
 * scanner for the few server frames the scenarios look at, and the encoder of the client frames they send.
 * Everything here follows docs/PROTOCOL.md only; nothing is shared with the server's code.
 *
 * <p>Threading: each connection lives on one event-loop thread of {@link org.safehouse.bench.client.ClientPool}; its
 * handler, its counters and the listener calls it makes all run on that thread. Other threads reach a connection only
 * through {@code channel.eventLoop().execute(...)} or the volatile fields documented as such.
 */
package org.safehouse.bench.client;
