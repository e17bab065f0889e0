package org.safehouse.bench.scenario;

import java.util.List;
import org.safehouse.bench.BenchContext;
import org.safehouse.bench.measure.Result;

/** One benchmark scenario. It must leave no connection of its own open when it returns. */
public interface Scenario {
    String name();

    List<Result> run(BenchContext context) throws Exception;
}
