package org.safehouse.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the library accepts as its path, and which files of the bundled page it serves. */
class SafehouseInitializerTest {
    @Test
    void thePathDefaultsToSafehouseAndTakesPlainSegments() {
        assertEquals("/safehouse", SafehouseInitializer.path(null));
        assertEquals("/safehouse", SafehouseInitializer.path(" "));
        assertEquals("/tools/chat", SafehouseInitializer.path("/tools/chat"));
    }

    @Test
    void aPathThatIsNotPlainFailsTheDeploymentNamingTheParameter() {
        for (String bad : List.of("/", "chat", "/chat/", "/a/../b", "/..", "/x/*", "/a b", "/c?x=1")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> SafehouseInitializer.path(bad), bad);
            assertTrue(refused.getMessage().contains("safehouse.path"), refused.getMessage());
        }
    }

    @Test
    void thePageServesItsOwnFilesAndNothingElse() {
        assertEquals(Optional.of("text/html;charset=utf-8"), BundledPage.type("/index.html"));
        assertEquals(Optional.of("text/javascript;charset=utf-8"), BundledPage.type("/js/chat-client.js"));
        for (String refused : List.of("/../WEB-INF/web.xml", "/js/../../secret.js", "/.hidden.js", "/js/",
                "/config.properties", "/org/safehouse/app/SafehouseBootstrap.class", "/js//x.js")) {
            assertEquals(Optional.empty(), BundledPage.type(refused), refused);
        }
    }
}
