package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.SharedMemberDirectory;
import org.safehouse.testing.SharedRoomCatalog;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.TestPerson;

/**
 * Nodes of a cluster, as cores sharing one broker (every node hears every topic, as through Redis) and one member
 * directory: a member on another node is in the room's list with its keys, a name is held once in the cluster, the
 * room's member limit holds across nodes, each presence change is told once, and a dead node's members leave.
 */
class MembersAcrossNodesTest {
    private static final String CONFIG = "{\"server_password\":\"963\",\"rooms\":[{\"name\":\"hall\"},"
            + "{\"name\":\"small\",\"max_members\":2}]}";
    private final InMemoryBroker broker = new InMemoryBroker();
    private final SharedMemberDirectory directory = new SharedMemberDirectory();
    private final MutableClock clock = new MutableClock(ChatHarness.START);
    private final ChatHarness nodeA = node("a");
    private final ChatHarness nodeB = node("b");

    private ChatHarness node(String id) {
        return ChatHarness.with(CONFIG).clock(clock).node(broker, directory.node(id)).start();
    }

    /** Every node's tick, once the presence interval has passed. */
    private void tickAll(ChatHarness... nodes) {
        clock.advance(1000);
        for (ChatHarness node : nodes) {
            node.tick();
        }
    }

    private static List<JsonObject> ofType(List<JsonObject> frames, String msgType) {
        return frames.stream().filter(f -> msgType.equals(f.getString("msgType", null))).collect(Collectors.toList());
    }

    private static List<String> strings(JsonObject frame, String field) {
        return frame.getJsonArray(field).getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).collect(Collectors.toList());
    }

    @Test
    void aMemberOnAnotherNodeIsInTheJoinedListWithItsKeys() {
        TestIdentity alicesKeys = TestIdentity.create(TestIdentity.ECDSA);
        nodeA.connect("10.0.0.1").joinProven("hall", "alice", alicesKeys);
        List<JsonObject> frames = nodeB.connect("10.0.0.2").join("hall", "bob");
        JsonObject joined = ofType(frames, "Joined").get(0);
        assertEquals(List.of("alice", "bob"), strings(joined, "users"));
        assertEquals(alicesKeys.keys().getString("signing"),
                joined.getJsonObject("keys").getJsonObject("alice").getString("signing"));
        assertEquals(List.of("alice", "bob"), nodeA.server().members("hall"));
        assertEquals(List.of("alice", "bob"), nodeB.server().members("hall"));
    }

    @Test
    void aPersonsDevicesShareTheNameOnTheirNodeAndAnotherNodeRefusesAFurtherDevice() {
        TestPerson alice = TestPerson.create();
        TestIdentity laptop = TestIdentity.create(TestIdentity.ED25519);
        TestIdentity phone = TestIdentity.create(TestIdentity.ED25519);
        TestIdentity tablet = TestIdentity.create(TestIdentity.ED25519);
        List<TestIdentity> all = List.of(laptop, phone, tablet);
        nodeA.connect("10.0.0.1").joinProven("hall", "alice", laptop, alice.keys(laptop, 1, all));
        nodeA.connect("10.0.0.2").joinProven("hall", "alice", phone, alice.keys(phone, 1, all));
        assertEquals(List.of("alice"), nodeA.server().members("hall"));
        assertEquals(List.of("alice"), nodeB.server().members("hall"));
        JsonObject identity = ofType(nodeB.connect("10.0.0.3").join("hall", "bob"), "Joined").get(0)
                .getJsonObject("keys").getJsonObject("alice").getJsonObject("identity");
        assertEquals(alice.signingKey(), identity.getString("signing"), "the list reaches the other node");

        FakeClient elsewhere = nodeB.connect("10.0.0.4");
        elsewhere.send(ClientFrames.joinWithKeys("hall", "alice", alice.keys(tablet, 1, all)));
        String challenge = elsewhere.expect("Challenge").getString("challenge");
        JsonObject refused = elsewhere.prove("hall", tablet.sign(challenge, "hall", "alice")).get(0);
        assertEquals("name_taken", refused.getString("code"), "left alone: devices share a name on one node only");
    }

    @Test
    void aJoinOnOneNodeIsToldOnceToMembersOnEveryNode() {
        FakeClient carol = nodeB.joined("hall", "carol");
        FakeClient dave = nodeA.joined("hall", "dave");
        tickAll(nodeA, nodeB);
        carol.take();
        dave.take();
        nodeA.joined("hall", "alice");
        tickAll(nodeA, nodeB);
        for (FakeClient member : List.of(carol, dave)) {
            List<JsonObject> presence = ofType(member.takeJson(), "Presence");
            assertEquals(1, presence.size(), presence::toString);
            assertEquals(List.of("alice"), strings(presence.get(0), "joined"));
        }
    }

    @Test
    void aNameIsHeldOnceInTheWholeClusterAndFreedByItsLeave() {
        FakeClient alice = nodeA.joined("hall", "alice");
        JsonObject refused = nodeB.connect("10.0.0.2").join("hall", "ALICE").get(0);
        assertEquals("name_taken", refused.getString("code"), refused.toString());
        alice.leave("hall");
        nodeB.joined("hall", "ALICE");
        assertEquals(List.of("ALICE"), nodeA.server().members("hall"));
    }

    @Test
    void aRoomsMemberLimitHoldsAcrossNodes() {
        nodeA.joined("small", "alice");
        nodeB.joined("small", "bob");
        for (ChatHarness node : List.of(nodeA, nodeB)) {
            JsonObject refused = node.connect("10.0.0.3").join("small", "carol").get(0);
            assertEquals("room_full", refused.getString("code"), refused.toString());
        }
    }

    @Test
    void aDeadNodesMembersLeaveEveryListToldOnceAndTheirNamesAreFree() {
        ChatHarness nodeC = node("c");
        nodeA.joined("hall", "alice");
        FakeClient carol = nodeB.joined("hall", "carol");
        FakeClient dave = nodeC.joined("hall", "dave");
        tickAll(nodeA, nodeB, nodeC);
        carol.take();
        dave.take();
        directory.kill("a");
        directory.noticeGone("c");
        tickAll(nodeB, nodeC);
        for (FakeClient member : List.of(carol, dave)) {
            List<JsonObject> presence = ofType(member.takeJson(), "Presence");
            assertEquals(1, presence.size(), presence::toString);
            assertEquals(List.of("alice"), strings(presence.get(0), "left"));
        }
        assertEquals(List.of("carol", "dave"), nodeB.server().members("hall"));
        nodeB.joined("hall", "alice");
        assertEquals(List.of("carol", "dave", "alice"), nodeC.server().members("hall"));
    }

    @Test
    void aNameWhoseNodeDiedUnnoticedIsTakenOverAndTheListShowsItOnce() {
        nodeA.joined("hall", "alice");
        FakeClient carol = nodeB.joined("hall", "carol");
        directory.kill("a");
        List<JsonObject> frames = nodeB.connect("10.0.0.2").join("hall", "alice");
        assertEquals(List.of("carol", "alice"), strings(ofType(frames, "Joined").get(0), "users"));
        assertEquals(List.of("carol", "alice"), nodeB.server().members("hall"));
        assertTrue(carol.connection().closedWith() == null);
    }

    @Test
    void aRoomCreatedOnAnotherNodeListsItsMembersThereWhenFirstJoinedHere() {
        SharedRoomCatalog catalog = new SharedRoomCatalog();
        ChatHarness creator = ChatHarness.with(CONFIG).clock(clock).catalog(catalog.node())
                .node(broker, directory.node("creator")).start();
        ChatHarness other = ChatHarness.with(CONFIG).clock(clock).catalog(catalog.node())
                .node(broker, directory.node("other")).start();
        creator.joined("den", "alice");
        List<JsonObject> frames = other.connect("10.0.0.2").join("den", "bob");
        assertEquals(List.of("alice", "bob"), strings(ofType(frames, "Joined").get(0), "users"));
    }

    @Test
    void aRagnarokMemberOnAnotherNodeGetsTheWholeListWhenSomeoneJoinsElsewhere() {
        FakeClient john = nodeB.ragnarok("10.0.0.9", "963", "john");
        john.take();
        tickAll(nodeA, nodeB);
        john.take();
        nodeA.connect("10.0.0.3").join("lobby", "smith", "963");
        tickAll(nodeA, nodeB);
        assertEquals(List.of("{\"msgType\":\"OnlineUsers\",\"room\":\"lobby\",\"Users\":[\"john\",\"smith\"]}"),
                john.take());
    }
}
