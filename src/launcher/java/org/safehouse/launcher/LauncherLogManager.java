package org.safehouse.launcher;

import java.util.logging.LogManager;

/**
 * java.util.logging's manager under {@code java -jar}, named by {@link Main} before anything logs. The JDK's own
 * manager removes every handler from a shutdown hook of its own, which runs alongside Jetty's: what Jetty and
 * Safehouse log while stopping (on SIGTERM) would be lost. This one ignores that reset; handlers flush each line.
 */
public final class LauncherLogManager extends LogManager {
    private static final String JDK_CLEANER = "java.util.logging.LogManager$Cleaner";

    @Override
    public void reset() {
        if (Thread.currentThread().getClass().getName().equals(JDK_CLEANER)) {
            return;
        }
        super.reset();
    }
}
