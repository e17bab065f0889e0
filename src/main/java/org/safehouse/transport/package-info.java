/**
 * The only code that imports jakarta.websocket and jakarta.servlet: a thin adapter from container callbacks to
 * {@link org.safehouse.core.ChatServer} calls, and from the delivery port ({@link org.safehouse.delivery.FrameSink})
 * to {@code Session.getAsyncRemote()}. Holds no chat rules.
 */
package org.safehouse.transport;
