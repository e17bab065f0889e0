package org.safehouse.launcher;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Entry point of {@code java -jar safehouse.war}. Uses the JDK only: it unpacks the WAR into a fresh owner-only
 * directory ({@link UnpackDirectory}), builds a class loader over WEB-INF/jetty, WEB-INF/lib and WEB-INF/classes, and
 * hands over to {@link EmbeddedJetty}, which that loader can link against Jetty.
 *
 * <p>Exit: SIGTERM stops the server gracefully (Jetty's stop hook: clients are closed with 1001, history is stored)
 * and the process exits with 0; then a shutdown hook removes the unpacked directory. Every failure is one line on
 * standard error, {@code safehouse: ...}, with the exit status of {@link LauncherOptions#USAGE}.
 */
public final class Main {
    /** How long the clean-up hook waits for the server to finish stopping before it removes the files anyway. */
    private static final long STOP_WAIT_SECONDS = 30;

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", LauncherLogManager.class.getName());
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL:%4$s :%3$s: %5$s%6$s%n");
        }
        Path war;
        Path webapp;
        try {
            war = locateWar();
            Path parent = UnpackDirectory.parent();
            UnpackDirectory.removeStale(parent);
            webapp = UnpackDirectory.create(parent);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            exit(1, "cannot unpack the WAR: " + e.getMessage());
            return;
        }
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> removeWhenFinished(webapp, finished),
                "safehouse-remove-unpacked"));
        int status;
        try {
            UnpackDirectory.extract(war, webapp);
            keepSqliteLibraryInside(webapp);
            TerminationSignal.exitNormallyOnTerm();
            status = start(args, webapp);
        } catch (IOException e) {
            System.err.println("safehouse: cannot unpack the WAR into " + webapp + ": " + e.getMessage());
            status = 1;
        } catch (Exception | LinkageError e) {
            System.err.println("safehouse: cannot start: " + describe(e));
            status = 1;
        } finally {
            finished.countDown();
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs {@link EmbeddedJetty#run} in a class loader over the unpacked WAR; returns its exit status. */
    private static int start(String[] args, Path webapp) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(webapp.toUri().toURL()); // the launcher classes themselves, at the root
        urls.add(webapp.resolve("WEB-INF/classes").toUri().toURL());
        addJars(urls, webapp.resolve("WEB-INF/lib"));
        addJars(urls, webapp.resolve("WEB-INF/jetty"));
        ClassLoader loader = new URLClassLoader("safehouse-launcher", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> embedded = Class.forName("org.safehouse.launcher.EmbeddedJetty", true, loader);
        Method run = embedded.getMethod("run", String[].class, Path.class);
        try {
            return (Integer) run.invoke(null, args, webapp);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The shutdown hook: after the server stopped (or a deadline), the unpacked files go. */
    private static void removeWhenFinished(Path webapp, CountDownLatch finished) {
        try {
            finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        UnpackDirectory.delete(webapp);
    }

    /**
     * sqlite-jdbc copies its native library to {@code java.io.tmpdir}, a directory every local user shares; ours is
     * private and removed on exit. A {@code -Dorg.sqlite.tmpdir} given on the command line wins.
     */
    private static void keepSqliteLibraryInside(Path webapp) throws IOException {
        if (System.getProperty("org.sqlite.tmpdir") == null) {
            Path nativeLibraries = Files.createDirectories(webapp.resolve("WEB-INF/native"));
            System.setProperty("org.sqlite.tmpdir", nativeLibraries.toString());
        }
    }

    private static Path locateWar() throws URISyntaxException {
        Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            throw new IllegalStateException("run me from the WAR: java -jar target/safehouse.war");
        }
        return location;
    }

    private static void addJars(List<URL> urls, Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> jars = Files.list(directory)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
    }

    private static void exit(int status, String message) {
        System.err.println("safehouse: " + message);
        System.exit(status);
    }

    /** The message of each cause, outermost first, on one line. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 2000; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(": ");
            }
            text.append(t.getMessage() != null ? t.getMessage().replace('\n', ' ') : t.getClass().getSimpleName());
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }
}
