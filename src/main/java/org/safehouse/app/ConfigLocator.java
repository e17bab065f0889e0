package org.safehouse.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where config.json comes from inside a container, first match wins: the {@code --config} flag of {@code java -jar}
 * (passed by the launcher as the context parameter {@value #COMMAND_LINE_PARAM}, for when it cannot hand over the
 * config it loaded), the {@value #ENV} environment variable, the context parameter {@value #CONTEXT_PARAM} (web.xml, a
 * Tomcat {@code Context} file, a Jetty context XML). None: built-in defaults.
 */
final class ConfigLocator {
    static final String COMMAND_LINE_PARAM = "safehouse.config.commandLine";
    static final String ENV = "SAFEHOUSE_CONFIG";
    static final String CONTEXT_PARAM = "safehouse.config";

    private ConfigLocator() {
    }

    /**
     * @param initParameters the servlet context's init parameters, by name (null when absent)
     * @return the file and a phrase saying where its name came from, or empty for the defaults.
     */
    static Optional<Map.Entry<Path, String>> locate(UnaryOperator<String> initParameters,
                                                    Map<String, String> environment) {
        String fromCommandLine = initParameters.apply(COMMAND_LINE_PARAM);
        if (notBlank(fromCommandLine)) {
            return Optional.of(Map.entry(Path.of(fromCommandLine), "--config"));
        }
        String fromEnvironment = environment.get(ENV);
        if (notBlank(fromEnvironment)) {
            return Optional.of(Map.entry(Path.of(fromEnvironment), ENV));
        }
        String fromContext = initParameters.apply(CONTEXT_PARAM);
        if (notBlank(fromContext)) {
            return Optional.of(Map.entry(Path.of(fromContext), "context parameter " + CONTEXT_PARAM));
        }
        return Optional.empty();
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
