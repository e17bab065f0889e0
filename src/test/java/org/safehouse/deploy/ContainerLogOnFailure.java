package org.safehouse.deploy;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Shows the container's log when a test or the start-up in {@code @BeforeAll} fails: the whole log on standard
 * output (the failsafe report's -output.txt) and its last lines in the failure message itself.
 */
final class ContainerLogOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final int TAIL_LINES = 120;

    private final Supplier<ContainerProcess> container;

    ContainerLogOnFailure(Supplier<ContainerProcess> container) {
        this.container = container;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withLog(context, failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withLog(context, failure);
    }

    private Throwable withLog(ExtensionContext context, Throwable failure) {
        ContainerProcess process = container.get();
        if (process == null) {
            return failure;
        }
        String log = process.log();
        System.out.println("---- container log after the failure of " + context.getDisplayName() + " ----\n" + log);
        String[] lines = log.split("\n");
        StringBuilder tail = new StringBuilder();
        for (int i = Math.max(0, lines.length - TAIL_LINES); i < lines.length; i++) {
            tail.append(lines[i]).append('\n');
        }
        AssertionError withLog = new AssertionError(failure.getMessage() + "\n---- last " + TAIL_LINES
                + " lines of the container log (all of it in the test's output) ----\n" + tail, failure);
        return withLog;
    }
}
