package org.safehouse.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The record each golden client frame file decodes to, by its name under golden/client. Files under
 * {@code ragnarok/} are in the shape Ragnarok's clients send: no {@code room}, and the {@code SrcUser} and
 * {@code Users} fields the server ignores.
 */
final class GoldenClientFrames {
    private static final long ID = 7260913021018112L;
    private static final PublicKeys KEYS = new PublicKeys("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEagree",
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEsign", "ECDSA-P256-SHA256");

    private GoldenClientFrames() {
    }

    static Map<String, ClientFrame> cases() {
        Map<String, ClientFrame> cases = new LinkedHashMap<>();
        cases.put("Join.json", new ClientFrame.Join(1, "lobby", "alice", Optional.of("pw"), Optional.empty(),
                Optional.empty(), Optional.empty(), false));
        cases.put("Join-without-password.json", new ClientFrame.Join(1, "lobby", "alice", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false));
        cases.put("Join-with-keys.json", new ClientFrame.Join(1, "r", "alice", Optional.of("pw"), Optional.empty(),
                Optional.empty(), Optional.of(KEYS), true));
        cases.put("Join-resume-with-keys.json", new ClientFrame.Join(1, "r", "alice", Optional.of("pw"),
                Optional.of(ID), Optional.of("c0ffee00c0ffee00"), Optional.of(KEYS), true));
        cases.put("Prove.json", new ClientFrame.Prove("r", "c2lnbmVkIGNoYWxsZW5nZQ=="));
        cases.put("Leave.json", new ClientFrame.Leave("lobby"));
        cases.put("Broadcast.json", new ClientFrame.Broadcast(Optional.of("lobby"), "hi \"you\"\n\t中文 😀 a\\b",
                Optional.of("k3j2")));
        cases.put("History.json", new ClientFrame.History("lobby", Optional.of(ID), Optional.empty(), 50));
        cases.put("History-after.json", new ClientFrame.History("lobby", Optional.empty(), Optional.of(ID),
                JsonCodec.MAX_PAGE));
        cases.put("History-newest.json", new ClientFrame.History("lobby", Optional.empty(), Optional.empty(),
                JsonCodec.MAX_PAGE));
        cases.put("PrivateMessage.json", new ClientFrame.PrivateMessage(Optional.of("lobby"), "bob",
                Optional.of("psst"), Optional.empty()));
        cases.put("PrivateMessage-encrypted.json", new ClientFrame.PrivateMessage(Optional.of("r"), "bob",
                Optional.empty(), Optional.of(new EncryptedBody("k3j2", "c2VhbGVk", "aXZpdml2aXZpdml2", 7,
                        "c2lnbmVk"))));
        cases.put("ListRooms.json", new ClientFrame.ListRooms());
        cases.put("Ping.json", new ClientFrame.Ping(Optional.of("42")));
        cases.put("Ping-without-token.json", new ClientFrame.Ping(Optional.empty()));
        cases.put("ragnarok/Broadcast.json", new ClientFrame.Broadcast(Optional.empty(), "hello", Optional.empty()));
        cases.put("ragnarok/PrivateMessage.json", new ClientFrame.PrivateMessage(Optional.empty(), "smith",
                Optional.of("psst"), Optional.empty()));
        return cases;
    }
}
