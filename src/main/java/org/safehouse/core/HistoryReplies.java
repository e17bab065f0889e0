package org.safehouse.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.ServerFrame;

/** The history part of the answer to a Join: the newest page, or a resume in pages. Caller holds the room's monitor. */
final class HistoryReplies {
    /** Messages a plain join shows, so a newcomer sees what the room is talking about. */
    static final int JOIN_PAGE = 50;

    private HistoryReplies() {
    }

    /**
     * The Joined frame and the History frames that continue a resume, in the order to send them. A resume whose epoch
     * matches returns every message after {@code since}, {@value JsonCodec#MAX_PAGE} a frame, oldest first;
     * otherwise (new epoch, or the id has left the window) what remains, marked not recovered.
     */
    static List<ServerFrame> joined(Room room, String nick, List<String> users, Optional<Long> since,
                                    Optional<String> epoch) {
        if (since.isEmpty()) {
            RoomHistory.Page page = room.history.newest(JOIN_PAGE);
            return List.of(new ServerFrame.Joined(room.name, room.title, nick, users, room.epoch, page.messages(),
                    page.hasMore(), Optional.empty(), room.keys(), room.requireEncryption, room.password.required()));
        }
        boolean sameEpoch = epoch.isPresent() && epoch.get().equals(room.epoch);
        RoomHistory.Recovery recovery = room.history.since(sameEpoch ? since.get() : -1);
        boolean recovered = sameEpoch && recovery.complete();
        List<ServerFrame.Broadcast> all = recovery.messages();
        List<ServerFrame> frames = new ArrayList<>();
        int first = Math.min(all.size(), JsonCodec.MAX_PAGE);
        frames.add(new ServerFrame.Joined(room.name, room.title, nick, users, room.epoch, all.subList(0, first),
                recovery.hasMore(), Optional.of(recovered), room.keys(), room.requireEncryption, room.password.required()));
        for (int from = first; from < all.size(); from += JsonCodec.MAX_PAGE) {
            int to = Math.min(all.size(), from + JsonCodec.MAX_PAGE);
            frames.add(new ServerFrame.HistoryPage(room.name, room.epoch, List.copyOf(all.subList(from, to)),
                    to < all.size()));
        }
        return frames;
    }
}
