package org.safehouse.core;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Consumer;
import org.safehouse.config.Limits;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.ServerFrame;

/**
 * Makes the {@link Room} objects {@link RoomRegistry} registers: each with its history window and mailbox, bounded
 * by the room limits and by the server's shared budgets ({@code history_bytes_total},
 * {@code private_message_bytes_total}), and its history epoch. It holds no rooms: the registry alone does.
 * Thread-safe (the budgets are, and {@link SecureRandom} is).
 */
final class RoomFactory {
    private final Limits limits;
    private final SecureRandom random = new SecureRandom();
    /** What the history of all rooms may hold together ({@code limits.history_bytes_total}). */
    private final HistoryBudget historyBudget;
    /** What the private mailboxes of all rooms may hold together ({@code limits.private_message_bytes_total}). */
    private final ByteBudget mailboxBudget;
    private final MessageLog log;
    private final PresenceFlusher presence;
    private final MemberDirectory directory;
    /** Every change of a room's rules or password (the registry hands it to the catalog). */
    private final Consumer<Room> persist;

    RoomFactory(Limits limits, MessageLog log, PresenceFlusher presence, MemberDirectory directory,
                Consumer<Room> persist) {
        this.directory = directory;
        this.limits = limits;
        this.historyBudget = new HistoryBudget(limits.historyBytesTotal());
        this.mailboxBudget = new ByteBudget(limits.privateMessageBytesTotal());
        this.log = log;
        this.presence = presence;
        this.persist = persist;
    }

    /** An empty room under this epoch. */
    Room empty(Room.Settings settings, String epoch) {
        return new Room(settings, newHistory(), newMailbox(), epoch, log, presence, directory, persist);
    }

    /** A room with what the store kept of its history and mailbox (nothing when {@code stored} is empty). */
    Room restored(Room.Settings settings, Optional<HistoryStore.StoredRoom> stored, String epoch) {
        String name = settings.name();
        RoomHistory history = newHistory();
        stored.ifPresent(kept -> history.startAfterEvicted(kept.evictedThrough()));
        stored.ifPresent(kept -> kept.messages().forEach(m -> history.append(m.message().inRoom(name),
                m.clientKey())));
        Room room = new Room(settings, history, newMailbox(), epoch, log, presence, directory, persist);
        // Waiting private messages come back with both parties remembered, so an offline recipient is still
        // known (can be written to) and gets them on its next proven join.
        stored.ifPresent(kept -> kept.privateMessages().forEach(m -> {
            HistoryStore.StoredPrivate message = m.inRoom(name);
            room.mailbox().restore(message, kept.deliveredPrivate().contains(message.toRecipient().id()));
            room.mailbox().remember(message.sender());
            room.mailbox().remember(message.recipient());
        }));
        return room;
    }

    /** A created room's settings as the catalog keeps it (another node's room: never from config). */
    static Room.Settings settingsOf(RoomCatalog.Entry entry) {
        return new Room.Settings(entry.name(), entry.key(), entry.title(), passwordOf(entry), entry.rules(), false,
                entry.requireEncryption(), Optional.empty());
    }

    static RoomPassword passwordOf(RoomCatalog.Entry entry) {
        return entry.passwordHash().<RoomPassword>map(RoomPassword.Hashed::new).orElse(RoomPassword.NONE);
    }

    /** The room as the catalog keeps it. */
    static RoomCatalog.Entry entryOf(Room room) {
        return new RoomCatalog.Entry(room.key(), room.name(), room.title(),
                room.password() instanceof RoomPassword.Hashed hashed ? Optional.of(hashed.phc()) : Optional.empty(),
                room.requireEncryption(), room.rules());
    }

    String newEpoch() {
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    HistoryBudget historyBudget() {
        return historyBudget;
    }

    private RoomHistory newHistory() {
        return new RoomHistory(limits.historyMessages(), limits.historyMaxAgeSeconds() * 1000L,
                limits.historyBytesPerRoom(), historyBudget);
    }

    private PrivateMailbox newMailbox() {
        return new PrivateMailbox(limits.mailbox(), limits.historyMaxAgeSeconds() * 1000L, mailboxBudget);
    }
}
