package org.safehouse.transport;

import jakarta.servlet.ServletContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where config.json comes from, first match wins: the {@code --config} flag of {@code java -jar} (passed by the
 * launcher as the context parameter {@value #COMMAND_LINE_PARAM}), the {@value #ENV} environment variable, the
 * context parameter {@value #CONTEXT_PARAM} (web.xml, a Tomcat {@code Context} file, a Jetty context XML). None:
 * built-in defaults.
 */
final class ConfigLocator {
    static final String COMMAND_LINE_PARAM = "safehouse.config.commandLine";
    static final String ENV = "SAFEHOUSE_CONFIG";
    static final String CONTEXT_PARAM = "safehouse.config";

    private ConfigLocator() {
    }

    /** @return the file and a phrase saying where its name came from, or empty for the defaults. */
    static Optional<Map.Entry<Path, String>> locate(ServletContext context, Map<String, String> environment) {
        String fromCommandLine = context.getInitParameter(COMMAND_LINE_PARAM);
        if (notBlank(fromCommandLine)) {
            return Optional.of(Map.entry(Path.of(fromCommandLine), "--config"));
        }
        String fromEnvironment = environment.get(ENV);
        if (notBlank(fromEnvironment)) {
            return Optional.of(Map.entry(Path.of(fromEnvironment), ENV));
        }
        String fromContext = context.getInitParameter(CONTEXT_PARAM);
        if (notBlank(fromContext)) {
            return Optional.of(Map.entry(Path.of(fromContext), "context parameter " + CONTEXT_PARAM));
        }
        return Optional.empty();
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
