package org.safehouse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Joined and OnlineUsers carrying a {@link RenderedNames} must encode byte for byte as they do with a plain list of
 * the same names, which goes through the writer's escaping name by name (the rendering clients always got).
 */
class JsonCodecMemberListTest {
    private final JsonCodec codec = new JsonCodec();

    static RenderedNames rendered(List<String> names) {
        RenderedNameList list = new RenderedNameList();
        names.forEach(list::add);
        return list.snapshot();
    }

    static ServerFrame.Joined joined(String room, List<String> users) {
        return new ServerFrame.Joined(room, room + " \"title\"", "ann", users, "0123456789abcdef",
                List.of(new ServerFrame.Broadcast(7260913021018112L, room, 1763779200000L, "Zoë", "hi \"you\"\n"),
                        new ServerFrame.Broadcast(7260913021018113L, room, 1763779200001L, "bob", "中文 😀")),
                true, Optional.of(false),
                Map.of("Zoë", new PublicKeys("agree", "sign", "ECDSA-P256-SHA256")), true, false, Role.MODERATOR, "",
                ServerFrame.RoomOptions.DEFAULT, Map.of("ann", Role.MODERATOR));
    }

    @Test
    void joinedIsTheSameTextWithRenderedOrPlainUsers() {
        for (List<String> names : List.of(List.<String>of(), List.of("ann"), RenderedNameListTest.AWKWARD,
                RenderedNameListTest.manyAwkwardNames())) {
            for (String room : List.of("lobby", "salle à manger", "茶室")) {
                assertEquals(codec.encode(joined(room, List.copyOf(names))), codec.encode(joined(room, rendered(names))),
                        () -> room + " with " + names.size() + " names");
            }
        }
    }

    @Test
    void onlineUsersIsTheSameTextWithRenderedOrPlainUsers() {
        for (List<String> names : List.of(List.<String>of(), List.of("ann"), RenderedNameListTest.AWKWARD,
                RenderedNameListTest.manyAwkwardNames())) {
            assertEquals(codec.encode(new ServerFrame.OnlineUsers("lobby", List.copyOf(names))),
                    codec.encode(new ServerFrame.OnlineUsers("lobby", rendered(names))));
        }
    }

    @Test
    void theWireShowsTheNamesEscapedOnce() {
        assertEquals("{\"msgType\":\"OnlineUsers\",\"room\":\"lobby\",\"Users\":[\"ann\",\"say \\\"hi\\\"\",\"a\\\\b\"]}",
                codec.encode(new ServerFrame.OnlineUsers("lobby", rendered(List.of("ann", "say \"hi\"", "a\\b")))));
    }
}
