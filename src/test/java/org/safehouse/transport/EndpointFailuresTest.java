package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.EOFException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.core.ChatServer;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.InMemoryBroker;

/**
 * An OutOfMemoryError, or any unexpected exception, in an endpoint callback is logged at ERROR (never swallowed at
 * DEBUG) and closes that connection with 1011; a peer that simply went away stays at DEBUG.
 */
class EndpointFailuresTest {
    private final Logger logger = Logger.getLogger(WebSocketEndpoint.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private java.util.logging.Level previousLevel;
    private SafehouseRuntime runtime;

    @BeforeEach
    void record() throws Exception {
        previousLevel = logger.getLevel();
        logger.setLevel(java.util.logging.Level.ALL);
        logger.addHandler(recorder);
        ChatServer chat = new ChatServer(new ConfigLoader(new Argon2PasswordHasher()).parse("{}", "test", Path.of(".")),
                new InMemoryBroker(), new Argon2PasswordHasher(), Clock.systemUTC());
        runtime = new SafehouseRuntime(chat, new InMemoryBroker(), java.util.concurrent.Executors.newSingleThreadExecutor());
    }

    @AfterEach
    void stop() {
        logger.removeHandler(recorder);
        logger.setLevel(previousLevel);
        runtime.stop();
    }

    /** A session the container would give: records handlers and its close; its sends fail with OOM once told to. */
    static final class FakeSession {
        final Map<Class<?>, MessageHandler> handlers = new HashMap<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        volatile boolean outOfMemory;
        final Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getUserProperties" -> new HashMap<String, Object>();
                    case "getAsyncRemote" -> async();
                    case "addMessageHandler" -> {
                        handlers.put((Class<?>) args[0], (MessageHandler) args[1]);
                        yield null;
                    }
                    case "isOpen" -> !closed.isDone();
                    case "close" -> {
                        closed.complete(args == null ? null : (CloseReason) args[0]);
                        yield null;
                    }
                    case "getId" -> "fake";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });

        private RemoteEndpoint.Async async() {
            return (RemoteEndpoint.Async) Proxy.newProxyInstance(Session.class.getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendText") && args.length == 2) {
                            if (outOfMemory) {
                                throw new OutOfMemoryError("Java heap space");
                            }
                            ((SendHandler) args[1]).onResult(new SendResult());
                        }
                        return null;
                    });
        }

        @SuppressWarnings("unchecked")
        void text(String text) {
            ((MessageHandler.Partial<String>) handlers.get(String.class)).onMessage(text, true);
        }
    }

    List<LogRecord> severe() {
        synchronized (recorder) {
            return records.stream().filter(r -> r.getLevel() == java.util.logging.Level.SEVERE).toList();
        }
    }

    @Test
    void anOutOfMemoryErrorWhileHandlingAMessageIsLoggedAtErrorAndClosesWith1011() throws Exception {
        FakeSession fake = new FakeSession();
        WebSocketEndpoint endpoint = new WebSocketEndpoint(runtime, false);
        endpoint.onOpen(fake.session, null);
        assertTrue(severe().isEmpty());

        fake.outOfMemory = true;
        fake.text("{\"msgType\":\"Ping\",\"token\":\"t\"}"); // the Pong's send runs out of memory

        List<LogRecord> errors = severe();
        assertEquals(1, errors.size(), () -> "one ERROR record: " + records);
        String logged = errors.get(0).getMessage();
        assertTrue(logged.contains("onMessage") && logged.contains("java.lang.OutOfMemoryError: Java heap space"),
                logged);
        assertFalse(logged.contains("msgType"), "never the frame's text");
        assertEquals(1011, fake.closed.get(10, TimeUnit.SECONDS).getCloseCode().getCode());
    }

    @Test
    void anUnexpectedExceptionReportedToOnErrorIsLoggedAtErrorAndAVanishedPeerAtDebug() {
        WebSocketEndpoint endpoint = new WebSocketEndpoint(runtime, false);
        endpoint.onError(null, new EOFException("peer went away"));
        assertTrue(severe().isEmpty(), "a peer going away is ordinary");
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == java.util.logging.Level.FINE));

        endpoint.onError(null, new IllegalStateException("secret message text"));
        endpoint.onError(null, new OutOfMemoryError("Java heap space"));
        List<LogRecord> errors = severe();
        assertEquals(2, errors.size(), records::toString);
        assertTrue(errors.get(0).getMessage().contains("java.lang.IllegalStateException"));
        assertFalse(errors.get(0).getMessage().contains("secret"), "exception messages may quote frames");
        assertTrue(errors.get(1).getMessage().contains("OutOfMemoryError: Java heap space"));
    }

    @Test
    void aFailureWhileOpeningIsLoggedAtErrorAndClosesWith1011() throws Exception {
        FakeSession fake = new FakeSession();
        fake.outOfMemory = true; // the Hello's send fails
        new WebSocketEndpoint(runtime, false).onOpen(fake.session, null);
        assertEquals(1, severe().size(), records::toString);
        assertTrue(severe().get(0).getMessage().contains("onOpen"));
        assertEquals(1011, fake.closed.get(10, TimeUnit.SECONDS).getCloseCode().getCode());
    }
}
