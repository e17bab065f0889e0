package org.safehouse.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The {@code java -jar} servers a test class starts: when a test fails, each one's output (the last
 * {@code tailChars} characters of it) goes to standard output, the failsafe report's -output.txt; all are stopped
 * after the class ({@link #forTheClass}, a static field) or after each test ({@link #forEachTest}, an instance
 * field). Register it with {@code @RegisterExtension} and hand it each server as it starts.
 */
public final class ServerProcesses implements TestWatcher, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private final boolean stopAfterEachTest;
    private final int tailChars;
    private final List<String> names = new ArrayList<>();
    private final List<ServerProcess> servers = new ArrayList<>();

    private ServerProcesses(boolean stopAfterEachTest, int tailChars) {
        this.stopAfterEachTest = stopAfterEachTest;
        this.tailChars = tailChars;
    }

    /** Servers started in {@code @BeforeAll}, stopped after the last test; whole outputs printed. */
    public static ServerProcesses forTheClass() {
        return new ServerProcesses(false, Integer.MAX_VALUE);
    }

    /** As {@link #forTheClass()}, printing only the last {@code tailChars} characters of each output. */
    public static ServerProcesses forTheClass(int tailChars) {
        return new ServerProcesses(false, tailChars);
    }

    /** Servers started by each test, stopped after it; whole outputs printed (a restarted one's too). */
    public static ServerProcesses forEachTest() {
        return new ServerProcesses(true, Integer.MAX_VALUE);
    }

    /** Keeps this server, named {@code name} in what is printed, until it is stopped here; @return the server. */
    public synchronized ServerProcess keep(String name, ServerProcess server) {
        names.add(name);
        servers.add(server);
        return server;
    }

    @Override
    public synchronized void testFailed(ExtensionContext context, Throwable cause) {
        for (int i = 0; i < servers.size(); i++) {
            String output = servers.get(i).output();
            System.out.println("---- " + names.get(i) + " output (" + context.getDisplayName() + ") ----\n"
                    + output.substring(Math.max(0, output.length() - tailChars)));
        }
    }

    /** A test's servers are forgotten only when the next one starts: JUnit reports a failure after afterEach. */
    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (stopAfterEachTest) {
            servers.clear();
            names.clear();
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (stopAfterEachTest) {
            servers.forEach(ServerProcess::close);
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        servers.forEach(ServerProcess::close);
    }
}
