/**
 * Safehouse as a library, the two ways an application embeds it: {@link org.safehouse.embed.SafehouseInitializer}, a
 * {@code ServletContainerInitializer} that the {@code lib} jar declares, adds the chat to an existing Jakarta web
 * application under a path of its own; {@link org.safehouse.embed.Safehouse#builder()} runs it in-process on an
 * embedded Jetty 12 and reports joins, leaves and messages ({@link org.safehouse.embed.SafehouseEvent}). An entry point
 * like {@code app}'s bootstrap: may depend on app, transport, core and config; the Servlet and WebSocket APIs, and
 * Jetty only in {@link org.safehouse.embed.EmbeddedServer}. Nothing depends on it.
 */
package org.safehouse.embed;
