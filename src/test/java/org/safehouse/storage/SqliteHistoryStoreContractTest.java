package org.safehouse.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.HistoryStoreContract;

/** {@link SqliteHistoryStore} against the contract. */
class SqliteHistoryStoreContractTest extends HistoryStoreContract {
    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);

    @Override
    protected HistoryStore open() throws Exception {
        return sqlite.openStore("");
    }

    @Override
    protected HistoryStore openWithSmallQueue() throws Exception {
        return sqlite.openStore("", MAX_TASKS);
    }

    @Override
    protected boolean keepsAcrossRestart() {
        return true;
    }

    @Override
    protected boolean boundsItsQueue() {
        return true;
    }
}
