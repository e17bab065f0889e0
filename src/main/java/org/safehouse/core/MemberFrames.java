package org.safehouse.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safehouse.protocol.EncodedSize;
import org.safehouse.protocol.PublicKeys;
import org.safehouse.protocol.RenderedNames;
import org.safehouse.protocol.ServerFrame;

/**
 * Member lists cut into frames that fit a {@link FrameBudget}. A list of a few thousand long names (and their keys)
 * can outgrow a connection's queue; each part then goes in its own frame. Stateless.
 */
final class MemberFrames {
    /** Room name and the fixed text of a Presence or OnlineUsers frame, generously. */
    private static final int FRAME_OVERHEAD_BYTES = 512;
    /**
     * Most bytes one name adds to a Presence, generously: 32 code points of 4 bytes, quotes and comma (130), and its
     * keys (two base64 SPKI P-256 keys of 124 characters, the algorithm and the field names: under 400).
     */
    private static final long MAX_ENTRY_BYTES = 1024;

    private MemberFrames() {
    }

    /** Consecutive parts of a member list with the keys of their members. */
    record Part(List<String> names, Map<String, PublicKeys> keys, long bytes) {
    }

    /**
     * Cuts {@code names} into parts: the first at most {@code firstBytes} (it may be empty), each other at most
     * {@code restBytes} and holding at least one name. The whole list in one part (the rendered list itself, spliced
     * fast) when it fits.
     */
    static List<Part> split(List<String> names, Map<String, PublicKeys> keys, long firstBytes, long restBytes) {
        long keyBytes = 0;
        for (Map.Entry<String, PublicKeys> entry : keys.entrySet()) {
            keyBytes += EncodedSize.keysEntry(entry.getKey(), entry.getValue()) + 1L;
        }
        long upperBound = names instanceof RenderedNames rendered ? rendered.jsonChars() * 3 : Long.MAX_VALUE;
        if (upperBound + keyBytes <= firstBytes) {
            return List.of(new Part(names, keys, upperBound + keyBytes));
        }
        List<Part> parts = new ArrayList<>();
        List<String> current = new ArrayList<>();
        Map<String, PublicKeys> currentKeys = new LinkedHashMap<>();
        long bytes = 0;
        long limit = firstBytes;
        for (String name : names) {
            PublicKeys key = keys.get(name);
            long size = EncodedSize.string(name) + 1L + (key == null ? 0 : EncodedSize.keysEntry(name, key) + 1L);
            boolean mayBeEmpty = parts.isEmpty();
            if (bytes + size > limit && (!current.isEmpty() || mayBeEmpty)) {
                parts.add(new Part(List.copyOf(current), Map.copyOf(currentKeys), bytes));
                current = new ArrayList<>();
                currentKeys = new LinkedHashMap<>();
                bytes = 0;
                limit = restBytes;
            }
            current.add(name);
            if (key != null) {
                currentKeys.put(name, key);
            }
            bytes += size;
        }
        parts.add(new Part(List.copyOf(current), Map.copyOf(currentKeys), bytes));
        return parts;
    }

    /** The bytes a list frame may spend on names: the budget less the frame's own text. */
    static long listBytes(FrameBudget budget) {
        return Math.max(1, budget.frameBytes() - FRAME_OVERHEAD_BYTES);
    }

    /**
     * Ragnarok's full list. A Ragnarok client replaces its list with each OnlineUsers it gets, so the list cannot be
     * continued in another frame: a room too large for one frame shows the members that fit (in joining order).
     */
    static ServerFrame.OnlineUsers onlineUsers(String room, List<String> users, FrameBudget budget) {
        List<Part> parts = split(users, Map.of(), listBytes(budget), listBytes(budget));
        return new ServerFrame.OnlineUsers(room, parts.get(0).names());
    }

    /** One coalesced change as Presence frames: joins then leaves, each frame within the budget. */
    static List<ServerFrame.Presence> presence(String room, List<String> joined, List<String> left,
                                               Map<String, PublicKeys> keys, FrameBudget budget) {
        long limit = listBytes(budget);
        if ((joined.size() + left.size()) * MAX_ENTRY_BYTES <= limit) { // the usual flush: no need to measure
            return List.of(new ServerFrame.Presence(room, joined, left, keys));
        }
        List<Part> joins = split(joined, keys, limit, limit);
        List<Part> leaves = split(left, Map.of(), limit, limit);
        if (joins.size() == 1 && leaves.size() == 1 && joins.get(0).bytes() + leaves.get(0).bytes() <= limit) {
            return List.of(new ServerFrame.Presence(room, joined, left, keys));
        }
        List<ServerFrame.Presence> frames = new ArrayList<>();
        for (Part part : joins) {
            if (!part.names().isEmpty()) {
                frames.add(new ServerFrame.Presence(room, part.names(), List.of(), part.keys()));
            }
        }
        for (Part part : leaves) {
            if (!part.names().isEmpty()) {
                frames.add(new ServerFrame.Presence(room, List.of(), part.names(), Map.of()));
            }
        }
        return frames;
    }
}
