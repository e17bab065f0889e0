package org.safehouse.bench.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One row of the results: an ordered set of named values (numbers, strings), and the warnings that qualify it.
 * The keys are the columns of bench/results/*.json and of the printed table.
 */
public final class Result {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public Result(String container, String scenario, String variant) {
        values.put("container", container);
        values.put("scenario", scenario);
        values.put("variant", variant);
    }

    public Result put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    public Object get(String key) {
        return values.get(key);
    }

    public Result warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
        return this;
    }

    public Map<String, Object> values() {
        return values;
    }

    public List<String> warnings() {
        return warnings;
    }

    /** Adds p50/p90/p99/max in milliseconds (with microsecond precision) from a histogram in microseconds. */
    public Result latency(String prefix, Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return this;
        }
        put(prefix + "p50_ms", millis(micros.getValueAtPercentile(50)));
        put(prefix + "p90_ms", millis(micros.getValueAtPercentile(90)));
        put(prefix + "p99_ms", millis(micros.getValueAtPercentile(99)));
        put(prefix + "max_ms", millis(micros.getMaxValue()));
        return this;
    }

    public static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
