package org.safehouse.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeoutException;

/**
 * How the endpoint reports what went wrong. A peer that vanished, timed out or broke the WebSocket protocol is
 * ordinary (DEBUG). Anything else, an {@link Error} such as {@link OutOfMemoryError} above all, or an exception of our
 * own code, is a bug or an emergency and is logged at ERROR with its stack, never swallowed.
 *
 * <p>Never log message text: exception messages may quote frames, so only class names and stack frames are written,
 * plus the message of a {@link VirtualMachineError} ("Java heap space"), which never carries client content.
 */
final class EndpointFailures {
    private static final System.Logger LOG = System.getLogger(WebSocketEndpoint.class.getName());
    private static final int MAX_FRAMES = 25;

    private EndpointFailures() {
    }

    /** Reports a failure of {@code where} (onOpen, onMessage, onClose, onError) at the level it deserves. */
    static void report(String where, Throwable failure) {
        if (isPeerProblem(failure)) {
            LOG.log(Level.DEBUG, "WebSocket " + where + ": " + failure.getClass().getName());
        } else {
            LOG.log(Level.ERROR, "unexpected failure in WebSocket " + where + ": " + describe(failure));
        }
    }

    /** Whether this is the peer's doing or the network's: I/O, timeouts, and the container's own exception types. */
    static boolean isPeerProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Error) {
                return false;
            }
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        // The container's own exception types (Jetty's protocol errors for a bad frame, a message too large, a close,
        // are runtime exceptions) describe what the peer did; a JDK exception (NullPointerException, ...) or one of
        // ours is a bug wherever it was thrown.
        String name = failure.getClass().getName();
        return !name.startsWith("java.") && !name.startsWith("javax.") && !name.startsWith("jakarta.")
                && !name.startsWith("org.safehouse.");
    }

    /** Class names and stack frames of the failure and its causes; no message except a VM error's. */
    static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        int causes = 0;
        for (Throwable t = failure; t != null && causes < 5; t = t.getCause(), causes++) {
            if (causes > 0) {
                out.append("\nCaused by: ");
            }
            out.append(t.getClass().getName());
            if (t instanceof VirtualMachineError && t.getMessage() != null) {
                out.append(": ").append(t.getMessage());
            }
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                out.append("\n\tat ").append(frames[i]);
            }
            if (frames.length > MAX_FRAMES) {
                out.append("\n\t... ").append(frames.length - MAX_FRAMES).append(" more");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return out.toString();
    }
}
