package org.safehouse.cluster;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.Optional;
import org.safehouse.core.MemberDirectory;
import org.safehouse.protocol.DeviceListClaim;
import org.safehouse.protocol.PublicKeys;

/**
 * A member as {@link RedisMemberDirectory} keeps it in a room's members hash and sends it in its events: JSON with the
 * node and the claim token the Lua scripts read ({@code node}, {@code claim}), and what the other nodes' mirrors
 * need (display name, keys with the identity's signed device list, key fingerprint, Ragnarok or not, owner by password). No address, no password. Stateless.
 */
final class MemberEntryJson {
    private MemberEntryJson() {
    }

    static String encode(MemberDirectory.Entry entry, String claimToken) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("node", entry.node())
                .add("claim", claimToken)
                .add("key", entry.nickKey())
                .add("nick", entry.nick())
                .add("legacy", entry.legacy())
                .add("owner", entry.ownerByPassword());
        entry.keys().ifPresent(keys -> {
            JsonObjectBuilder written = Json.createObjectBuilder()
                    .add("agreement", keys.agreement()).add("signing", keys.signing())
                    .add("algorithm", keys.algorithm());
            keys.identity().ifPresent(identity -> written.add("identity", Json.createObjectBuilder()
                    .add("signing", identity.signing()).add("algorithm", identity.algorithm())
                    .add("devices", identity.devices()).add("signature", identity.signature())));
            json.add("keys", written);
        });
        entry.fingerprint().ifPresent(fingerprint -> json.add("fp", fingerprint));
        return json.build().toString();
    }

    /** A member of the room {@code roomKey}, as {@link #encode} wrote it. */
    static MemberDirectory.Entry decode(String roomKey, String text) {
        JsonObject json = parse(text);
        Optional<PublicKeys> keys = Optional.ofNullable(json.getJsonObject("keys")).map(k -> new PublicKeys(
                k.getString("agreement"), k.getString("signing"), k.getString("algorithm"),
                Optional.ofNullable(k.getJsonObject("identity")).map(i -> new DeviceListClaim(i.getString("signing"),
                        i.getString("algorithm"), i.getString("devices"), i.getString("signature")))));
        return new MemberDirectory.Entry(roomKey, json.getString("key"), json.getString("nick"), json.getString("node"), keys,
                Optional.ofNullable(json.getString("fp", null)), json.getBoolean("legacy"),
                json.getBoolean("owner"));
    }

    static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
