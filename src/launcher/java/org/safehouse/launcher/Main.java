package org.safehouse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Entry point of {@code java -jar safehouse.war}. Uses the JDK only: it unpacks the WAR once into a cache directory
 * (reused while the WAR is unchanged), builds a class loader over WEB-INF/jetty, WEB-INF/lib and WEB-INF/classes, and
 * hands over to {@link EmbeddedJetty}, which that loader can link against Jetty.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", LauncherLogManager.class.getName());
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL:%4$s :%3$s: %5$s%6$s%n");
        }
        Path war = locateWar();
        Path webapp = unpack(war);
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
            run.invoke(null, args, webapp);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Path locateWar() throws URISyntaxException {
        Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            throw new IllegalStateException("run me from the WAR: java -jar target/safehouse.war");
        }
        return location;
    }

    /** Unpacks into java.io.tmpdir/safehouse-&lt;user&gt;-&lt;stamp&gt;, owner-only, unless already there. */
    private static Path unpack(Path war) throws IOException {
        String stamp = Long.toHexString(Files.size(war)) + "-" + Long.toHexString(Files.getLastModifiedTime(war)
                .toMillis()) + "-" + Integer.toHexString(war.toAbsolutePath().toString().hashCode());
        Path target = Path.of(System.getProperty("java.io.tmpdir"),
                "safehouse-" + System.getProperty("user.name", "user") + "-" + stamp);
        Path complete = target.resolve(".complete");
        if (Files.exists(complete)) {
            return target;
        }
        Path staging = Files.createTempDirectory(target.getParent(), "safehouse-unpacking-");
        try (JarFile jar = new JarFile(war.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                Path out = staging.resolve(entry.getName()).normalize();
                if (!out.startsWith(staging)) {
                    throw new IOException("refusing a WAR entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        Files.createFile(staging.resolve(".complete"));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.exists(complete)) {
                throw e; // not a concurrent start that won the race
            }
        }
        return target;
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
}
