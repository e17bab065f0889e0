package org.safehouse.transport;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import org.safehouse.core.LogFields;

/**
 * {@code GET /metrics}: the Prometheus text format, to the clients {@link MetricsAccess} lets in; 403 to everyone
 * else, 503 while Safehouse is not deployed. Declared in web.xml. Never cached; the token is never logged.
 */
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(MetricsServlet.class.getName());
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Object attribute = getServletContext().getAttribute(SafehouseRuntime.ATTRIBUTE);
        if (!(attribute instanceof SafehouseRuntime runtime)) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        boolean forwarded = request.getHeader("Forwarded") != null || request.getHeader("X-Forwarded-For") != null
                || request.getHeader("X-Real-IP") != null;
        if (!runtime.metricsAccess().allows(request.getRemoteAddr(), forwarded, request.getHeader("Authorization"))) {
            LOG.log(Level.INFO, "refused /metrics {0} {1}", LogFields.field("addr", request.getRemoteAddr()),
                    LogFields.field("forwarded", forwarded));
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain");
            response.getWriter().write("metrics are served to loopback, metrics_allow and metrics_token only\n");
            return;
        }
        byte[] body = runtime.metrics().scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
