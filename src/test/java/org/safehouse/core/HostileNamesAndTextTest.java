package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;

/**
 * A member cannot pass for another (a look-alike nickname, mixed scripts) nor send text that draws nothing and costs
 * six bytes a character on the wire (control characters): each gets its documented error, and the others see nothing.
 */
class HostileNamesAndTextTest {
    private final ChatHarness harness = ChatHarness.start("{}");
    private final ChatServer server = harness.server();

    private FakeClient open() {
        return harness.connect("10.0.0.1");
    }

    private JsonObject join(FakeClient client, String room, String nick) {
        List<JsonObject> frames = client.join(room, nick);
        return frames.get(frames.size() - 1);
    }

    private static void assertError(String code, JsonObject frame) {
        assertEquals("Error", frame.getString("msgType"), frame.toString());
        assertEquals(code, frame.getString("code"), frame.toString());
    }

    @Test
    void aNicknameThatLooksLikeAMembersIsTaken() {
        assertEquals("Joined", join(open(), "lobby", "Den").getString("msgType"));
        for (String lookAlike : new String[] {"den", "\uff44\uff45\uff4e", "\uff24\uff25\uff2e", "DEN"}) {
            assertError("name_taken", join(open(), "lobby", lookAlike));
        }
        assertEquals(List.of("Den"), server.members("lobby"));
    }

    @Test
    void aRoomNameThatLooksLikeAnotherIsTheSameRoom() {
        join(open(), "Den", "ann");
        JsonObject joined = join(open(), "\uff44\uff45\uff4e", "bob");
        assertEquals("Den", joined.getString("room"));
        assertEquals(List.of("ann", "bob"), server.members("den"));
    }

    @Test
    void aNicknameMixingScriptsIsRefused() {
        join(open(), "lobby", "paypal");
        assertError("bad_nickname", join(open(), "lobby", "p\u0430ypal"));
        assertError("bad_nickname", join(open(), "lobby", "\u0391dmin"));
        assertEquals(List.of("paypal"), server.members("lobby"));
    }

    @Test
    void controlCharactersInTextAreRefusedAsBadText() {
        FakeClient alice = open();
        join(alice, "lobby", "alice");
        FakeClient bob = open();
        join(bob, "lobby", "bob");
        alice.connection().take();
        for (String text : new String[] {"\u0001", "a\u0000b", "bell\u0007", "cr\r\n", "del\u007f", "c1\u0085",
                "c1\u009f", "lone \ud800"}) {
            server.receive(alice.session(), Json.createObjectBuilder().add("msgType", "Broadcast").add("room", "lobby")
                    .add("text", text).add("clientMsgId", "c1").build().toString());
            JsonObject refusal = alice.connection().takeJson().get(0);
            assertError("bad_text", refusal);
            assertEquals("c1", refusal.getString("clientMsgId"));
            assertTrue(!refusal.getString("text").contains(text), "the refusal never quotes the text");
            server.receive(alice.session(), Json.createObjectBuilder().add("msgType", "PrivateMessage")
                    .add("room", "lobby").add("TgtUser", "bob").add("text", text).build().toString());
            assertError("bad_text", alice.connection().takeJson().get(0));
        }
        assertEquals(List.of(), bob.connection().take(), "bob saw none of it");
        server.receive(alice.session(), Json.createObjectBuilder().add("msgType", "Broadcast").add("room", "lobby")
                .add("text", "tab\tand\nnewline, \u00e9, \ud83d\ude00, \u202e are text").build().toString());
        assertEquals("Broadcast", bob.connection().takeJson().get(0).getString("msgType"));
    }

    @Test
    void aRagnarokBroadcastWithControlCharactersIsRefusedToo() {
        FakeClient ragnar = harness.ragnarok("10.0.0.9", "any", "ragnar");
        ragnar.take();
        ragnar.send("{\"msgType\":\"Broadcast\",\"text\":\"\\u0001\"}");
        assertError("bad_text", ragnar.takeJson().get(0));
        assertEquals(null, ragnar.closedWith(), "an error frame; the connection stays");
    }
}
