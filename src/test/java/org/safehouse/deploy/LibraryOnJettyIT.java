package org.safehouse.deploy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample application ({@link SampleWebapp}) that uses Safehouse as a library, deployed as a directory on the real
 * jetty-home distribution with a jetty-base of the stock modules an application needs (deploy, annotations for the
 * jar's ServletContainerInitializer, Jakarta WebSocket, plain HTTP on a free loopback port).
 */
class LibraryOnJettyIT {
    @TempDir
    static Path temp;
    static ContainerProcess jetty;
    static String application;

    @RegisterExtension
    static final ContainerLogOnFailure LOG = new ContainerLogOnFailure(() -> jetty);

    @BeforeAll
    static void start() throws Exception {
        Path jettyHome = Distributions.required("safehouse.jettyHome");
        Path base = temp.resolve("jetty-base");
        Files.createDirectories(base.resolve("start.d"));
        Files.writeString(base.resolve("start.d/sample.ini"), String.join("\n", "--module=ee10-deploy",
                "--module=ee10-annotations", "--module=ee10-websocket-jakarta", "--module=http", ""));
        SampleWebapp.build(base.resolve("webapps/sample"));
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        int port = FreePorts.pick(1)[0];
        List<String> command = List.of(ContainerProcess.java(), "-Djava.io.tmpdir=" + tmp,
                "-jar", jettyHome.resolve("start.jar").toString(), "jetty.home=" + jettyHome, "jetty.base=" + base,
                "jetty.http.host=127.0.0.1", "jetty.http.port=" + port);
        Map<String, String> environment = new HashMap<>();
        environment.put("SAFEHOUSE_CONFIG", null); // the sample's context parameter is the config
        jetty = ContainerProcess.start("jetty-home", command, base, environment, temp.resolve("jetty-output.log"),
                List.of(base.resolve("logs")));
        application = "http://127.0.0.1:" + port + "/sample";
        jetty.awaitHttp(SampleWebapp.HTTP, URI.create(application + SampleWebapp.PATH + "/health"), 200,
                Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    @Test
    void theApplicationKeepsItsPageAndServesSafehousesUnderItsPath() throws Exception {
        SampleWebapp.assertServed(application);
    }

    @Test
    void peopleChatThroughTheApplication() {
        SampleWebapp.assertChat(application, "library-jetty");
    }
}
