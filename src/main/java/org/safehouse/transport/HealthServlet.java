package org.safehouse.transport;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.safehouse.config.BuildInfo;

/**
 * {@code GET /health}, for supervisors and load balancers: 200 with
 * {@code {"status":"up","version":...,"uptimeSeconds":...,"rooms":...,"connections":...}} while Safehouse serves,
 * 503 with {@code "status":"starting"} or {@code "stopping"} otherwise, and with {@code "cluster_unavailable"} while
 * a node of a cluster has lost its Redis (it admits nobody then, so a balancer should send clients elsewhere). Open to everyone (declared in web.xml); it
 * tells no more than counts. Never cached.
 */
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The build's version and commit ({@link BuildInfo}), as --version prints them. */
    private final String version = BuildInfo.current().version() + "+" + BuildInfo.current().commit();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object attribute = getServletContext().getAttribute(SafehouseRuntime.ATTRIBUTE);
        Report report = report(attribute instanceof SafehouseRuntime runtime ? runtime : null, version);
        response.setStatus(report.status());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(report.json());
    }

    /** The answer for a runtime (null: not deployed yet). */
    static Report report(SafehouseRuntime runtime, String version) {
        var json = Json.createObjectBuilder();
        if (runtime == null || runtime.isStopping()) {
            json.add("status", runtime == null ? "starting" : "stopping").add("version", version);
            return new Report(HttpServletResponse.SC_SERVICE_UNAVAILABLE, json.build().toString());
        }
        if (!runtime.chat().clusterHealth().healthy()) {
            json.add("status", "cluster_unavailable").add("version", version);
            return new Report(HttpServletResponse.SC_SERVICE_UNAVAILABLE, json.build().toString());
        }
        json.add("status", "up").add("version", version).add("uptimeSeconds", runtime.uptimeSeconds())
                .add("rooms", runtime.chat().roomCount()).add("connections", runtime.connectionCount());
        return new Report(HttpServletResponse.SC_OK, json.build().toString());
    }

    record Report(int status, String json) {
    }
}
