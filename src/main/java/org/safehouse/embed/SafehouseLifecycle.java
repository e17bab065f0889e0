package org.safehouse.embed;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.safehouse.app.SafehouseBootstrap;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.config.SecuritySelfCheck;
import org.safehouse.transport.SafehouseRuntime;
import org.safehouse.transport.WebSocketDeployment;

/**
 * Starts the library's Safehouse with the application's context and stops it with it. A listener rather than the
 * initializer itself, because the container's WebSocket {@code ServerContainer} is certain to exist only once every
 * initializer ran. Events go to {@code events} from the first connection on; it closes after the runtime stopped.
 */
final class SafehouseLifecycle implements ServletContextListener {
    private final SafehouseConfig config;
    private final String path;
    private final EventFeed events;

    SafehouseLifecycle(SafehouseConfig config, String path, EventFeed events) {
        this.config = config;
        this.path = path;
        this.events = events;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        SecuritySelfCheck.enforceDeployed(config); // example room password, wildcard origins
        SafehouseRuntime runtime = SafehouseBootstrap.deploy(config, WebSocketDeployment.of(context), path);
        runtime.observe(events);
        context.setAttribute(SafehouseRuntime.ATTRIBUTE, runtime);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Object runtime = event.getServletContext().getAttribute(SafehouseRuntime.ATTRIBUTE);
        if (runtime instanceof SafehouseRuntime safehouse) {
            safehouse.stop();
        }
        events.close();
    }
}
