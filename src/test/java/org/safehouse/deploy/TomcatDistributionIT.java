package org.safehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.config.Limits;
import org.safehouse.testing.MessageSizeScenario;
import org.safehouse.testing.SlowConsumerScenario;

/**
 * The built WAR on the real Tomcat 10.1 distribution (pinned Maven artifact, unpacked by the pom) with a fresh
 * CATALINA_BASE set up the way docs/DEPLOY.md says: Tomcat's own conf/ with free loopback ports in server.xml, the
 * TLS connector from tomcat/conf/server-tls-connector.xml over generated PEM files in conf/safehouse/, the HSTS
 * filter from tomcat/conf/web-hsts-filter.xml, and the context file tomcat/conf/Catalina/localhost/safehouse.xml
 * naming the config (SAFEHOUSE_CONFIG is unset). Then chat over ws:// and wss://, HSTS, and the TLS policy.
 */
class TomcatDistributionIT extends DeployedWarContract {
    private static final String SERVER_NAME = "Tomcat distribution test";
    /** The config below leaves limits.max_frame_bytes at its default. */
    private static final int MAX_FRAME_BYTES = Limits.DEFAULTS.maxFrameBytes();

    @TempDir
    static Path temp;
    static ContainerProcess tomcat;
    static TestCertificate certificate;
    static HttpClient client;
    static int httpPort;
    static int httpsPort;

    @RegisterExtension
    static final ContainerLogOnFailure LOG = new ContainerLogOnFailure(() -> tomcat);

    @BeforeAll
    static void start() throws Exception {
        Path home = Distributions.required("safehouse.tomcatHome");
        Path base = temp.resolve("catalina-base");
        for (String directory : List.of("logs", "temp", "webapps", "work", "conf/safehouse",
                "conf/Catalina/localhost")) {
            Files.createDirectories(base.resolve(directory));
        }
        Distributions.copyTree(home.resolve("conf"), base.resolve("conf"), Set.of());

        int[] ports = FreePorts.pick(3);
        int shutdownPort = ports[0];
        httpPort = ports[1];
        httpsPort = ports[2];
        String what = "Tomcat's conf/server.xml";
        String serverXml = Files.readString(base.resolve("conf/server.xml"));
        serverXml = Distributions.tomcatOnLoopback(serverXml, shutdownPort, httpPort);
        serverXml = Distributions.replaceRequired(serverXml, "redirectPort=\"8443\"",
                "redirectPort=\"" + httpsPort + "\"", what);
        String connector = Files.readString(Path.of("tomcat/conf/server-tls-connector.xml"));
        connector = Distributions.replaceRequired(connector, "<Connector port=\"8443\"",
                "<Connector port=\"" + httpsPort + "\" address=\"127.0.0.1\"", "tomcat/conf/server-tls-connector.xml");
        serverXml = Distributions.replaceRequired(serverXml, "<Engine name=\"Catalina\" defaultHost=\"localhost\">",
                connector + "\n    <Engine name=\"Catalina\" defaultHost=\"localhost\">", what);
        Files.writeString(base.resolve("conf/server.xml"), serverXml);

        String webXml = Files.readString(base.resolve("conf/web.xml"));
        webXml = Distributions.replaceRequired(webXml, "</web-app>",
                Files.readString(Path.of("tomcat/conf/web-hsts-filter.xml")) + "\n</web-app>", "conf/web.xml");
        Files.writeString(base.resolve("conf/web.xml"), webXml);

        certificate = TestCertificate.generate(temp.resolve("certificate"));
        Files.copy(certificate.certificatePem(), base.resolve("conf/safehouse/cert.pem"));
        Files.copy(certificate.privateKeyPem(), base.resolve("conf/safehouse/key.pem"));

        Path config = Files.writeString(temp.resolve("config.json"),
                "{\"server_name\": \"" + SERVER_NAME + "\", \"limits\": {\"messages_per_second\": 5000,"
                        + " \"message_burst\": 5000, \"outbound_queue_bytes\": 262144}}");
        String context = Files.readString(Path.of("tomcat/conf/Catalina/localhost/safehouse.xml"));
        context = Distributions.replaceRequired(context, "value=\"/etc/safehouse/config.json\"",
                "value=\"" + config + "\"", "tomcat/conf/Catalina/localhost/safehouse.xml");
        Files.writeString(base.resolve("conf/Catalina/localhost/safehouse.xml"), context);
        Files.copy(Distributions.war(), base.resolve("webapps/safehouse.war"));
        // A second context from the same WAR, configured with config.json.example as shipped: must not start.
        Path refusedWar = Files.createDirectories(temp.resolve("refused")).resolve("refused.war");
        Files.copy(Distributions.war(), refusedWar);
        Path example = Files.copy(Path.of("config.json.example"), temp.resolve("refused/config.json"));
        Files.writeString(base.resolve("conf/Catalina/localhost/refused.xml"), "<Context docBase=\"" + refusedWar
                + "\">\n  <Parameter name=\"safehouse.config\" value=\"" + example + "\" override=\"false\"/>\n"
                + "</Context>\n");

        List<String> command = Distributions.tomcatCommand(home, base);
        Map<String, String> environment = new HashMap<>();
        environment.put("SAFEHOUSE_CONFIG", null); // the context parameter must be what finds the config
        client = certificate.client();
        tomcat = ContainerProcess.start("tomcat", command, base, environment, temp.resolve("tomcat-output.log"),
                List.of(base.resolve("logs")));
        awaitDeployed(tomcat, client, httpsPort);
    }

    @AfterAll
    static void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Override
    DeployedWar war() {
        return new DeployedWar(SERVER_NAME, "tomcat", client, certificate, httpPort, httpsPort);
    }

    @Override
    void assertContainerHeaders(HttpResponse<String> secure) {
        assertEquals(List.of("DENY"), secure.headers().allValues("X-Frame-Options"));
    }

    @Test
    void theContextParameterFoundTheConfig() {
        assertTrue(tomcat.log().contains("named by context parameter safehouse.config"), "config not loaded from "
                + "the context file's parameter");
    }

    @Test
    void theSecuritySelfCheckRefusesADeploymentWithTheExamplesRoomPassword() throws Exception {
        HttpResponse<String> refused = get(URI.create("https://127.0.0.1:" + httpsPort + "/refused/"));
        assertEquals(404, refused.statusCode(), "the refused context must not serve");
        assertTrue(tomcat.log().contains("Safehouse security self-check refuses to start: room \"family\" has the "
                + "password \"change me\""), "the log says why");
    }

    /** Tomcat hands a message over in parts of its 8 Ki-char text buffer: 64 KiB (the default limit) is 8 of them. */
    @Test
    void aMessageOfMaxFrameBytesIsAcceptedInOneFrameAndInFragments() {
        MessageSizeScenario.largestMessageIsAcceptedInOneFrameAndInMany(plainChat(), "tomcat-pieces", MAX_FRAME_BYTES);
    }

    @Test
    void fragmentsThatTogetherPassMaxFrameBytesCloseWith1009() {
        MessageSizeScenario.fragmentsThatTogetherPassTheLimitCloseWith1009(plainChat(), "tomcat-pieces-big",
                MAX_FRAME_BYTES);
    }

    /** Tomcat's 1 KiB binary buffer would close a whole-message handler with 1009; ours refuses at the first part. */
    @Test
    void aClientThatStopsReadingLeavesAtOnceAndItsSocketIsAborted() {
        long millis = SlowConsumerScenario.run(URI.create("ws://127.0.0.1:" + httpPort + "/safehouse/chat"),
                tomcat::log, "tomcat-slow", true);
        System.out.println("Tomcat: the neighbours saw the slow client leave " + millis + " ms after its eviction");
    }

    @Test
    void aLargeBinaryMessageClosesWith1003() {
        MessageSizeScenario.aLargeBinaryMessageClosesWith1003(plainChat(), "tomcat-bytes", MAX_FRAME_BYTES);
    }

    private static URI plainChat() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/safehouse/chat");
    }
}
