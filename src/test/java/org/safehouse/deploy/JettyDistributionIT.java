package org.safehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built WAR on the real jetty-home distribution (pinned Maven artifact, unpacked by the pom), started with a
 * copy of this repository's jetty-base exactly as its documentation says, only with free loopback ports and a
 * generated keystore: chat over ws:// and wss://, HSTS, and the TLS policy. The config comes through SAFEHOUSE_CONFIG.
 */
class JettyDistributionIT {
    private static final String SERVER_NAME = "Jetty distribution test";
    private static final Duration START = Duration.ofSeconds(120);
    private static final String LAUNCHER_CLASS = "/safehouse/org/safehouse/launcher/Main.class";

    @TempDir
    static Path temp;
    static ContainerProcess jetty;
    static TestCertificate certificate;
    static HttpClient client;
    static int httpPort;
    static int httpsPort;

    @RegisterExtension
    static final ContainerLogOnFailure LOG = new ContainerLogOnFailure(() -> jetty);

    @BeforeAll
    static void start() throws Exception {
        Path jettyHome = Distributions.required("safehouse.jettyHome");
        // jetty-base's webapps/safehouse.xml deploys ${jetty.base}/../target/safehouse.war: keep that layout.
        Path base = temp.resolve("jetty-base");
        Distributions.copyTree(Path.of("jetty-base"), base, Set.of("logs", "work"));
        Files.createDirectories(temp.resolve("target"));
        Files.copy(Distributions.war(), temp.resolve("target/safehouse.war"));

        certificate = TestCertificate.generate(temp.resolve("certificate"));
        char[] password = "jetty-distribution-test".toCharArray();
        certificate.writePkcs12(base.resolve("etc/safehouse.p12"), password);
        Files.writeString(base.resolve("start.d/safehouse-keystore-password.ini"),
                "jetty.sslContext.keyStorePassword=" + new String(password) + "\n");
        Path config = Files.writeString(temp.resolve("config.json"),
                "{\"server_name\": \"" + SERVER_NAME + "\"}");
        Path tmp = Files.createDirectories(temp.resolve("tmp"));

        int[] ports = FreePorts.pick(2);
        httpPort = ports[0];
        httpsPort = ports[1];
        List<String> command = List.of(ContainerProcess.java(), "-Djava.io.tmpdir=" + tmp,
                "-jar", jettyHome.resolve("start.jar").toString(),
                "jetty.home=" + jettyHome, "jetty.base=" + base,
                "jetty.http.port=" + httpPort, "jetty.ssl.port=" + httpsPort,
                "jetty.httpConfig.securePort=" + httpsPort);
        client = certificate.client();
        jetty = ContainerProcess.start("jetty-home", command, base, Map.of("SAFEHOUSE_CONFIG", config.toString()),
                temp.resolve("jetty-output.log"), List.of(base.resolve("logs")));
        // Ready once the WAR is deployed: its security constraint then forbids the launcher classes (403; 404
        // before). This does not depend on the web client's files, and shows the constraint holds on Jetty.
        jetty.awaitHttp(client, URI.create("https://127.0.0.1:" + httpsPort + LAUNCHER_CLASS), 403, START);
    }

    @AfterAll
    static void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    @Test
    void chatOverPlainWebSocket() {
        ChatScenario.run(URI.create("ws://127.0.0.1:" + httpPort + "/safehouse/chat"), client, "jetty-ws");
    }

    @Test
    void aRagnarokClientAtTheContextRootJoinsAndChats() throws Exception {
        RagnarokAtRoot.run(URI.create("ws://127.0.0.1:" + httpPort + "/safehouse/"),
                URI.create("http://127.0.0.1:" + httpPort + "/safehouse/"), client, SERVER_NAME, "anything");
        RagnarokAtRoot.run(URI.create("wss://127.0.0.1:" + httpsPort + "/safehouse/"),
                URI.create("https://127.0.0.1:" + httpsPort + "/safehouse/"), client, SERVER_NAME, "anything");
    }

    @Test
    void chatOverTls() {
        ChatScenario.run(URI.create("wss://127.0.0.1:" + httpsPort + "/safehouse/chat"), client, "jetty-wss");
    }

    @Test
    void httpsResponsesCarryHstsAndPlainOnesDoNot() throws Exception {
        HttpResponse<String> secure = get(URI.create("https://127.0.0.1:" + httpsPort + "/safehouse/"));
        assertEquals(List.of("max-age=31536000"), secure.headers().allValues("Strict-Transport-Security"));
        assertEquals(List.of(), secure.headers().allValues("Server"), "jetty.httpConfig.sendServerVersion=false");
        HttpResponse<String> plain = get(URI.create("http://127.0.0.1:" + httpPort + "/safehouse/"));
        assertEquals(List.of(), plain.headers().allValues("Strict-Transport-Security"));
    }

    @Test
    void onlyModernProtocolsAndAeadSuites() throws Exception {
        TlsProbe.assertModernProtocolsAndAeadSuites(certificate.clientContext(), httpsPort);
    }

    @Test
    void noDirectoryListings() throws Exception {
        HttpResponse<String> directory = get(URI.create("http://127.0.0.1:" + httpPort + "/safehouse/js/"));
        assertNotEquals(200, directory.statusCode(), "/js/ answered: " + directory.body());
        assertFalse(directory.body().contains(".js"), "/js/ lists files: " + directory.body());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return client.send(java.net.http.HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
