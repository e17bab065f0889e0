package org.safehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The systemd unit and the Dockerfile say what docs/DEPLOY.md promises. Neither can run on the test machines (no
 * systemd as PID 1; no container runtime that can pull images), so this checks their text, and has systemd check the
 * unit where {@code systemd-analyze} is installed.
 */
class PackagingFilesTest {
    private static final Path UNIT = Path.of("docs/safehouse.service");
    private static final Path DOCKERFILE = Path.of("Dockerfile");

    @Test
    void theSystemdUnitIsolatesTheServerAndRestartsItOnFailure() throws IOException {
        List<String> lines = directives(UNIT);
        for (String required : List.of("DynamicUser=yes", "StateDirectory=safehouse", "StateDirectoryMode=0700",
                "ProtectSystem=strict", "NoNewPrivileges=yes", "AmbientCapabilities=CAP_NET_BIND_SERVICE",
                "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "Restart=on-failure", "RestartPreventExitStatus=2",
                "RuntimeDirectory=safehouse", "Environment=XDG_RUNTIME_DIR=/run/safehouse", "PrivateTmp=yes",
                "ProtectHome=yes", "UMask=0077")) {
            assertTrue(lines.contains(required), UNIT + " lacks " + required);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ExecStart=/usr/bin/java ") && l.contains(" -jar ")),
                "starts java -jar: " + lines);
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        Process verify = new ProcessBuilder(analyze.toString(), "verify", UNIT.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify did not finish");
        assertEquals(0, verify.exitValue(), output);
        assertEquals("", output.strip(), "no warnings");
    }

    @Test
    void theImageBuildsWithMavenAndRunsUnprivilegedOnDebian() throws IOException {
        List<String> lines = directives(DOCKERFILE);
        List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, stages.size(), "a build stage and a runtime stage: " + stages);
        assertTrue(stages.get(0).contains("maven") && stages.get(0).endsWith(" AS build"), stages.get(0));
        assertTrue(stages.get(1).startsWith("FROM docker.io/library/debian:"), "glibc for SQLite: " + stages.get(1));
        assertTrue(lines.contains("USER safehouse:safehouse"), "not root");
        assertTrue(lines.contains("VOLUME /var/lib/safehouse"), "a volume for data_dir");
        assertTrue(lines.contains("ENV SAFEHOUSE_CONFIG=/etc/safehouse/config.json"), "config via SAFEHOUSE_CONFIG");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("/health")),
                "a health check on /health");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"data_dir\": \"/var/lib/safehouse\"")),
                "the default config keeps data in the volume");
        assertTrue(lines.contains("ENTRYPOINT [\"java\", \"-XX:+UseParallelGC\", \"-XX:MaxRAMPercentage=75\", \"-jar\", "
                + "\"/opt/safehouse/safehouse.war\"]"), "runs java -jar, so SIGTERM stops it gracefully");
    }

    /** The file's lines without comments and blank lines, continuation lines joined. */
    private static List<String> directives(Path file) throws IOException {
        List<String> result = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            result.add(pending.append(trimmed).toString());
            pending.setLength(0);
        }
        return result;
    }
}
