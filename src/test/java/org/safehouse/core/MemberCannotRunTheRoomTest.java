package org.safehouse.core;

import static org.safehouse.testing.Frames.assertError;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;

/**
 * Every frame that runs a room reaches the core and, from a plain member, is refused with {@code not_allowed} naming
 * the room; the connection stays open and the member stays in the room (docs/PROTOCOL.md, "Rooms with owners and
 * moderation": the server checks the role, whatever the page shows).
 */
class MemberCannotRunTheRoomTest {
    private final ChatHarness harness = ChatHarness.start("{}");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aMembersGovernanceFramesAreRefusedAndChangeNothing() {
        FakeClient mallory = harness.joined("den", "mallory");
        FakeClient bob = harness.joined("den", "bob");
        harness.tick();
        mallory.take();
        bob.take();
        List<String> frames = List.of(
                "{'msgType':'RoomSettings','room':'den','topic':'mine now'}",
                "{'msgType':'RoomSettings','room':'den','password':'locked out'}",
                "{'msgType':'SetRole','room':'den','nick':'bob','role':'moderator'}",
                "{'msgType':'TransferOwnership','room':'den','nick':'bob'}",
                "{'msgType':'Kick','room':'den','nick':'bob','reason':'bye'}",
                "{'msgType':'Ban','room':'den','nick':'bob'}",
                "{'msgType':'Unban','room':'den','banId':'b1'}",
                "{'msgType':'ListBans','room':'den'}",
                "{'msgType':'Mute','room':'den','nick':'bob','durationMs':600000}",
                "{'msgType':'Unmute','room':'den','nick':'bob'}",
                "{'msgType':'DeleteRoom','room':'den','confirm':'den'}",
                "{'msgType':'WipeRoom','room':'den','confirm':'den','newPassword':'correct horse'}");
        for (String frame : frames) {
            mallory.send(frame.replace('\'', '"'));
            assertError("not_allowed", "den", mallory.only());
        }
        harness.tick();
        bob.send("{\"msgType\":\"Broadcast\",\"room\":\"den\",\"text\":\"still here\"}");
        mallory.expect("Broadcast");
        bob.expect("Broadcast");
    }
}
