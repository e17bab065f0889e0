package org.safehouse.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit this build was made from, written into {@code build.properties} by the build. A build
 * outside a git checkout says {@code unknown} for the commit. Immutable; {@link #current()} reads the file once.
 */
public record BuildInfo(String version, String commit) {
    private static final String RESOURCE = "build.properties";
    private static final String UNKNOWN = "unknown";

    /** The build that holds this class. */
    public static BuildInfo current() {
        return Holder.CURRENT;
    }

    /** {@code 0.1.0 (commit 0123abc...)}: one line for --version and logs. */
    public String describe() {
        return version + " (commit " + commit + ")";
    }

    static BuildInfo from(Properties properties) {
        return new BuildInfo(filled(properties.getProperty("version")), filled(properties.getProperty("commit")));
    }

    /** A value the build did not fill in (no git, or run from an IDE without filtering) is unknown. */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value.trim();
    }

    private static final class Holder {
        static final BuildInfo CURRENT = load();

        private static BuildInfo load() {
            Properties properties = new Properties();
            try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                // an unreadable resource describes nothing: every field reads unknown
            }
            return from(properties);
        }
    }
}
