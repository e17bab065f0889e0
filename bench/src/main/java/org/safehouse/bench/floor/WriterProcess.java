package org.safehouse.bench.floor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.safehouse.bench.Main;

/**
 * The {@link FloorWriter} child process: the same {@code java} (this JVM's {@code java.home}) on the same jar, the
 * hidden {@code floor-writer} command, stderr inherited. Its stdout lines are collected by a daemon thread so that
 * {@link #await} can wait for one with a deadline. {@link #close} stops it by its PID (stdin closed, then SIGTERM,
 * then SIGKILL, each bounded) and waits for it.
 */
final class WriterProcess implements AutoCloseable {
    private static final String END = "\u0000end of output";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread collector;

    private WriterProcess(Process process) {
        this.process = process;
        this.collector = new Thread(this::collect, "bench-floor-writer-output");
        collector.setDaemon(true);
        collector.start();
    }

    static WriterProcess start(List<String> writerArguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(classPath());
        command.add(Main.class.getName());
        command.add("floor-writer");
        command.addAll(writerArguments);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new WriterProcess(process);
    }

    /** The jar (or classes folder) this generator runs from. */
    private static String classPath() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the generator's jar", e);
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits (at most {@code timeoutMillis}) for the line that starts with {@code word} and returns the rest of it
     * (trimmed); other lines are skipped. Throws when the writer reports {@code failed}, ends its output, or is late.
     */
    String await(String word, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new IllegalStateException("the floor writer (pid " + pid() + ") did not say '" + word
                        + "' within " + timeoutMillis / 1000 + " s");
            }
            if (line.equals(END)) {
                lines.add(END);
                throw new IllegalStateException("the floor writer (pid " + pid() + ") ended before saying '" + word
                        + "'");
            }
            if (line.startsWith("failed")) {
                throw new IllegalStateException("the floor writer (pid " + pid() + ") " + line);
            }
            if (line.equals(word) || line.startsWith(word + " ")) {
                return line.substring(word.length()).trim();
            }
        }
    }

    private void collect() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process is gone or its pipe closed: the end of its output either way.
        }
        lines.add(END);
    }

    /** Stops the writer: stdin closed (it exits by itself), else SIGTERM after 5 s, else SIGKILL after 10 more. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed: the process is gone.
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    System.err.println("the floor writer (pid " + pid() + ") ignored SIGTERM: killing it");
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            collector.join(5000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
