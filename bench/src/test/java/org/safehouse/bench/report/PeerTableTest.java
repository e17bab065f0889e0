package org.safehouse.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerTableTest {

    private static Map<String, Object> row(String container, int round, double cpu, double p99) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("container", container);
        row.put("scenario", "fan-out");
        row.put("variant", "100 clients, 10 senders, 60,000 deliveries/s offered");
        row.put("clients", 100L);
        row.put("offered_deliveries_per_s", 60000L);
        row.put("lost", 0L);
        row.put("duplicated", 0L);
        row.put("p99_ms", p99);
        row.put("server_cpu_us_per_delivery", cpu);
        row.put("round", (long) round);
        return row;
    }

    @Test
    void comparesEachServerWithTheReferenceOfTheSameRoundAndIgnoresTheWarmUp() {
        List<Map<String, Object>> rows = List.of(
                row("safehouse /ragnarok", 0, 90, 1), row("ws", 0, 10, 1),
                row("safehouse /ragnarok", 1, 12, 2), row("ws", 1, 10, 3),
                row("safehouse /ragnarok", 2, 14, 2), row("ws", 2, 10, 3),
                row("safehouse /chat", 2, 20, 2));
        List<PeerTable.Pairing> pairings = PeerTable.pair(rows, "ws");
        assertEquals(2, pairings.size());
        PeerTable.Pairing ragnarok = pairings.get(0);
        assertEquals("safehouse /ragnarok", ragnarok.server());
        assertEquals(1.3, ragnarok.ratioOfMeans(), 1e-9);
        assertEquals(List.of(1.2, 1.4), ragnarok.roundRatios().stream().map(r -> Math.round(r * 10) / 10.0).toList());
        PeerTable.Pairing chat = pairings.get(1);
        assertEquals(List.of(2.0), chat.roundRatios());
    }

    @Test
    void countsTheRowsWhoseOfferedRateWasNotKept() {
        Map<String, Object> lagging = row("ws", 1, 10, 3);
        lagging.put("max_send_lag_ms", 316.7);
        Map<String, Object> onTime = row("ws", 2, 10, 3);
        onTime.put("max_send_lag_ms", 0.0);
        assertEquals(1, PeerTable.offSchedule(List.of(lagging, onTime, row("ws", 3, 10, 3))));
    }

    @Test
    void printsTheFloorOfTheSameSizeAndRateAgainstEachServer() {
        Map<String, Object> floor = row("kernel", 0, 8, 0);
        floor.put("scenario", "floor");
        floor.remove("round");
        List<Map<String, Object>> rows = List.of(row("safehouse /ragnarok", 1, 12, 2), row("ws", 1, 10, 3), floor);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PeerTable.print(rows, "ws", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("| **1.20×** |"), table);
        assertTrue(table.contains("| 0 of 2 |"), table);
        assertTrue(table.contains("| ws | 8.00 | 1.25× |"), table);
        assertTrue(table.contains("| safehouse /ragnarok | 8.00 | 1.50× |"), table);
    }
}
