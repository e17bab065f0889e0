package org.safehouse.bench.scenario;

/**
 * A sending phase: warm-up ({@code 'w'}, ignored by receivers), measured ({@code 'b'}) or stopped ({@code 0}).
 * Immutable, published through a volatile field.
 */
record Phase(int id, char kind, long startNanos) {
    static final Phase STOPPED = new Phase(-1, (char) 0, 0);

    boolean sending() {
        return kind != 0;
    }
}
