package org.safehouse.bench.scenario;

import org.safehouse.bench.Options;

/** {@code --protocol chat|ragnarok}: which endpoint the fan-out and pairs clients use (default chat). */
final class Endpoint {
    private Endpoint() {
    }

    static boolean ragnarok(Options options) {
        return switch (options.string("protocol", "chat")) {
            case "chat" -> false;
            case "ragnarok" -> true;
            default -> throw new IllegalArgumentException("--protocol is chat or ragnarok");
        };
    }
}
