package org.safehouse.core;

/** The memory store ({@link HistoryStore#NONE}, history in the rooms' memory only) against the contract. */
class MemoryHistoryStoreContractTest extends HistoryStoreContract {
    @Override
    protected HistoryStore open() {
        return HistoryStore.NONE;
    }

    @Override
    protected HistoryStore openWithSmallQueue() {
        return HistoryStore.NONE;
    }

    @Override
    protected boolean keepsAcrossRestart() {
        return false;
    }

    @Override
    protected boolean boundsItsQueue() {
        return false;
    }
}
