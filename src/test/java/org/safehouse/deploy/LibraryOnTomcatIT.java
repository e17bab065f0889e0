package org.safehouse.deploy;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
        String what = "Tomcat's conf/server.xml";
        String serverXml = Files.readString(base.resolve("conf/server.xml"));
        serverXml = Distributions.replaceRequired(serverXml, "<Server port=\"8005\" shutdown=\"SHUTDOWN\">",
                "<Server port=\"" + ports[0] + "\" address=\"127.0.0.1\" shutdown=\"" + UUID.randomUUID() + "\">",
                what);
        serverXml = Distributions.replaceRequired(serverXml, "<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                "<Connector port=\"" + ports[1] + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"", what);
        Files.writeString(base.resolve("conf/server.xml"), serverXml);
        SampleWebapp.build(base.resolve("webapps/sample"));

        // What bin/catalina.sh run does, without the shell: the same class path, properties and --add-opens.
        List<String> command = List.of(ContainerProcess.java(),
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
