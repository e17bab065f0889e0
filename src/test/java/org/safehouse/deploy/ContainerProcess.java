package org.safehouse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A container (or {@code java -jar}) started as a child process for a test: output to a log file, readiness by
 * polling HTTP with a deadline, stopped by PID with its whole process tree in {@link #close()}, which is safe to
 * call more than once and after a failed start. {@link #log()} gathers the output and the container's own log files
 * for failure reports.
 */
public final class ContainerProcess implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final String name;
    private final Process process;
    private final Path output;
    private final List<Path> logDirectories;

    private ContainerProcess(String name, Process process, Path output, List<Path> logDirectories) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.logDirectories = logDirectories;
    }

    /**
     * Starts {@code command} in {@code directory} with standard output and error into {@code output}.
     *
     * @param environment    variables to set; a null value removes the variable
     * @param logDirectories where the process writes log files of its own, for {@link #log()}
     */
    public static ContainerProcess start(String name, List<String> command, Path directory,
            Map<String, String> environment, Path output, List<Path> logDirectories) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new ContainerProcess(name, process, output, List.copyOf(logDirectories));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** The {@code java} of the JVM running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Polls {@code uri} until it answers {@code status}, failing early if the process exits and at the deadline.
     *
     * @return the answering response
     */
    public HttpResponse<String> awaitHttp(HttpClient client, URI uri, int status, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with status " + process.exitValue() + " before " + uri
                        + " answered " + status + "; its output ends:\n" + tail(read(output)));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == status) {
                    return response;
                }
                last = "status " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            try {
                process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS); // returns at once if it exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError(name + ": " + uri + " did not answer " + status + " within " + deadline
                + " (last: " + last + ")");
    }

    /**
     * Waits until the process output has a line matching {@code pattern}, failing early if the process exits.
     *
     * @return the match, for its groups
     */
    public Matcher awaitOutput(Pattern pattern, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Matcher match = pattern.matcher(read(output));
            if (match.find()) {
                return match;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with status " + process.exitValue() + " before printing "
                        + pattern + "; its output ends:\n" + tail(read(output)));
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(name + " did not print " + pattern + " within " + deadline
                        + "; its output ends:\n" + tail(read(output)));
            }
            try {
                process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits for the process to end by itself. @return its exit status */
    public int awaitExit(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + deadline);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Everything the process printed so far (standard output and error together). */
    public String output() {
        return read(output);
    }

    /** The process output and every file in the log directories but access logs, for a failure report. */
    public String log() {
        StringBuilder text = new StringBuilder();
        text.append("==== ").append(name).append(" (pid ").append(process.pid()).append(") output ====\n");
        text.append(read(output));
        for (Path directory : logDirectories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(file -> !file.getFileName().toString().contains("access_log")).sorted().toList()) {
                    text.append("==== ").append(file).append(" ====\n").append(read(file));
                }
            } catch (IOException e) {
                text.append("[cannot list ").append(directory).append(": ").append(e).append("]\n");
            }
        }
        return text.toString();
    }

    /** The last lines of {@code text}, enough to show why a process ended. */
    static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 60),
                lines.length));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "[cannot read " + file + ": " + e + "]\n";
        }
    }

    /** Stops the process tree by PID: SIGTERM to every process, then SIGKILL to what is left after a deadline. */
    @Override
    public void close() {
        ProcessHandle root = process.toHandle();
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle handle : tree) {
            try {
                long left = Math.max(1, end - System.nanoTime());
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
    }
}
