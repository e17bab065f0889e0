package org.safehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built WAR run as {@code java -jar safehouse.war} in a child process, on loopback. Captures stdout and stderr
 * together, learns the port from the "Safehouse listening on" line, and is stopped by its PID in {@link #close()}
 * (whose output is then kept for {@link #output()}). Every wait has a deadline.
 */
public final class ServerProcess implements AutoCloseable {
    public static final Duration START = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("Safehouse listening on http://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Thread reader;

    private ServerProcess(List<String> arguments) {
        this(List.of(), arguments);
    }

    private ServerProcess(List<String> jvmOptions, List<String> arguments) {
        this(jvmOptions, arguments, "");
    }

    /** @param input what the process reads on standard input (then end of input) */
    private ServerProcess(List<String> jvmOptions, List<String> arguments, String input) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(war().toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("SAFEHOUSE_CONFIG"); // only what the test passes
        if (jvmOptions.stream().anyMatch(option -> option.startsWith("-Djava.io.tmpdir="))) {
            builder.environment().remove("XDG_RUNTIME_DIR"); // else the launcher unpacks there, not in tmpdir
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the process is gone already; its output says why
        }
        reader = new Thread(this::readOutput, "server-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** The WAR under test: the {@code safehouse.war} system property (set by failsafe), else target/safehouse.war. */
    public static Path war() {
        Path war = Path.of(System.getProperty("safehouse.war", "target/safehouse.war"));
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war.toAbsolutePath() + " is missing: run mvn package first");
        }
        return war;
    }

    /** Starts the server on a free loopback port with this config file and waits until it listens. */
    public static ServerProcess start(Path config) {
        return start(config, 0);
    }

    /**
     * Starts the server on this loopback port (0: any free one) with this config file and waits until it listens.
     * A fixed port lets a test restart the server where its clients expect it.
     */
    public static ServerProcess start(Path config, int port) {
        return start(List.of(), config, port);
    }

    /** Starts the server on any free loopback port with these JVM options (e.g. {@code -Xmx384m}) and waits. */
    public static ServerProcess start(Path config, List<String> jvmOptions) {
        return start(jvmOptions, config, 0);
    }

    /** As {@link #start(Path, int)}, with options for the JVM (such as {@code -Djava.io.tmpdir=...}). */
    public static ServerProcess start(List<String> jvmOptions, Path config, int port) {
        ServerProcess server = new ServerProcess(jvmOptions, List.of(
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--config", config.toString()));
        try {
            server.awaitPort();
            return server;
        } catch (RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
    }

    /** Runs the WAR with these arguments until it exits. @return the exit code and everything it printed. */
    public static Exit run(Duration timeout, String... arguments) {
        return run(List.of(), timeout, arguments);
    }

    /** As {@link #run(Duration, String...)}, with options for the JVM. */
    public static Exit run(List<String> jvmOptions, Duration timeout, String... arguments) {
        try (ServerProcess server = new ServerProcess(jvmOptions, List.of(arguments))) {
            int code = server.awaitExit(timeout);
            return new Exit(code, server.output());
        }
    }

    /** As {@link #run(Duration, String...)}, with this text on standard input. */
    public static Exit runWithInput(Duration timeout, String input, String... arguments) {
        try (ServerProcess server = new ServerProcess(List.of(), List.of(arguments), input)) {
            int code = server.awaitExit(timeout);
            return new Exit(code, server.output());
        }
    }

    /** How a short-lived run ended. */
    public record Exit(int code, String output) {
    }

    public int port() {
        return port.getNow(-1);
    }

    public URI webSocket(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Everything the process printed so far (stdout and stderr interleaved). */
    public String output() {
        return output.toString();
    }

    /** Waits until the output matches the pattern. @return the first match, or null after the deadline. */
    public Matcher awaitOutput(Pattern pattern, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (output) {
            while (true) {
                Matcher matcher = pattern.matcher(output);
                if (matcher.find()) {
                    return matcher;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    output.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    private void awaitPort() {
        try {
            port.get(START.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not report its port within " + START + " (alive: "
                    + process.isAlive() + "); output:\n" + output(), e);
        }
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the process did not exit within " + timeout + "; output:\n" + output());
            }
            reader.join(TimeUnit.SECONDS.toMillis(5)); // the rest of its output
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                    output.notifyAll();
                }
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port.complete(Integer.parseInt(listening.group(1)));
                }
            }
        } catch (IOException e) {
            output.append("[reading the output failed: ").append(e).append("]\n");
        } finally {
            port.completeExceptionally(new IllegalStateException("the process ended its output"));
        }
    }

    /**
     * Sends SIGTERM (as systemd and Docker do) and waits up to {@code timeout} for the process to exit.
     *
     * @return its exit status
     * @throws AssertionError when it is still running after {@code timeout}
     */
    public int terminate(Duration timeout) {
        process.toHandle().destroy();
        return awaitExit(timeout);
    }

    /** Stops the process by its PID: politely (SIGTERM, Jetty's stop hook), then forcibly after a deadline. */
    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> children = handle.descendants().toList();
        handle.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
