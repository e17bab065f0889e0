package org.safehouse.deploy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample application ({@link SampleWebapp}) that uses Safehouse as a library, deployed as a directory in
 * webapps/ of the real Tomcat 10.1 distribution, with Tomcat's own conf/ and only its ports moved to free loopback
 * ones: Tomcat finds the jar's ServletContainerInitializer by itself.
 */
class LibraryOnTomcatIT {
    @TempDir
    static Path temp;
    static ContainerProcess tomcat;
    static String application;

    @RegisterExtension
    static final ContainerLogOnFailure LOG = new ContainerLogOnFailure(() -> tomcat);

    @BeforeAll
    static void start() throws Exception {
        Path home = Distributions.required("safehouse.tomcatHome");
        Path base = temp.resolve("catalina-base");
        for (String directory : List.of("logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(directory));
        }
        Distributions.copyTree(home.resolve("conf"), base.resolve("conf"), Set.of());
        int[] ports = FreePorts.pick(2);
        Path serverXml = base.resolve("conf/server.xml");
        Files.writeString(serverXml, Distributions.tomcatOnLoopback(Files.readString(serverXml), ports[0], ports[1]));
        SampleWebapp.build(base.resolve("webapps/sample"));

        List<String> command = Distributions.tomcatCommand(home, base);
        Map<String, String> environment = new HashMap<>();
        environment.put("SAFEHOUSE_CONFIG", null); // the sample's context parameter is the config
        tomcat = ContainerProcess.start("tomcat", command, base, environment, temp.resolve("tomcat-output.log"),
                List.of(base.resolve("logs")));
        application = "http://127.0.0.1:" + ports[1] + "/sample";
        tomcat.awaitHttp(SampleWebapp.HTTP, URI.create(application + SampleWebapp.PATH + "/health"), 200,
                Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void theApplicationKeepsItsPageAndServesSafehousesUnderItsPath() throws Exception {
        SampleWebapp.assertServed(application);
    }

    @Test
    void peopleChatThroughTheApplication() {
        SampleWebapp.assertChat(application, "library-tomcat");
    }
}
