package org.safehouse.transport;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import org.safehouse.config.AdminConfig;
import org.safehouse.core.PanicWipe;
import org.safehouse.core.ServerBan;
import org.safehouse.core.ServerOperator;

/**
 * The operator's HTTP API under {@code /admin/}, JSON in and out (README, "Operating a server"). Without
 * {@code admin_token} every request answers 404, as if there were no API. Otherwise a request without
 * {@code Authorization: Bearer <admin_token>} gets 401, and an address group that failed
 * {@link AdminThrottle#FAILURES_PER_MINUTE} times in a minute gets 429. The actions are {@link ServerOperator}'s,
 * which logs each (never the token, a password or an address). Declared in web.xml, async (a password is hashed on
 * the password workers, not on the container's thread). Never cached.
 */
public final class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(AdminServlet.class.getName());
    /** The actor named in the operator's log lines. */
    static final String ACTOR = "admin-api";
    /** The largest request body read. */
    static final int MAX_BODY_BYTES = 8192;
    private static final String BEARER = "Bearer ";
    /** What {@code POST /admin/wipe} must carry in {@code confirm}, so no stray request wipes the server. */
    static final String WIPE_CONFIRMATION = "wipe everything";

    private final transient AdminThrottle throttle = new AdminThrottle(Clock.systemUTC());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Object attribute = getServletContext().getAttribute(SafehouseRuntime.ATTRIBUTE);
        if (!(attribute instanceof SafehouseRuntime runtime)) {
            answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, error("starting or stopping"));
            return;
        }
        AdminConfig admin = runtime.chat().config().admin();
        if (!admin.enabled()) {
            answer(response, HttpServletResponse.SC_NOT_FOUND, error("not found"));
            return;
        }
        String client = clientAddress(request, runtime);
        if (throttle.throttled(client)) {
            answer(response, 429, error("too many wrong tokens; wait a minute"));
            return;
        }
        if (!admin.accepts(bearer(request.getHeader("Authorization")))) {
            throttle.failed(client);
            LOG.log(Level.INFO, "refused an /admin/ request: wrong or missing token");
            response.setHeader("WWW-Authenticate", "Bearer");
            answer(response, HttpServletResponse.SC_UNAUTHORIZED, error("admin token required"));
            return;
        }
        LOG.log(Level.INFO, "operator request {0} {1} actor={2}", request.getMethod(),
                AdminJson.printable(request.getPathInfo() == null ? "/" : request.getPathInfo()), ACTOR);
        try {
            route(request, response, runtime.chat().operator());
        } catch (BadRequest e) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, error(e.getMessage()));
        } catch (ServerOperator.Refused e) {
            answer(response, HttpServletResponse.SC_CONFLICT, error(e.getMessage()));
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response, ServerOperator operator)
            throws IOException, BadRequest, ServerOperator.Refused {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        if (path.equals("/rooms") && method.equals("GET")) {
            JsonArrayBuilder rooms = Json.createArrayBuilder();
            operator.listRooms().forEach(room -> rooms.add(AdminJson.room(room)));
            answer(response, HttpServletResponse.SC_OK, Json.createObjectBuilder().add("rooms", rooms).build());
        } else if (path.startsWith("/rooms/") && path.endsWith("/password") && method.equals("POST")) {
            String room = path.substring("/rooms/".length(), path.length() - "/password".length());
            rotatePassword(request, response, operator, room, text(body(request), "password", true).orElseThrow());
        } else if (path.startsWith("/rooms/") && method.equals("GET")) {
            String room = path.substring("/rooms/".length());
            Optional<ServerOperator.RoomSummary> summary = operator.room(room);
            Optional<List<ServerOperator.MemberSummary>> members = operator.members(room);
            if (summary.isEmpty() || members.isEmpty()) {
                answer(response, HttpServletResponse.SC_NOT_FOUND, error("no such room"));
                return;
            }
            answer(response, HttpServletResponse.SC_OK, Json.createObjectBuilder()
                    .add("room", AdminJson.room(summary.get())).add("members", AdminJson.members(members.get()))
                    .build());
        } else if (path.startsWith("/rooms/") && method.equals("DELETE")) {
            boolean deleted = operator.deleteRoom(path.substring("/rooms/".length()), ACTOR);
            answer(response, deleted ? HttpServletResponse.SC_OK : HttpServletResponse.SC_NOT_FOUND,
                    deleted ? Json.createObjectBuilder().add("deleted", true).build() : error("no such room"));
        } else if (path.equals("/bans") && method.equals("GET")) {
            JsonArrayBuilder bans = Json.createArrayBuilder();
            operator.listBans().forEach(ban -> bans.add(AdminJson.ban(ban)));
            answer(response, HttpServletResponse.SC_OK, Json.createObjectBuilder().add("bans", bans).build());
        } else if (path.equals("/bans") && method.equals("POST")) {
            JsonObject body = body(request);
            ServerBan ban;
            try {
                ban = operator.banAddress(text(body, "address", true).orElseThrow(), duration(body),
                        text(body, "reason", false).map(AdminServlet::checkedReason), ACTOR);
            } catch (ServerOperator.Refused e) {
                throw new BadRequest(e.getMessage());
            }
            answer(response, HttpServletResponse.SC_CREATED, AdminJson.ban(ban));
        } else if (path.equals("/wipe") && method.equals("POST")) {
            if (!WIPE_CONFIRMATION.equals(text(body(request), "confirm", true).orElseThrow())) {
                throw new BadRequest("\"confirm\" must be \"" + WIPE_CONFIRMATION + "\"");
            }
            PanicWipe.ServerWipe wiped = operator.wipeAll(ACTOR);
            answer(response, HttpServletResponse.SC_OK, Json.createObjectBuilder().add("rooms", wiped.rooms())
                    .add("membersRemoved", wiped.membersRemoved()).add("tlsKeyRotated", wiped.tlsKeyRotated())
                    .build());
        } else if (path.startsWith("/bans/") && method.equals("DELETE")) {
            boolean lifted = operator.unban(path.substring("/bans/".length()), ACTOR);
            answer(response, lifted ? HttpServletResponse.SC_OK : HttpServletResponse.SC_NOT_FOUND,
                    lifted ? Json.createObjectBuilder().add("lifted", true).build() : error("no such ban"));
        } else {
            answer(response, HttpServletResponse.SC_NOT_FOUND, error("no such admin endpoint: " + method + " "
                    + AdminJson.printable(path)));
        }
    }

    private void rotatePassword(HttpServletRequest request, HttpServletResponse response, ServerOperator operator,
                                String room, String password) {
        AsyncContext async = request.startAsync();
        async.setTimeout(60_000);
        operator.rotatePassword(room, password, ACTOR).whenComplete((rotated, failure) -> {
            HttpServletResponse out = (HttpServletResponse) async.getResponse();
            try {
                Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
                if (cause instanceof ServerOperator.Refused refused) {
                    answer(out, HttpServletResponse.SC_BAD_REQUEST, error(refused.getMessage()));
                } else if (cause != null) {
                    LOG.log(Level.ERROR, "rotating a password failed: " + cause.getClass().getSimpleName());
                    answer(out, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, error("internal error"));
                } else if (rotated) {
                    answer(out, HttpServletResponse.SC_OK, Json.createObjectBuilder().add("rotated", true).build());
                } else {
                    answer(out, HttpServletResponse.SC_NOT_FOUND, error("no such room"));
                }
            } catch (IOException e) {
                LOG.log(Level.INFO, "the admin client left before the answer");
            } finally {
                async.complete();
            }
        });
    }

    /** A request the API cannot read: 400 with this message. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    private static JsonObject body(HttpServletRequest request) throws IOException, BadRequest {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadRequest("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try (JsonReader reader = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (JsonException e) {
            throw new BadRequest("the body is not JSON");
        }
        throw new BadRequest("the body must be a JSON object");
    }

    private static Optional<String> text(JsonObject body, String key, boolean required) throws BadRequest {
        JsonValue value = body.get(key);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw new BadRequest("\"" + key + "\" is required");
            }
            return Optional.empty();
        }
        if (!(value instanceof JsonString string)) {
            throw new BadRequest("\"" + key + "\" must be a string");
        }
        return Optional.of(string.getString());
    }

    private static OptionalLong duration(JsonObject body) throws BadRequest {
        JsonValue value = body.get("durationMs");
        if (value == null || value == JsonValue.NULL) {
            return OptionalLong.empty();
        }
        BigDecimal min = BigDecimal.valueOf(ServerBan.MIN_DURATION_MILLIS);
        BigDecimal max = BigDecimal.valueOf(ServerBan.MAX_DURATION_MILLIS);
        if (!(value instanceof JsonNumber number) || !number.isIntegral()
                || number.bigDecimalValue().compareTo(min) < 0 || number.bigDecimalValue().compareTo(max) > 0) {
            throw new BadRequest("\"durationMs\" must be a whole number from " + min + " to " + max
                    + " (absent: until lifted)");
        }
        return OptionalLong.of(number.longValueExact());
    }

    private static String checkedReason(String reason) {
        return reason.length() > ServerBan.MAX_REASON_CHARS ? reason.substring(0, ServerBan.MAX_REASON_CHARS)
                : reason;
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }

    /** The client as the chat sees it: the peer, or what a trusted proxy says. */
    private static String clientAddress(HttpServletRequest request, SafehouseRuntime runtime) {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return ForwardedHeaders.of(headers).resolve(request.getRemoteAddr(), runtime.chat().config().trustedProxies())
                .address();
    }

    private static JsonObject error(String message) {
        return Json.createObjectBuilder().add("error", message).build();
    }

    private static void answer(HttpServletResponse response, int status, JsonObject json) throws IOException {
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
