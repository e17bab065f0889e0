package org.safehouse.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RedisServerProcess} for all tests of a class:
 * {@code @RegisterExtension static final SharedRedis REDIS = new SharedRedis();}, then {@code REDIS.server()}.
 * Started before the first test, stopped by its PID (and its directory deleted) after the last.
 */
public final class SharedRedis implements BeforeAllCallback, AfterAllCallback {
    private RedisServerProcess server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = RedisServerProcess.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }

    public RedisServerProcess server() {
        return server;
    }
}
