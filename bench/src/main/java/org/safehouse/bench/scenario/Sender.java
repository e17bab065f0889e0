package org.safehouse.bench.scenario;

import org.safehouse.bench.client.ClientConnection;
import org.safehouse.bench.client.OutgoingFrames;

/**
 * A connection that broadcasts {@code <kind>:<sender>:<seq>:<sendNanos>} texts. Its counters are touched only on
 * the connection's event loop. The sequence restarts at 0 with each phase, so that the measured phase's numbers are
 * exactly 0..sent-1.
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

    Sender(int number, ClientConnection connection) {
        this.number = number;
        this.connection = connection;
        this.head = OutgoingFrames.broadcastHead(connection.room());
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
}
