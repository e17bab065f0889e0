package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.safehouse.testing.Frames.assertError;
import static org.safehouse.testing.Frames.assertFrame;
import static org.safehouse.testing.Frames.assertFreshJoined;
import static org.safehouse.testing.Frames.assertStamped;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safehouse.testing.MessageSizeScenario;
import org.safehouse.testing.WsTestClient;

/**
 * The real endpoints on Tyrus's standalone (Grizzly) server, deployed through {@link SafehouseBootstrap#deploy} as a
 * servlet container would, minus the servlet context. Tyrus listens on every interface whatever host it is given:
 * test use only; the clients connect over loopback.
 */
class TyrusEndpointTest {
    private static final int MAX_FRAME_BYTES = 2048;

    @RegisterExtension
    static final TyrusTestServer TYRUS = TyrusTestServer.forTheClass("""
            {"server_name": "Tyrus Safehouse",
             "rooms": [{"name": "hall", "title": "The Hall"}],
             "limits": {"max_frame_bytes": %d, "max_text_chars": 500, "presence_interval_ms": 20}}
            """.formatted(MAX_FRAME_BYTES));

    @Test
    void joinBroadcastAndPrivateMessage() {
        try (WsTestClient alice = WsTestClient.connect(TYRUS.uri("/chat"));
             WsTestClient bob = WsTestClient.connect(TYRUS.uri("/chat"))) {
            assertFrame("{'msgType':'Hello','server':'Tyrus Safehouse','versions':[1]}", alice.awaitType("Hello"));
            bob.awaitType("Hello");

            assertFreshJoined("{'msgType':'Joined','room':'hall','title':'The Hall','nick':'alice','users':['alice']}",
                    alice.joinAndWait("hall", "alice", null));
            assertFreshJoined("{'msgType':'Joined','room':'hall','title':'The Hall','nick':'bob',"
                    + "'users':['alice','bob']}",
                    bob.joinAndWait("hall", "bob", null));
            assertEquals(Set.of("alice", "bob"), alice.awaitMembers("hall", List.of("alice"), Set.of("alice", "bob")));

            long before = System.currentTimeMillis();
            alice.broadcast("hall", "hello, room");
            JsonObject toAlice = alice.awaitType("Broadcast");
            JsonObject toBob = bob.awaitType("Broadcast");
            long after = System.currentTimeMillis();
            String expected = "{'msgType':'Broadcast','room':'hall','SrcUser':'alice','text':'hello, room'}";
            long id = assertStamped(expected, toAlice, before, after);
            assertEquals(id, assertStamped(expected, toBob, before, after), "one id for every recipient");
            assertEquals(toAlice, toBob, "a broadcast is one frame for everyone");

            before = System.currentTimeMillis();
            alice.privateMessage("hall", "bob", "psst");
            JsonObject received = bob.awaitType("PrivateMessage");
            JsonObject copy = alice.awaitType("PrivateMessage");
            after = System.currentTimeMillis();
            long privateId = assertStamped(
                    "{'msgType':'PrivateMessage','room':'hall','SrcUser':'alice','text':'psst'}", received, before,
                    after);
            assertEquals(privateId, assertStamped(
                    "{'msgType':'PrivateMessage','room':'hall','SrcUser':'alice','TgtUser':'bob','text':'psst'}",
                    copy, before, after), "the sender's copy carries the id the target got");
            assertEquals(received.get("ts"), copy.get("ts"));
        }
    }

    @Test
    void ragnarokClientJoinsTheDefaultRoom() {
        try (WsTestClient carol = WsTestClient.connect(TYRUS.uri("/ragnarok"))) {
            carol.send("any password: the default room has none").send("carol");
            assertFrame("{'ServerName':'Tyrus Safehouse'}", carol.await(f -> f.containsKey("ServerName")));
            assertFrame("{'msgType':'OnlineUsers','room':'lobby','Users':['carol']}", carol.awaitType("OnlineUsers"));
            long before = System.currentTimeMillis();
            carol.send("{\"msgType\":\"Broadcast\",\"SrcUser\":\"mallory\",\"text\":\"hi\"}");
            assertStamped("{'msgType':'Broadcast','room':'lobby','SrcUser':'carol','text':'hi'}",
                    carol.awaitType("Broadcast"), before, System.currentTimeMillis());
        }
    }

    @Test
    void errorFrameLeavesTheConnectionOpen() {
        try (WsTestClient dave = WsTestClient.connect(TYRUS.uri("/chat"))) {
            dave.joinAndWait("tyrus-errors", "dave", null);
            dave.send("{\"msgType\":\"Dance\",\"room\":\"tyrus-errors\"}");
            assertError("unknown_type", "tyrus-errors", dave.awaitType("Error"));
            dave.send("not json");
            assertError("bad_json", null, dave.awaitType("Error"));
            dave.broadcast("tyrus-errors", "x".repeat(501));
            assertError("text_too_long", "tyrus-errors", dave.awaitType("Error"));
            assertFrame("{'msgType':'Pong','token':'still-open'}", dave.pingPong("still-open"));
        }
    }

    @Test
    void frameOverMaxFrameBytesClosesWith1009() {
        try (WsTestClient erin = WsTestClient.connect(TYRUS.uri("/chat"))) {
            erin.joinAndWait("tyrus-big", "erin", null);
            erin.send("{\"msgType\":\"Broadcast\",\"room\":\"tyrus-big\",\"text\":\"" + "y".repeat(MAX_FRAME_BYTES)
                    + "\"}");
            assertEquals(1009, erin.awaitClose());
        }
    }

    @Test
    void aMessageOfMaxFrameBytesIsAcceptedInOneFrameAndInFragments() {
        MessageSizeScenario.largestMessageIsAcceptedInOneFrameAndInMany(TYRUS.uri("/chat"), "tyrus-pieces",
                MAX_FRAME_BYTES);
    }

    @Test
    void fragmentsThatTogetherPassMaxFrameBytesCloseWith1009() {
        MessageSizeScenario.fragmentsThatTogetherPassTheLimitCloseWith1009(TYRUS.uri("/chat"), "tyrus-pieces-big",
                MAX_FRAME_BYTES);
    }

    @Test
    void aLargeBinaryMessageClosesWith1003() {
        MessageSizeScenario.aLargeBinaryMessageClosesWith1003(TYRUS.uri("/chat"), "tyrus-bytes", MAX_FRAME_BYTES);
    }
}
