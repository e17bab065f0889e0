package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.Role;
import org.safehouse.protocol.ServerFrame;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.WsTestClient;

/**
 * The room renders its member list as members join and starts afresh when one leaves; whatever the sequence, each
 * newcomer's Joined frame and each Ragnarok OnlineUsers frame must be byte for byte what the codec writes for a plain
 * list of the members in joining order (the rendering clients always got), even for names that need escaping.
 */
class RoomMemberListTest {
    private final ChatHarness harness = ChatHarness.start("{}");
    private final MutableClock clock = harness.clock();
    private final ChatServer server = harness.server();
    private final JsonCodec codec = new JsonCodec();
    /** The members as the test expects them, in joining order, with their connections. */
    private final Map<String, FakeClient> model = new LinkedHashMap<>();

    private List<String> expectedNames() {
        return List.copyOf(model.keySet());
    }

    /** Joins the lobby and checks the whole Joined frame against the old rendering of the expected list. */
    private void join(String nick) {
        FakeClient client = harness.connect("10.0.0.1");
        client.send(ClientFrames.join("lobby", nick));
        model.put(nick, client);
        List<String> frames = client.take();
        assertEquals(1, frames.size(), frames::toString);
        JsonObject joined = WsTestClient.parse(frames.get(0));
        String expected = codec.encode(new ServerFrame.Joined("lobby", joined.getString("title"), nick,
                expectedNames(), joined.getString("epoch"), List.of(), false, Optional.empty(), Map.of(), false, false,
                Role.MEMBER, "", ServerFrame.RoomOptions.DEFAULT, Map.of()));
        assertEquals(expected, frames.get(0), "the Joined frame of " + nick);
        assertEquals(expectedNames(), server.members("lobby"));
    }

    private void leave(String nick) {
        FakeClient client = model.remove(nick);
        client.leave("lobby");
        client.take();
        assertEquals(expectedNames(), server.members("lobby"));
    }

    /** Leaves by closing the connection, as most members do. */
    private void disconnect(String nick) {
        model.remove(nick).close();
        assertEquals(expectedNames(), server.members("lobby"));
    }

    @Test
    void joinsLeavesAndRejoinsKeepTheListAsTheOldRenderingHadIt() {
        List<String> names = List.of("alice", "say \"hi\"", "back\\slash", "Zoë", "中文", "😀 grin", "a/b", "bob");
        names.forEach(this::join);
        leave("back\\slash");               // from the middle
        join("carol");
        disconnect("alice");                // the oldest
        leave("carol");                     // the newest
        join("back\\slash");                // a rejoin goes to the end
        leave("Zoë");
        disconnect("中文");                  // two leaves before the next join
        join("ZOË");                        // another spelling of a name that left
        join("中文");
        for (String nick : new ArrayList<>(model.keySet())) {
            leave(nick);
        }
        assertEquals(List.of(), server.members("lobby"));
        join("say \"hi\"");                 // the default room stays, empty, and fills again
        join("alice");
    }

    @Test
    void aLongListWithLeavesAmongTheJoinsStaysExact() {
        for (int i = 0; i < 400; i++) {
            join("user \"" + i + "\" \\ é 😀");
            if (i % 7 == 6) {
                leave("user \"" + (i - 3) + "\" \\ é 😀");
            }
            if (i % 50 == 49) {
                disconnect(model.keySet().iterator().next());
            }
        }
    }

    @Test
    void ragnarokClientsGetTheSameListOnJoinAndInEachFlush() {
        join("alice");
        join("say \"hi\"");
        FakeClient old = harness.ragnarok("10.0.0.9", "any password", "Zoë \\o/");
        model.put("Zoë \\o/", old);
        List<String> greeting = old.take();
        assertEquals(codec.encode(new ServerFrame.OnlineUsers("lobby", expectedNames())), greeting.get(1));
        disconnect("alice");
        join("中文");
        harness.tickAfter(1000);
        List<String> flushed = old.take();
        assertTrue(!flushed.isEmpty(), "a flush after changes");
        assertEquals(codec.encode(new ServerFrame.OnlineUsers("lobby", expectedNames())),
                flushed.get(flushed.size() - 1));
        join("bob");
        leave("say \"hi\"");
        join("say \"hi\"");
        harness.tickAfter(1000);
        flushed = old.take();
        assertEquals(codec.encode(new ServerFrame.OnlineUsers("lobby", expectedNames())),
                flushed.get(flushed.size() - 1));
    }
}
