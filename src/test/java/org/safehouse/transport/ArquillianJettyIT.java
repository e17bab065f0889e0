package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.safehouse.testing.Frames.assertError;
import static org.safehouse.testing.Frames.assertFrame;
import static org.safehouse.testing.Frames.assertFreshJoined;
import static org.safehouse.testing.Frames.assertStamped;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.WsTestClient;

/**
 * The built WAR, unchanged, deployed by Arquillian to an embedded Jetty 12 (ee10) in this JVM: the container runs
 * web.xml's listener and filters, not our launcher. Runs after {@code package} (failsafe) because it deploys
 * target/safehouse.war; the tests are clients over loopback. No config: the built-in defaults (a public "lobby").
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ArquillianJettyIT {

    @Deployment(testable = false)
    static WebArchive builtWar() {
        File war = ServerProcess.war().toFile();
        return ShrinkWrap.create(ZipImporter.class, "safehouse.war").importFrom(war).as(WebArchive.class);
    }

    @ArquillianResource
    private URL base; // ends with the random context path and a slash

    private URI webSocket(String path) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + path);
    }

    @Test
    void modernAndRagnarokClientsChatInTheDefaultRoom() {
        try (WsTestClient modern = WsTestClient.connect(webSocket("chat"));
             WsTestClient ragnar = WsTestClient.connect(webSocket("ragnarok"))) {
            assertFrame("{'msgType':'Hello','server':'Safehouse','versions':[1]}", modern.awaitType("Hello"));
            assertFreshJoined("{'msgType':'Joined','room':'lobby','title':'Safehouse','nick':'modern',"
                    + "'users':['modern']}",
                    modern.joinAndWait("lobby", "modern", null));

            ragnar.send("the lobby has no password, so any is accepted").send("ragnar");
            assertFrame("{'ServerName':'Safehouse'}", ragnar.await(f -> f.containsKey("ServerName")));
            assertFrame("{'msgType':'OnlineUsers','room':'lobby','Users':['modern','ragnar']}",
                    ragnar.awaitType("OnlineUsers"));
            assertEquals(Set.of("modern", "ragnar"),
                    modern.awaitMembers("lobby", List.of("modern"), Set.of("modern", "ragnar")));

            long before = System.currentTimeMillis();
            ragnar.send("{\"msgType\":\"Broadcast\",\"SrcUser\":\"mallory\",\"text\":\"from ragnarok\"}");
            String fromRagnar = "{'msgType':'Broadcast','room':'lobby','SrcUser':'ragnar','text':'from ragnarok'}";
            assertStamped(fromRagnar, modern.awaitType("Broadcast"), before, System.currentTimeMillis());
            assertStamped(fromRagnar, ragnar.awaitType("Broadcast"), before, System.currentTimeMillis());

            modern.privateMessage("lobby", "ragnar", "psst");
            assertStamped("{'msgType':'PrivateMessage','room':'lobby','SrcUser':'modern','text':'psst'}",
                    ragnar.awaitType("PrivateMessage"), before, System.currentTimeMillis());
            assertStamped("{'msgType':'PrivateMessage','room':'lobby','SrcUser':'modern','TgtUser':'ragnar',"
                    + "'text':'psst'}", modern.awaitType("PrivateMessage"), before, System.currentTimeMillis());
        }
    }

    @Test
    void errorsAndFrameLimitInTheContainer() {
        try (WsTestClient client = WsTestClient.connect(webSocket("chat"))) {
            client.joinAndWait("arquillian", "tester", null);
            client.send("{\"msgType\":\"PrivateMessage\",\"room\":\"arquillian\",\"TgtUser\":\"ghost\","
                    + "\"text\":\"x\"}");
            assertError("unknown_recipient", "arquillian", client.awaitType("Error"));
            assertFrame("{'msgType':'Pong','token':'alive'}", client.pingPong("alive"));
            client.broadcast("arquillian", "z".repeat(64 * 1024)); // the default max_frame_bytes is 64 KiB
            assertEquals(1009, client.awaitClose());
        }
    }
}
