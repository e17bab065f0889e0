package org.safehouse.bench.scenario;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.safehouse.bench.BenchContext;
import org.safehouse.bench.Options;
import org.safehouse.bench.client.ClientConnection;
import org.safehouse.bench.client.ClientPool;
import org.safehouse.bench.client.ConnectionListener;
import org.safehouse.bench.client.FrameType;
import org.safehouse.bench.client.MessageText;
import org.safehouse.bench.client.OutgoingFrames;
import org.safehouse.bench.measure.LoopStats;
import org.safehouse.bench.measure.Measurement;
import org.safehouse.bench.measure.Result;
import org.safehouse.bench.measure.SequenceTracker;

/**
 * Everyday chat: {@code --everyday-clients} (10,000) clients in rooms of {@code --everyday-room-size} (10), each
 * broadcasting once every {@code --everyday-period} seconds (60) and sending a private message to a random member of
 * its room every {@code --everyday-private-period} seconds (120), each at a random phase, for
 * {@code --everyday-duration} seconds (60). Texts: {@code b:<slot>:<seq>:<nanos>} and
 * {@code p:<slot>:<targetSlot>:<seq>:<nanos>}; a private message is expected twice (target and sender's copy).
 */
public final class EverydayChatScenario implements Scenario, ConnectionListener {
    private LoopStats[] stats;
    private volatile boolean sending;
    private int runs;

    /** Per connection; touched only on its event loop. */
    private static final class Member {
        final int slot;
        final SequenceTracker[] broadcasts;
        final SequenceTracker[] privates;
        final SequenceTracker[] copies;
        final long[] privateSent;
        final byte[] broadcastHead;
        final byte[][] privateHeads;
        final Random random;
        long broadcastSent;
        long rejected;

        Member(int slot, int roomSize, String room, String nickPrefix, long seed) {
            this.slot = slot;
            this.broadcasts = new SequenceTracker[roomSize];
            this.privates = new SequenceTracker[roomSize];
            this.copies = new SequenceTracker[roomSize];
            this.privateSent = new long[roomSize];
            this.broadcastHead = OutgoingFrames.broadcastHead(room);
            this.privateHeads = new byte[roomSize][];
            for (int t = 0; t < roomSize; t++) {
                privateHeads[t] = OutgoingFrames.privateHead(room, nickPrefix + t);
            }
            this.random = new Random(seed);
        }
    }

    @Override
    public String name() {
        return "everyday";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        Options options = context.options();
        int roomSize = Math.max(2, options.integer("everyday-room-size", 10));
        int clients = context.scaled(options.integer("everyday-clients", 10_000), roomSize);
        clients -= clients % roomSize;
        double seconds = options.decimal("everyday-duration", 60);
        double period = options.decimal("everyday-period", 60);
        double privatePeriod = options.decimal("everyday-private-period", 120);
        int concurrency = options.integer("connect-concurrency", 500);
        Result result = new Result(context.container(), "everyday", String.format(
                "%d clients in rooms of %d, 1 broadcast/%.0fs + 1 private/%.0fs each", clients, roomSize, period,
                privatePeriod));
        if (clients > context.connectionHeadroom()) {
            return List.of(result.warn("not run: " + clients + " clients exceed the open-file headroom "
                    + context.connectionHeadroom()));
        }
        ClientPool pool = context.pool();
        stats = LoopStats.create(pool.loopCount());
        int run = runs++;
        List<ClientConnection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int room = i / roomSize;
            int slot = i % roomSize;
            String roomName = "day-" + run + "-" + room;
            String prefix = "d" + room + "_";
            ClientConnection connection = new ClientConnection(i, roomName, prefix + slot, this);
            connection.scenarioState = new Member(slot, roomSize, roomName, prefix, i * 7919L + run);
            connections.add(connection);
        }
        context.log("everyday: joining " + clients + " clients");
        Connector.Outcome outcome = Connector.open(pool, connections, concurrency, 180_000);
        if (outcome.failed() > 0) {
            result.warn(outcome.failed() + " clients failed to join: " + outcome.failureSummary());
        }
        List<ClientConnection> joined = outcome.joined();
        Thread.sleep(1000);
        context.log("everyday: " + joined.size() + " joined in " + Result.round(outcome.seconds(), 1)
                + " s; chatting for " + seconds + " s");
        Random phases = new Random(42);
        List<ScheduledFuture<?>> timers = new ArrayList<>();
        Measurement measurement = Measurement.start(context.serverPid(), context.loopThreadIds());
        sending = true;
        long periodNanos = (long) (period * 1e9);
        long privateNanos = (long) (privatePeriod * 1e9);
        for (ClientConnection connection : joined) {
            Member member = (Member) connection.scenarioState;
            var loop = connection.channel().eventLoop();
            timers.add(loop.scheduleAtFixedRate(() -> broadcast(connection, member),
                    (long) (phases.nextDouble() * periodNanos), periodNanos, TimeUnit.NANOSECONDS));
            timers.add(loop.scheduleAtFixedRate(() -> whisper(connection, member, roomSize),
                    (long) (phases.nextDouble() * privateNanos), privateNanos, TimeUnit.NANOSECONDS));
        }
        Thread.sleep((long) (seconds * 1000));
        sending = false;
        timers.forEach(t -> t.cancel(false));
        pool.onEveryLoop(() -> { });
        Thread.sleep(2000);
        measurement.stop();
        pool.onEveryLoop(() -> { });
        fill(result, joined, roomSize, measurement);
        ClientPool.closeAll(joined, 20_000);
        context.settle();
        return List.of(result);
    }

    private void broadcast(ClientConnection connection, Member member) {
        if (!sending || !connection.isOpen()) {
            return;
        }
        connection.writeAndFlush(OutgoingFrames.message3(connection.channel().alloc(), member.broadcastHead, 'b',
                member.slot, member.broadcastSent++, System.nanoTime()));
    }

    private void whisper(ClientConnection connection, Member member, int roomSize) {
        if (!sending || !connection.isOpen()) {
            return;
        }
        int target = member.random.nextInt(roomSize - 1);
        if (target >= member.slot) {
            target++;
        }
        connection.writeAndFlush(OutgoingFrames.message(connection.channel().alloc(), member.privateHeads[target],
                'p', member.slot, target, member.privateSent[target]++, System.nanoTime()));
    }

    @Override
    public void onMessage(ClientConnection connection, FrameType type, MessageText text, boolean senderCopy,
            long receivedNanos) {
        Member member = (Member) connection.scenarioState;
        LoopStats loopStats = stats[connection.loopIndex()];
        int size = member.broadcasts.length;
        if (text.kind() == 'b' && text.count() == 3 && text.number(0) < size) {
            tracker(member.broadcasts, (int) text.number(0)).record(text.number(1));
            loopStats.recordLatency(text.number(2), receivedNanos);
        } else if (text.kind() == 'p' && text.count() == 4 && text.number(0) < size && text.number(1) < size) {
            if (senderCopy) {
                tracker(member.copies, (int) text.number(1)).record(text.number(2));
            } else {
                tracker(member.privates, (int) text.number(0)).record(text.number(2));
            }
            loopStats.recordLatency(text.number(3), receivedNanos);
        } else {
            loopStats.foreign++;
            return;
        }
        loopStats.countReceived();
    }

    private static SequenceTracker tracker(SequenceTracker[] trackers, int index) {
        SequenceTracker tracker = trackers[index];
        if (tracker == null) {
            tracker = new SequenceTracker();
            trackers[index] = tracker;
        }
        return tracker;
    }

    @Override
    public void onError(ClientConnection connection, String code) {
        stats[connection.loopIndex()].countError(code);
        if (code.equals("rate_limited")) {
            ((Member) connection.scenarioState).rejected++;
        }
    }

    @Override
    public void onClosed(ClientConnection connection, int code, boolean byUs) {
        if (!byUs) {
            stats[connection.loopIndex()].countClose(code);
        }
    }

    private void fill(Result result, List<ClientConnection> joined, int roomSize, Measurement measurement) {
        // Members by room and slot, to know what each receiver was owed.
        Member[][] rooms = new Member[joined.isEmpty() ? 0 : joined.get(joined.size() - 1).index() / roomSize + 1]
                [roomSize];
        for (ClientConnection connection : joined) {
            rooms[connection.index() / roomSize][connection.index() % roomSize] = (Member) connection.scenarioState;
        }
        long sent = 0;
        long expected = 0;
        long unique = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long rejected = 0;
        int closed = 0;
        for (ClientConnection connection : joined) {
            Member member = (Member) connection.scenarioState;
            sent += member.broadcastSent;
            for (long count : member.privateSent) {
                sent += count;
            }
            rejected += member.rejected;
            if (connection.closeCode() != 0) {
                closed++;
                continue;
            }
            Member[] room = rooms[connection.index() / roomSize];
            for (int s = 0; s < roomSize; s++) {
                Member other = room[s];
                if (other != null) {
                    expected += other.broadcastSent + other.privateSent[member.slot];
                }
                expected += member.privateSent[s];
                for (SequenceTracker tracker : new SequenceTracker[] {
                        member.broadcasts[s], member.privates[s], member.copies[s]}) {
                    if (tracker != null) {
                        unique += tracker.unique();
                        duplicates += tracker.duplicates();
                        outOfOrder += tracker.outOfOrder();
                    }
                }
            }
        }
        LoopStats total = LoopStats.merge(stats);
        result.put("clients", joined.size())
                .put("sent", sent)
                .put("rejected", rejected)
                .put("expected", expected)
                .put("received", total.received)
                .put("lost", Math.max(0, expected - unique))
                .put("duplicated", duplicates)
                .put("out_of_order", outOfOrder)
                .put("closed_clients", closed)
                .put("deliveries_per_s", Math.round(total.received / measurement.seconds()))
                .latency("", total.latencyMicros);
        if (!total.closes.isEmpty()) {
            result.put("close_codes", total.closes.toString());
        }
        if (!total.errors.isEmpty()) {
            result.put("errors", total.errors.toString());
        }
        measurement.fill(result, total.received);
        if (rejected > 0) {
            result.warn(rejected + " messages rate_limited (counted as lost): raise the bench config's limits");
        }
    }
}
