/**
 * The only code that imports jakarta.websocket and jakarta.servlet: a thin adapter from container callbacks to
 * {@link org.safehouse.core.ChatServer} calls, and from the delivery port ({@link org.safehouse.delivery.FrameSink})
 * to {@code Session.getAsyncRemote()}, or on Jetty to its core session ({@link org.safehouse.transport.JettyCoreWrites},
 * the one class here that knows Jetty). Holds no chat rules.
 */
package org.safehouse.transport;
