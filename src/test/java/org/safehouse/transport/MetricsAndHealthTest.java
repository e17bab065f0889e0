package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.config.AddressRange;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.MonitoringConfig;
import org.safehouse.core.ChatServer;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.testing.RecordingConnection;

/** Who may read /metrics, what /health says in each state, and that the Prometheus text names what DEPLOY.md lists. */
class MetricsAndHealthTest {
    static final String TOKEN = "a-long-enough-metrics-token-0123456789";
    private SafehouseRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    SafehouseRuntime runtime() throws Exception {
        InMemoryBroker broker = new InMemoryBroker();
        ChatServer chat = new ChatServer(new ConfigLoader(new Argon2PasswordHasher()).parse("{}", "test", Path.of(".")),
                broker, new Argon2PasswordHasher(), Clock.systemUTC());
        runtime = new SafehouseRuntime(chat, broker, java.util.concurrent.Executors.newSingleThreadExecutor());
        return runtime;
    }

    @Test
    void loopbackAndAllowedBlocksReadMetricsDirectlyOthersOnlyWithTheToken() {
        MetricsAccess access = new MetricsAccess(new MonitoringConfig(List.of(AddressRange.parse("10.1.0.0/16"),
                AddressRange.parse("2001:db8::/32")), Optional.of(TOKEN), MonitoringConfig.LogFormat.TEXT));
        assertTrue(access.allows("127.0.0.1", false, null));
        assertTrue(access.allows("127.0.0.2", false, null));
        assertTrue(access.allows("0:0:0:0:0:0:0:1", false, null));
        assertTrue(access.allows("10.1.200.3", false, null));
        assertTrue(access.allows("2001:db8:0:0:0:0:0:7", false, null));
        assertFalse(access.allows("10.2.0.1", false, null), "outside metrics_allow");
        assertFalse(access.allows("192.0.2.1", false, "Bearer wrong"));
        assertFalse(access.allows("192.0.2.1", false, "Basic " + TOKEN));
        assertFalse(access.allows("192.0.2.1", false, "Bearer " + TOKEN.substring(1)));
        assertTrue(access.allows("192.0.2.1", false, "Bearer " + TOKEN));
        assertTrue(access.allows("192.0.2.1", false, "bearer  " + TOKEN + " "));
        assertFalse(access.allows("127.0.0.1", true, null), "through a proxy, loopback says nothing about the client");
        assertFalse(access.allows("10.1.200.3", true, null));
        assertTrue(access.allows("127.0.0.1", true, "Bearer " + TOKEN));
        assertFalse(access.allows("unknown", false, null));

        MetricsAccess noToken = new MetricsAccess(MonitoringConfig.DEFAULTS);
        assertFalse(noToken.allows("192.0.2.1", false, "Bearer "), "no token configured: an empty one is no key");
        assertFalse(noToken.allows("10.1.200.3", false, null));
    }

    @Test
    void healthIsUpWithCountsWhileServingAndUnavailableWhileStartingOrStopping() throws Exception {
        HealthServlet.Report starting = HealthServlet.report(null, "1.2.3");
        assertEquals(503, starting.status());
        assertEquals("{\"status\":\"starting\",\"version\":\"1.2.3\"}", starting.json());

        SafehouseRuntime serving = runtime();
        HealthServlet.Report up = HealthServlet.report(serving, "1.2.3");
        assertEquals(200, up.status());
        assertTrue(up.json().matches("\\{\"status\":\"up\",\"version\":\"1.2.3\",\"uptimeSeconds\":\\d+,"
                + "\"rooms\":1,\"connections\":0}"), up.json());

        serving.beginStopping();
        HealthServlet.Report stopping = HealthServlet.report(serving, "1.2.3");
        assertEquals(503, stopping.status());
        assertEquals("{\"status\":\"stopping\",\"version\":\"1.2.3\"}", stopping.json());
    }

    @Test
    void theScrapeNamesEveryMetricTheDocsList() throws Exception {
        SafehouseRuntime serving = runtime();
        ChatServer chat = serving.chat();
        var session = chat.open(new RecordingConnection("10.0.0.1"), false);
        chat.receive(session, "{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"ann\"}");
        chat.receive(session, "{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"ann\"}");
        serving.metrics().joinRefused(ErrorCode.WRONG_PASSWORD);
        serving.metrics().passwordCheckQueued();
        serving.metrics().passwordCheckStarted(5_000_000);
        serving.metrics().passwordCheckFinished(20_000_000);
        serving.metrics().closedWith(4002);
        serving.metrics().delivered();
        String text = serving.metrics().scrape();
        for (String line : List.of("safehouse_connections{endpoint=\"chat\"} 1.0",
                "safehouse_connections{endpoint=\"ragnarok\"} 0.0",
                "safehouse_joins_total{endpoint=\"chat\"} 1.0",
                "safehouse_join_refusals_total{reason=\"already_joined\"} 1.0",
                "safehouse_join_refusals_total{reason=\"wrong_password\"} 1.0",
                "safehouse_messages_in_total 2.0",
                "safehouse_deliveries_out_total 1.0",
                "safehouse_closes_total{code=\"4002\"} 1.0",
                "safehouse_slow_consumer_closes_total 1.0",
                "safehouse_outbound_queue_bytes 0.0",
                "safehouse_password_checks_waiting 0.0",
                "safehouse_password_checks_running 0.0",
                "safehouse_password_check_wait_seconds_count 1",
                "safehouse_password_check_wait_seconds_sum 0.005",
                "safehouse_password_check_duration_seconds_sum 0.02",
                "safehouse_password_throttled_total 0.0",
                "safehouse_rate_limited_total 0.0",
                "safehouse_rooms 1.0",
                "safehouse_history_bytes 0.0")) {
            assertTrue(text.contains(line + "\n"), () -> line + " missing from:\n" + text);
        }
        assertTrue(text.contains("jvm_memory_used_bytes{"), text);
        assertTrue(text.contains("jvm_gc_"), text);
    }
}
