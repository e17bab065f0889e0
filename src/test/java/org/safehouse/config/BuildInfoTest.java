package org.safehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void readsTheVersionAndCommitTheBuildFilledIn() {
        Properties filled = new Properties();
        filled.setProperty("version", "1.2.3");
        filled.setProperty("commit", "0123456789abcdef0123456789abcdef01234567");
        BuildInfo build = BuildInfo.from(filled);
        assertEquals(new BuildInfo("1.2.3", "0123456789abcdef0123456789abcdef01234567"), build);
        assertEquals("1.2.3 (commit 0123456789abcdef0123456789abcdef01234567)", build.describe());
    }

    @Test
    void aPlaceholderTheBuildCouldNotFillIsUnknown() {
        Properties unfilled = new Properties();
        unfilled.setProperty("version", "0.1.0");
        unfilled.setProperty("commit", "${git.commit.id}"); // built outside a git checkout
        assertEquals(new BuildInfo("0.1.0", "unknown"), BuildInfo.from(unfilled));
        assertEquals(new BuildInfo("unknown", "unknown"), BuildInfo.from(new Properties()));
    }

    @Test
    void theBuiltResourceNamesThisProjectsVersion() {
        assertNotEquals("unknown", BuildInfo.current().version(), "build.properties is on the class path");
    }
}
