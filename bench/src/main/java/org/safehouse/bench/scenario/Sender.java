package org.safehouse.bench.scenario;

import org.safehouse.bench.client.ClientConnection;
import org.safehouse.bench.client.OutgoingFrames;

/**
 * A connection that sends {@code <kind>:<sender>:<seq>:<sendNanos>} texts behind a fixed head (a Broadcast's or a
 * PrivateMessage's). Its counters are touched only on the connection's event loop. The sequence restarts at 0 with
 * each phase, so that the measured phase's numbers are exactly 0..sent-1.
 */
final class Sender {
    final int number;
    final ClientConnection connection;
    final byte[] head;
    int phaseId = -1;
    long sentInPhase;
    long rejectedInPhase;
    long inFlight;
    long lastEchoNanos;
    long maxBehindMessages;

    /** A broadcaster in the connection's room (over /ragnarok: in the default room). */
    Sender(int number, ClientConnection connection) {
        this(number, connection, connection.isRagnarok() ? OutgoingFrames.ragnarokBroadcastHead()
                : OutgoingFrames.broadcastHead(connection.room()));
    }

    Sender(int number, ClientConnection connection, byte[] head) {
        this.number = number;
        this.connection = connection;
        this.head = head;
    }

    /** Queues one message of the phase: flushed by the caller, or after the read batch when {@code afterRead}. */
    void send(Phase phase, boolean afterRead) {
        if (phase.id() != phaseId) {
            phaseId = phase.id();
            sentInPhase = 0;
            rejectedInPhase = 0;
        }
        long now = System.nanoTime();
        var message = OutgoingFrames.message3(connection.channel().alloc(), head, phase.kind(), number, sentInPhase,
                now);
        if (afterRead) {
            connection.writeAfterRead(message);
        } else {
            connection.write(message);
        }
        sentInPhase++;
        inFlight++;
    }

    /**
     * Fixed-rate pacing, called every millisecond on the connection's loop: sends and flushes what the schedule owes
     * at {@code now} ({@code ratePerSecond} messages a second from the phase's start, {@code lag} of a period behind
     * a sender with lag 0), at most 1/100 s worth at once (a sender that fell further behind records how far).
     */
    void sendOwed(Phase current, long now, double ratePerSecond, double lag) {
        long sentSoFar = phaseId == current.id() ? sentInPhase : 0;
        long due = (long) ((now - current.startNanos()) * ratePerSecond / 1e9 + 1 - lag);
        long owed = due - sentSoFar;
        if (owed <= 0) {
            return;
        }
        long cap = Math.max(8, (long) (ratePerSecond / 100));
        if (owed > cap) {
            maxBehindMessages = Math.max(maxBehindMessages, owed);
            owed = cap;
        }
        for (long i = 0; i < owed; i++) {
            send(current, false);
        }
        connection.flush();
    }
}
