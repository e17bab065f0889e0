package org.safehouse.cluster;

import java.util.ArrayList;
import java.util.List;
import org.safehouse.core.MailboxBus;

/**
 * The mailbox events on {@code P ch:p:<room>}, as the scripts ({@code mailbox-*.lua}) and {@link RedisMailboxes}
 * publish them: lines separated by {@code \n}, the kind first.
 * <pre>
 * kept\n&lt;1 if delivered, else 0&gt;\n&lt;displaced ids, comma-separated&gt;\n&lt;message JSON&gt;
 * delivered\n&lt;ids&gt;
 * deleted\n&lt;ids&gt;
 * known\n&lt;identity JSON&gt;
 * </pre>
 * Ids are {@link MailboxJson#id padded} decimals. An event this node cannot read is logged and skipped: the mirror
 * then lacks one change, as after a lost pub/sub message. Stateless.
 */
final class MailboxEvents {
    static final String KNOWN = "known";
    private static final System.Logger LOG = System.getLogger(MailboxEvents.class.getName());

    private MailboxEvents() {
    }

    /** Hands one event of the room's channel to the listener (on the pub/sub thread). */
    static void dispatch(String roomKey, String payload, MailboxBus.Listener listener) {
        String[] lines = payload.split("\n", 4);
        try {
            switch (lines[0]) {
                case "kept" -> listener.kept(roomKey, MailboxJson.decode(lines[3]), "1".equals(lines[1]),
                        ids(lines[2]));
                case "delivered" -> listener.delivered(roomKey, ids(lines[1]));
                case "deleted" -> listener.deleted(roomKey, ids(lines[1]));
                case KNOWN -> listener.remembered(roomKey, MailboxJson.identity(lines[1]));
                default -> LOG.log(System.Logger.Level.WARNING, "cluster: unknown mailbox event skipped");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster: unreadable mailbox event skipped ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<Long> ids(String line) {
        List<Long> ids = new ArrayList<>();
        for (String id : line.split(",")) {
            if (!id.isEmpty()) {
                ids.add(Long.parseLong(id));
            }
        }
        return ids;
    }
}
