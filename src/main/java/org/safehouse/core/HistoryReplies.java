package org.safehouse.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safehouse.delivery.OutboundFrame;
import org.safehouse.protocol.EncodedSize;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.PublicKeys;
import org.safehouse.protocol.RenderedNames;
import org.safehouse.protocol.Role;
import org.safehouse.protocol.ServerFrame;

/**
 * The answer to a Join (Joined, the rest of a long member list, the History frames of a resume) and to a History
 * request, cut by encoded bytes to a {@link FrameBudget}: no frame outgrows a connection's queue, whatever the
 * members wrote or however many they are. Caller holds the room's monitor.
 */
final class HistoryReplies {
    /** Messages a plain join shows, so a newcomer sees what the room is talking about. */
    static final int JOIN_PAGE = 50;
    /** The fields a frame may carry beyond the empty one measured (hasMore true, continueAfter), generously. */
    private static final int SLACK_BYTES = 64;

    private HistoryReplies() {
    }

    /**
     * The Joined frame and the frames that follow it, in the order to send them.
     * <ol>
     *   <li>Joined: the member list and its keys up to half the frame (all of it when there is no history), then as
     *       many history messages as fit: the newest of the newest page on a plain join, the oldest after
     *       {@code since} on a resume.</li>
     *   <li>Presence frames ({@code joined} only) with the rest of the member list.</li>
     *   <li>On a resume, History frames with the rest of the messages after {@code since}, oldest first, while the
     *       reply stays within {@link FrameBudget#replyBytes}; a resume cut short ends with a History frame naming
     *       {@code continueAfter}.</li>
     * </ol>
     * A plain join's page that does not fit says {@code hasMore}: the client pages back with History. Messages up to
     * the newcomer's {@link Room#historyFloor} are left out, as if they did not exist.
     */
    static List<ServerFrame> joined(Room room, Member newcomer, RenderedNames users, Optional<Long> since,
                                    Optional<String> epoch, FrameBudget budget, JsonCodec codec) {
        String nick = newcomer.nick();
        long floor = room.historyFloor(newcomer);
        Map<String, PublicKeys> keys = room.keys();
        boolean resume = since.isPresent();
        boolean sameEpoch = resume && epoch.isPresent() && epoch.get().equals(room.epoch());
        List<ServerFrame.Broadcast> messages;
        boolean olderExist;
        Optional<Boolean> recovered = Optional.empty();
        long after = -1;
        if (resume) {
            after = sameEpoch ? since.get() : -1;
            RoomHistory.Recovery recovery = room.history().since(after);
            RoomHistory.Page visible = new RoomHistory.Page(recovery.messages(), recovery.hasMore())
                    .visibleAfter(floor);
            messages = visible.messages();
            olderExist = visible.hasMore();
            recovered = Optional.of(sameEpoch && recovery.complete());
        } else {
            RoomHistory.Page page = room.history().newest(JOIN_PAGE).visibleAfter(floor);
            messages = page.messages();
            olderExist = page.hasMore();
        }
        RoomRules rules = room.rules();
        Role role = room.roleOf(newcomer);
        ServerFrame.RoomOptions options = OwnerFrames.options(rules);
        Map<String, Role> roles = room.governance().onlineRoles(); // at most the owner's and moderators' members
        long base = bytes(codec, new ServerFrame.Joined(room.name(), room.title(), nick, List.of(), room.epoch(), List.of(),
                true, recovered, Map.of(), room.requireEncryption(), room.password().required(), role, rules.topic(),
                options, roles, rules.seal())) + SLACK_BYTES;
        long frameLeft = Math.max(0, budget.frameBytes() - base);
        List<MemberFrames.Part> members = MemberFrames.split(users, keys, messages.isEmpty() ? frameLeft : frameLeft / 2,
                MemberFrames.listBytes(budget));
        long historyBytes = frameLeft - members.get(0).bytes();

        List<ServerFrame> frames = new ArrayList<>();
        List<ServerFrame.Broadcast> inJoined;
        if (resume) {
            inJoined = oldestThatFit(messages, 0, historyBytes, false);
        } else {
            inJoined = newestThatFit(messages, historyBytes, false);
            olderExist |= inJoined.size() < messages.size();
        }
        MemberFrames.Part first = members.get(0);
        frames.add(new ServerFrame.Joined(room.name(), room.title(), nick, first.names(), room.epoch(), inJoined,
                olderExist, recovered, first.keys(), room.requireEncryption(), room.password().required(), role,
                rules.topic(), options, roles, rules.seal()));
        long spent = base + first.bytes() + sizeOf(inJoined);
        for (MemberFrames.Part part : members.subList(1, members.size())) {
            frames.add(new ServerFrame.Presence(room.name(), part.names(), List.of(), part.keys()));
            spent += part.bytes() + SLACK_BYTES + EncodedSize.string(room.name());
        }
        if (resume) {
            addResumePages(frames, room, messages, inJoined.size(), after, budget, codec, spent);
        }
        return frames;
    }

    private static void addResumePages(List<ServerFrame> frames, Room room, List<ServerFrame.Broadcast> messages,
                                       int from, long after, FrameBudget budget, JsonCodec codec, long spent) {
        if (from == messages.size()) {
            return;
        }
        long pageBase = bytes(codec, new ServerFrame.HistoryPage(room.name(), room.epoch(), List.of(), true)) + SLACK_BYTES;
        long lastSent = from == 0 ? Math.max(after, 0) : messages.get(from - 1).id();
        List<ServerFrame.HistoryPage> pages = new ArrayList<>();
        while (from < messages.size()) {
            List<ServerFrame.Broadcast> page = oldestThatFit(messages, from, budget.frameBytes() - pageBase, true);
            long size = pageBase + sizeOf(page);
            if (spent + size > budget.replyBytes()) {
                break;
            }
            spent += size;
            from += page.size();
            lastSent = page.get(page.size() - 1).id();
            pages.add(new ServerFrame.HistoryPage(room.name(), room.epoch(), page, from < messages.size()));
        }
        if (from < messages.size()) { // cut short: the client fetches the rest
            ServerFrame.HistoryPage last = pages.isEmpty()
                    ? new ServerFrame.HistoryPage(room.name(), room.epoch(), List.of(), true)
                    : pages.remove(pages.size() - 1);
            pages.add(new ServerFrame.HistoryPage(room.name(), room.epoch(), last.messages(), true,
                    Optional.of(lastSent)));
        }
        frames.addAll(pages);
    }

    /** The answer to a History request: the page, cut to the frame budget from the end the client paged from. */
    static ServerFrame.HistoryPage page(Room room, RoomHistory.Page page, boolean newer, FrameBudget budget,
                                        JsonCodec codec) {
        long pageBase = bytes(codec, new ServerFrame.HistoryPage(room.name(), room.epoch(), List.of(), true)) + SLACK_BYTES;
        long limit = budget.frameBytes() - pageBase;
        List<ServerFrame.Broadcast> messages = newer
                ? oldestThatFit(page.messages(), 0, limit, true)
                : newestThatFit(page.messages(), limit, true);
        return new ServerFrame.HistoryPage(room.name(), room.epoch(), messages,
                page.hasMore() || messages.size() < page.messages().size());
    }

    /**
     * The longest run from {@code from} that fits, at most {@value JsonCodec#MAX_PAGE} messages; with
     * {@code atLeastOne}, the first message even if it does not.
     */
    private static List<ServerFrame.Broadcast> oldestThatFit(List<ServerFrame.Broadcast> messages, int from,
                                                             long bytes, boolean atLeastOne) {
        long used = 0;
        int to = from;
        while (to < messages.size() && to - from < JsonCodec.MAX_PAGE) {
            long size = EncodedSize.broadcast(messages.get(to)) + 1L;
            if (used + size > bytes && !(atLeastOne && to == from)) {
                break;
            }
            used += size;
            to++;
        }
        return List.copyOf(messages.subList(from, to));
    }

    /** The longest run ending with the newest message that fits (oldest first). */
    private static List<ServerFrame.Broadcast> newestThatFit(List<ServerFrame.Broadcast> messages, long bytes,
                                                             boolean atLeastOne) {
        long used = 0;
        int from = messages.size();
        while (from > 0) {
            long size = EncodedSize.broadcast(messages.get(from - 1)) + 1L;
            if (used + size > bytes && !(atLeastOne && from == messages.size())) {
                break;
            }
            used += size;
            from--;
        }
        return List.copyOf(messages.subList(from, messages.size()));
    }

    private static long sizeOf(List<ServerFrame.Broadcast> messages) {
        long bytes = 0;
        for (ServerFrame.Broadcast message : messages) {
            bytes += EncodedSize.broadcast(message) + 1L;
        }
        return bytes;
    }

    private static long bytes(JsonCodec codec, ServerFrame frame) {
        return OutboundFrame.of(codec.encode(frame)).utf8Bytes();
    }
}
