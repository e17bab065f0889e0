package org.safehouse.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.transport.HandshakeAddressFilter;
import org.safehouse.transport.SafehouseRuntime;

/**
 * The library's initializer never registers Safehouse a second time: not in the Safehouse WAR (whose web.xml maps
 * Safehouse's filters and listener itself, here imitated by mapping the filter the way web.xml does), and not when it
 * runs twice in one context (two copies of the jar). Jetty in-process on a free loopback port.
 */
class SafehouseRegisteredOnceTest {
    final Server server = new Server();
    final ServerConnector connector = new ServerConnector(server);
    final ServletContextHandler context = new ServletContextHandler("/");

    SafehouseRegisteredOnceTest() {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        server.setHandler(context);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void inTheSafehouseWarTheLibraryStandsAside() throws Exception {
        FilterHolder asInWebXml = new FilterHolder(HandshakeAddressFilter.class);
        asInWebXml.setName("handshake-address");
        context.addFilter(asInWebXml, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServletContainerInitializer(new SafehouseInitializer());
        server.start();

        assertNull(context.getServletContext().getAttribute(SafehouseInitializer.REGISTERED));
        assertNull(context.getServletContext().getAttribute(SafehouseRuntime.ATTRIBUTE), "no second Safehouse");
        assertEquals(404, status("/safehouse/health"));
    }

    @Test
    void aSecondInitializerInTheSameContextStandsAside() throws Exception {
        EventFeed events = new EventFeed();
        var config = Optional.of(new ConfigLoader(new Argon2PasswordHasher()).defaults());
        context.addServletContainerInitializer(new SafehouseInitializer(config, events));
        context.addServletContainerInitializer(new SafehouseInitializer(config, events));
        server.start();

        assertEquals(true, context.getServletContext().getAttribute(SafehouseInitializer.REGISTERED));
        assertEquals(200, status("/safehouse/health"), "the first one serves; the second did not break the start");
        context.stop(); // stops Safehouse's runtime and the events' thread
    }

    private int status(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + connector.getLocalPort() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
