package org.safehouse.launcher;

import sun.misc.Signal;

/**
 * SIGTERM is how systemd, Docker and Kubernetes ask a server to stop. The JVM's own handler runs the shutdown hooks
 * and then exits with 143, which supervisors report as a failure; a stop that was asked for and went well should
 * exit with 0. So SIGTERM becomes {@code System.exit(0)}: the same hooks (Jetty's graceful stop, then the removal of
 * the unpacked WAR), a clean status. SIGINT (Ctrl-C) keeps the JVM's handler.
 */
final class TerminationSignal {
    private TerminationSignal() {
    }

    static void exitNormallyOnTerm() {
        try {
            Signal.handle(new Signal("TERM"), signal -> System.exit(0));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGTERM on this platform, or the JVM was started with -Xrs: the default behaviour stays
        }
    }
}
