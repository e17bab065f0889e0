package org.safehouse.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks the server's JVM, through the JDK's {@code jcmd}, for a full GC and its heap in use afterwards: RSS alone
 * mostly shows how far the heap has grown, not what the connections keep alive. Returns -1 when jcmd is missing or
 * cannot attach (another user, another JDK).
 */
public final class ServerJvm {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private ServerJvm() {
    }

    /** Runs a full GC in the server and returns its heap in use afterwards, in KiB; -1 when not possible. */
    public static long collectAndMeasureHeapKib(String pid) {
        if (pid == null || jcmd(pid, "GC.run") == null) {
            return -1;
        }
        String info = jcmd(pid, "GC.heap_info");
        if (info == null) {
            return -1;
        }
        Matcher matcher = USED.matcher(info);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static String jcmd(String pid, String command) {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jcmd = javaHome.resolve("bin/jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), pid, command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
