package org.safehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built WAR on the real jetty-home distribution (pinned Maven artifact, unpacked by the pom), started with a
 * copy of this repository's jetty-base exactly as its documentation says, only with free loopback ports and a
 * generated keystore: chat over ws:// and wss://, HSTS, and the TLS policy. The config comes through SAFEHOUSE_CONFIG.
 */
class JettyDistributionIT extends DeployedWarContract {
    private static final String SERVER_NAME = "Jetty distribution test";

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
        awaitDeployed(jetty, client, httpsPort);
    }

    @AfterAll
    static void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    @Override
    DeployedWar war() {
        return new DeployedWar(SERVER_NAME, "jetty", client, certificate, httpPort, httpsPort);
    }

    @Override
    void assertContainerHeaders(HttpResponse<String> secure) {
        assertEquals(List.of(), secure.headers().allValues("Server"), "jetty.httpConfig.sendServerVersion=false");
    }
}
