package org.safehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the WAR must do on every servlet container distribution it deploys to, at context path /safehouse with a
 * plain and a TLS connector: chat over ws:// and wss://, Ragnarok at the context root, HSTS on HTTPS only, the TLS
 * policy, no directory listings. A subclass starts its distribution once, in {@code @BeforeAll}, and says where.
 */
abstract class DeployedWarContract {
    private static final Duration START = Duration.ofSeconds(120);
    private static final String LAUNCHER_CLASS = "/safehouse/org/safehouse/launcher/Main.class";

    /**
     * Waits until the WAR is deployed: its security constraint then forbids the launcher classes (403; 404 before).
     * This does not depend on the web client's files, and shows the constraint holds on the container.
     */
    static void awaitDeployed(ContainerProcess container, HttpClient client, int httpsPort) {
        container.awaitHttp(client, URI.create("https://127.0.0.1:" + httpsPort + LAUNCHER_CLASS), 403, START);
    }

    /**
     * Where the subclass's container runs.
     *
     * @param serverName the server_name in its config.json
     * @param label      names the container in the chat scenarios' nicknames and rooms ("jetty", "tomcat")
     * @param client     trusts the container's certificate
     */
    record DeployedWar(String serverName, String label, HttpClient client, TestCertificate certificate, int httpPort,
                       int httpsPort) {
        /** {@code scheme://127.0.0.1:port/safehouse/path}, on the TLS port for https and wss. */
        URI at(String scheme, String path) {
            int port = scheme.equals("https") || scheme.equals("wss") ? httpsPort : httpPort;
            return URI.create(scheme + "://127.0.0.1:" + port + "/safehouse/" + path);
        }
    }

    /** The container the subclass started in {@code @BeforeAll}. */
    abstract DeployedWar war();

    /** What else this container's HTTPS answer carries, beside HSTS. */
    abstract void assertContainerHeaders(HttpResponse<String> secure);

    @Test
    void chatOverPlainWebSocket() {
        ChatScenario.run(war().at("ws", "chat"), war().client(), war().label() + "-ws");
    }

    @Test
    void aRagnarokClientAtTheContextRootJoinsAndChats() throws Exception {
        DeployedWar war = war();
        RagnarokAtRoot.run(war.at("ws", ""), war.at("http", ""), war.client(), war.serverName(), "anything");
        RagnarokAtRoot.run(war.at("wss", ""), war.at("https", ""), war.client(), war.serverName(), "anything");
    }

    @Test
    void chatOverTls() {
        ChatScenario.run(war().at("wss", "chat"), war().client(), war().label() + "-wss");
    }

    @Test
    void httpsResponsesCarryHstsAndPlainOnesDoNot() throws Exception {
        HttpResponse<String> secure = get(war().at("https", ""));
        assertEquals(List.of("max-age=31536000"), secure.headers().allValues("Strict-Transport-Security"));
        assertContainerHeaders(secure);
        HttpResponse<String> plain = get(war().at("http", ""));
        assertEquals(List.of(), plain.headers().allValues("Strict-Transport-Security"));
    }

    @Test
    void onlyModernProtocolsAndAeadSuites() throws Exception {
        TlsProbe.assertModernProtocolsAndAeadSuites(war().certificate().clientContext(), war().httpsPort());
    }

    @Test
    void noDirectoryListings() throws Exception {
        HttpResponse<String> directory = get(war().at("http", "js/"));
        assertNotEquals(200, directory.statusCode(), "/js/ answered: " + directory.body());
        assertFalse(directory.body().contains(".js"), "/js/ lists files: " + directory.body());
    }

    HttpResponse<String> get(URI uri) throws Exception {
        return war().client().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
