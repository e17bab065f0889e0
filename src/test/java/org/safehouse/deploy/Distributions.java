package org.safehouse.deploy;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.io.File;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Where failsafe unpacked the container distributions (pom.xml, unpack-distributions), and file copying. */
public final class Distributions {
    private Distributions() {
    }

    /** The directory named by a system property, which must exist. */
    static Path required(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isDirectory(Path.of(value))) {
            throw new IllegalStateException("system property " + property + " (" + value + ") names no directory: "
                    + "run through `mvn verify`, whose pre-integration-test phase unpacks the distributions");
        }
        return Path.of(value);
    }

    /** The freshly built WAR: the {@code safehouse.war} system property (set by failsafe). */
    public static Path war() {
        Path war = Path.of(System.getProperty("safehouse.war", "target/safehouse.war"));
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war.toAbsolutePath() + " is missing: run `mvn verify`");
        }
        return war;
    }

    /** Copies a directory tree, leaving out the top-level entries named in {@code skip}. */
    static void copyTree(Path from, Path to, Set<String> skip) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path relative = from.relativize(dir);
                if (relative.getNameCount() == 1 && skip.contains(relative.toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(relative.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** {@code text} with {@code target} replaced, failing when it is not there (a distribution changed shape). */
    static String replaceRequired(String text, String target, String replacement, String what) {
        if (!text.contains(target)) {
            throw new IllegalStateException(what + " no longer contains " + target);
        }
        return text.replace(target, replacement);
    }

    /**
     * Tomcat's conf/server.xml with its shutdown port and its HTTP connector moved to these ports on loopback (and a
     * random shutdown word).
     */
    static String tomcatOnLoopback(String serverXml, int shutdownPort, int httpPort) {
        String what = "Tomcat's conf/server.xml";
        String moved = replaceRequired(serverXml, "<Server port=\"8005\" shutdown=\"SHUTDOWN\">",
                "<Server port=\"" + shutdownPort + "\" address=\"127.0.0.1\" shutdown=\"" + UUID.randomUUID()
                        + "\">", what);
        return replaceRequired(moved, "<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                "<Connector port=\"" + httpPort + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"", what);
    }

    /** What bin/catalina.sh run does, without the shell: the same class path, properties and --add-opens. */
    static List<String> tomcatCommand(Path home, Path base) {
        return List.of(ContainerProcess.java(),
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base,
                "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
                "-classpath", home.resolve("bin/bootstrap.jar") + File.pathSeparator + home.resolve("bin/tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap", "start");
    }
}
