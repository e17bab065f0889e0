package org.safehouse.cluster;

/**
 * A Redis command failed: Redis did not answer within {@code command_timeout_ms}, is not reachable, or refused the
 * command. The message names no secret (never the {@code redis_url}'s password). Callers answer the client with a
 * recoverable error ({@code server_busy}) or, at start, stop with the message.
 */
public final class RedisCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RedisCommandException(String message) {
        super(message);
    }

    /** {@code what}, then the root cause's class and message with {@code redisUrl}'s user and password cut out. */
    static RedisCommandException because(String what, Throwable failure, String redisUrl) {
        return new RedisCommandException(what + ": " + redact(rootCause(failure), redisUrl));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The failure's class and message, with the URL's password (if any) cut out. */
    private static String redact(Throwable e, String url) {
        String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        String userInfo = url == null ? null : java.net.URI.create(url).getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            message = message.replace(userInfo, "<hidden>");
            String password = userInfo.substring(userInfo.indexOf(':') + 1);
            if (!password.isEmpty()) {
                message = message.replace(password, "<hidden>");
            }
        }
        return message;
    }
}
