package org.safehouse.storage;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.safehouse.core.HistoryStore.StoredMessage;
import org.safehouse.core.HistoryStore.StoredPrivate;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ServerFrame;

/**
 * One write of {@link SqliteHistoryStore}, one per call of its port: queued by the caller, applied by the writer
 * thread inside the transaction of its batch ({@link SqliteWriteBatch}). Each task says how it is applied, so a new
 * kind of write does not compile until it is.
 */
sealed interface WriteTask {

    /** Applies the task to the batch's open transaction. */
    void applyTo(SqliteWriteBatch batch) throws SQLException;

    /** About what the task holds on the heap while queued, in bytes: what the queue's byte bound counts. */
    long bytes();

    /**
     * Whether a full queue may refuse the task. A purge may not: a panic wipe must not be lost to a slow disk, and
     * purges are few (each one is an owner's wipe or deletion, or the operator's).
     */
    default boolean refusableWhenFull() {
        return true;
    }

    /** Fixed cost of a queued task: the record, its queue slot and a room key of ordinary length. */
    long OVERHEAD_BYTES = 96;

    record AppendMessage(String roomKey, StoredMessage message, Runnable onDurable) implements WriteTask {
        @Override
        public void applyTo(SqliteWriteBatch batch) throws SQLException {
            batch.insertMessage(roomKey, message);
            batch.afterCommit(onDurable);
        }

        @Override
        public long bytes() {
            ServerFrame.Broadcast m = message.message();
            return OVERHEAD_BYTES + 2L * (roomKey.length() + m.sender().length() + m.contentChars()
                    + message.clientKey().map(String::length).orElse(0));
        }
    }

    record AppendPrivate(String roomKey, StoredPrivate message, Runnable onDurable) implements WriteTask {
        @Override
        public void applyTo(SqliteWriteBatch batch) throws SQLException {
            batch.insertPrivate(roomKey, message);
            batch.afterCommit(onDurable);
        }

        @Override
        public long bytes() {
            Optional<EncryptedBody> body = message.toRecipient().encrypted();
            long text = body.map(b -> b.ciphertext().length() + b.iv().length() + b.signature().length()
                    + b.clientMsgId().length()).orElse(0);
            long identities = message.sender().signingKey().length() + message.recipient().signingKey().length()
                    + 2L * (message.sender().nick().length() + message.recipient().nick().length());
            return 2 * OVERHEAD_BYTES + 2L * (roomKey.length() + text + identities);
        }
    }

    record MarkDelivered(String roomKey, List<Long> ids) implements WriteTask {
        @Override
        public void applyTo(SqliteWriteBatch batch) throws SQLException {
            batch.markDelivered(roomKey, ids);
        }

        @Override
        public long bytes() {
            return OVERHEAD_BYTES + 2L * roomKey.length() + 24L * ids.size();
        }
    }

    record DeletePrivate(String roomKey, List<Long> ids) implements WriteTask {
        @Override
        public void applyTo(SqliteWriteBatch batch) throws SQLException {
            batch.deletePrivate(roomKey, ids);
        }

        @Override
        public long bytes() {
            return OVERHEAD_BYTES + 2L * roomKey.length() + 24L * ids.size();
        }
    }

    /** A room whose history starts now, in a new epoch: what was stored for the key before goes. */
    record StartRoom(String roomKey, String epoch) implements WriteTask {
        @Override
        public void applyTo(SqliteWriteBatch batch) throws SQLException {
            batch.startRoom(roomKey, epoch);
        }

        @Override
        public long bytes() {
            return OVERHEAD_BYTES + 2L * (roomKey.length() + epoch.length());
        }
    }

    record KeepOnly(Set<String> roomKeys) implements WriteTask {
        @Override
        public void applyTo(SqliteWriteBatch batch) throws SQLException {
            batch.keepOnly(roomKeys);
        }

        @Override
        public long bytes() {
            return OVERHEAD_BYTES + roomKeys.stream().mapToLong(key -> 48 + 2L * key.length()).sum();
        }
    }

    record DropRoom(String roomKey) implements WriteTask {
        @Override
        public void applyTo(SqliteWriteBatch batch) throws SQLException {
            batch.dropRoom(roomKey);
        }

        @Override
        public long bytes() {
            return OVERHEAD_BYTES + 2L * roomKey.length();
        }
    }

    /** A wiped or deleted room: dropped, then erased from the files once the batch is committed. */
    record PurgeRoom(String roomKey) implements WriteTask {
        @Override
        public void applyTo(SqliteWriteBatch batch) throws SQLException {
            batch.dropRoom(roomKey);
            batch.eraseAfterCommit();
        }

        @Override
        public long bytes() {
            return OVERHEAD_BYTES + 2L * roomKey.length();
        }

        @Override
        public boolean refusableWhenFull() {
            return false;
        }
    }

    /** The server's panic wipe: every room dropped, then erased from the files once the batch is committed. */
    record PurgeAll() implements WriteTask {
        @Override
        public void applyTo(SqliteWriteBatch batch) throws SQLException {
            batch.dropAllRooms();
            batch.eraseAfterCommit();
        }

        @Override
        public long bytes() {
            return OVERHEAD_BYTES;
        }

        @Override
        public boolean refusableWhenFull() {
            return false;
        }
    }

    /** Writes nothing: {@code committed} runs once everything queued before it is committed ({@code flush}). */
    record Barrier(Runnable committed) implements WriteTask {
        @Override
        public void applyTo(SqliteWriteBatch batch) {
            batch.afterCommit(committed);
        }

        @Override
        public long bytes() {
            return OVERHEAD_BYTES;
        }
    }
}
