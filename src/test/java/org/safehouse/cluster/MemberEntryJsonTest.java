package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safehouse.core.MemberDirectory;
import org.safehouse.protocol.DeviceListClaim;
import org.safehouse.protocol.PublicKeys;

/**
 * A member as other nodes learn of it keeps its whole keys object: a person's identity and signed device list reach
 * every node's Joined and Presence exactly as the device sent them.
 */
class MemberEntryJsonTest {
    @Test
    void aPersonsIdentityAndDeviceListSurviveTheTripThroughRedis() {
        PublicKeys keys = new PublicKeys("AGREE", "SIGN", "Ed25519", Optional.of(
                new DeviceListClaim("IDENTITY", "Ed25519", "eyJ2IjoxfQ==", "c2lnbmVk")));
        MemberDirectory.Entry entry = new MemberDirectory.Entry("room", "alice", "Alice", "node-1", Optional.of(keys),
                Optional.of("ab".repeat(32)), false, false);
        assertEquals(entry, MemberEntryJson.decode("room", MemberEntryJson.encode(entry, "claim-1")));
    }

    @Test
    void keysWithoutAnIdentityStayWithoutOne() {
        MemberDirectory.Entry entry = new MemberDirectory.Entry("room", "bob", "Bob", "node-2",
                Optional.of(new PublicKeys("AGREE", "SIGN", "ECDSA-P256-SHA256")), Optional.of("cd".repeat(32)),
                false, true);
        assertEquals(entry, MemberEntryJson.decode("room", MemberEntryJson.encode(entry, "claim-2")));
    }
}
