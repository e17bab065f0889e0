package org.safehouse.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Ends a session at once, without flushing what is queued for it: for a client that stopped reading, a polite close
 * waits behind megabytes it will never read (until the send timeout, about 30 s). The Jakarta API has no such call, so
 * this uses what each container offers, found by reflection (the WAR depends on no container):
 * <ul>
 *   <li><b>Jetty 12</b> ({@code JakartaWebSocketSession.abort()}): closes the connection without a close frame; the
 *       endpoint's {@code onClose} follows with 1006.</li>
 *   <li><b>Tomcat 10.1+</b> ({@code WsSession.doClose(message, local, true)}): tries the close frame within the
 *       session's blocking-send timeout (we set 250 ms), then closes the socket without waiting for the reply.</li>
 *   <li>Anything else (Tyrus in tests): a plain {@code Session.close}.</li>
 * </ul>
 */
final class SessionAbort {
    private static final System.Logger LOG = System.getLogger(SessionAbort.class.getName());

    private SessionAbort() {
    }

    static void abort(Session session, CloseReason reason) {
        try {
            Method jettyAbort = publicMethod(session, "abort");
            if (jettyAbort != null) {
                jettyAbort.invoke(session);
                return;
            }
            Method tomcatClose = publicMethod(session, "doClose", CloseReason.class, CloseReason.class,
                    boolean.class);
            if (tomcatClose != null) {
                tomcatClose.invoke(session, reason, reason, true);
                return;
            }
        } catch (InvocationTargetException e) {
            LOG.log(Level.DEBUG, "abort failed: " + e.getCause().getClass().getName());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.DEBUG, "abort unavailable: " + e.getClass().getName());
        }
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "close failed: " + e.getClass().getName());
        }
    }

    private static Method publicMethod(Session session, String name, Class<?>... parameters) {
        try {
            return session.getClass().getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
