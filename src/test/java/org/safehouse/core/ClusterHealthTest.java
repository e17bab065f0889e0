package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.SwitchedClusterHealth;
import org.safehouse.testing.TestIdentity;

/**
 * A node that lost its cluster admits nobody: Join, Prove and the Ragnarok handshake are answered
 * {@code cluster_unavailable} and closed with 4011, new connections are closed with 4011 at once; the members it
 * already has are the transport's to close. Once healthy again it admits as before.
 */
class ClusterHealthTest {
    private final SwitchedClusterHealth health = new SwitchedClusterHealth();
    private final ChatHarness chat = ChatHarness.with("{}").clusterHealth(health).start();

    @Test
    void aJoinWhileTheClusterIsLostIsRefusedAndTheClientSentElsewhere() {
        FakeClient ann = chat.connect("10.0.0.1");
        health.set(false);

        List<JsonObject> answer = ann.join("lobby", "ann");

        assertEquals(1, answer.size(), answer::toString);
        assertEquals("Error", answer.get(0).getString("msgType"));
        assertEquals("cluster_unavailable", answer.get(0).getString("code"));
        assertEquals("lobby", answer.get(0).getString("room"));
        assertEquals(CloseCode.CLUSTER_LOST, ann.closedWith());
        assertEquals(List.of(), chat.server().members("lobby"), "nobody entered");
    }

    @Test
    void aNewConnectionWhileTheClusterIsLostIsClosedAtOnceOnBothEndpoints() {
        health.set(false);
        assertEquals(CloseCode.CLUSTER_LOST, chat.open("10.0.0.1").closedWith());
        assertEquals(CloseCode.CLUSTER_LOST, chat.open("10.0.0.2", true).closedWith());
    }

    @Test
    void aRagnarokHandshakeWhileTheClusterIsLostIsRefused() {
        FakeClient old = chat.open("10.0.0.1", true);
        health.set(false);

        old.send("");

        JsonObject refused = old.only();
        assertEquals("cluster_unavailable", refused.getString("code"), refused::toString);
        assertEquals(CloseCode.CLUSTER_LOST, old.closedWith());
    }

    @Test
    void aKeyedJoinsProofWhileTheClusterIsLostIsRefused() {
        FakeClient ann = chat.connect("10.0.0.1");
        TestIdentity keys = TestIdentity.create(TestIdentity.ECDSA);
        String challenge = ann.requestChallenge("lobby", "ann", keys);
        health.set(false);

        List<JsonObject> answer = ann.prove("lobby", keys.sign(challenge, "lobby", "ann"));

        assertEquals("cluster_unavailable", answer.get(0).getString("code"), answer::toString);
        assertEquals(CloseCode.CLUSTER_LOST, ann.closedWith());
        assertEquals(List.of(), chat.server().members("lobby"));
    }

    @Test
    void liveMembersAreLeftToTheTransportAndJoinsAreAdmittedAgainOnceHealthy() {
        FakeClient ann = chat.joined("lobby", "ann");
        health.set(false);
        assertNull(ann.closedWith(), "closing the members is the transport's, on the transition");
        health.set(true);

        FakeClient bob = chat.connect("10.0.0.2");
        bob.expectJoined("lobby", "bob");

        assertNull(bob.closedWith());
        assertEquals(List.of("ann", "bob"), chat.server().members("lobby"));
    }
}
