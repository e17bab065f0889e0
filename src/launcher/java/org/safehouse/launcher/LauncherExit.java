package org.safehouse.launcher;

/**
 * Ends {@code java -jar} with a message for the person running it and an exit status, without a stack trace:
 * {@link EmbeddedJetty#run} prints {@code safehouse: <message>} on standard error and exits with {@link #status()}.
 */
final class LauncherExit extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    LauncherExit(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
