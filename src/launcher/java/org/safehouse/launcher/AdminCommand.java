package org.safehouse.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.safehouse.config.ConfigException;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.RoomConfig;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.core.AddressGroupHmac;
import org.safehouse.core.RoomCatalog;
import org.safehouse.core.RoomRules;
import org.safehouse.core.ServerBan;
import org.safehouse.core.ServerBans;
import org.safehouse.core.ServerOperator;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.crypto.SelfSignedCertificateStore;
import org.safehouse.crypto.TlsMaterialException;
import org.safehouse.protocol.Names;
import org.safehouse.storage.DataDirectoryLock;
import org.safehouse.storage.SqliteHistoryStore;
import org.safehouse.storage.SqliteRoomCatalog;

/**
 * {@code java -jar safehouse.war admin [--config FILE] <command>}: the operator's actions on the data dir of a
 * STOPPED server (the {@code /admin/} API acts on a running one). It takes the data dir's lock
 * ({@link DataDirectoryLock}), which a running server holds: then it refuses with exit status 2 and changes
 * nothing. Needs {@code history_storage: sqlite} (with memory storage nothing is kept on disk). Each action is
 * logged with actor {@code cli}, never with a password or an address. Exit status: 0 done, 2 refused (usage,
 * config, lock held, no such room or ban).
 */
final class AdminCommand {
    private static final System.Logger LOG = System.getLogger(AdminCommand.class.getName());
    static final String ACTOR = "cli";

    static final String USAGE = """
            Usage: java -jar safehouse.war admin [--config FILE] COMMAND
              rooms                          list configured and kept rooms
              members ROOM                   the roles a room gives by key (nobody is online: the server is stopped)
              delete-room ROOM               delete a created room, erasing its history and kept private messages
              ban-address IP|CIDR [--for DURATION] [--reason TEXT]
                                             ban an address group (IPv4 address, IPv6 /64) server-wide; DURATION
                                             like 90m, 12h, 30d (1m to 365d; default: until unbanned)
              unban-address ID               lift a server ban
              bans                           list server bans (no addresses: ids, reasons, expiry)
              rotate-password ROOM           set a room's password to the line read from standard input
              wipe-all --confirm             erase every room's history and kept private messages (securely,
                                             then VACUUM) and, with a generated self-signed certificate, its key
            Works on the data dir of a stopped server (exit 2 while one runs); needs history_storage sqlite.
            """;

    private AdminCommand() {
    }

    static void run(List<String> args, Optional<Path> defaultConfig) throws LauncherExit, IOException {
        Optional<Path> configFile = defaultConfig;
        int at = 0;
        if (args.size() >= 2 && args.get(0).equals("--config")) {
            configFile = Optional.of(Path.of(args.get(1)));
            at = 2;
        }
        if (at >= args.size()) {
            throw new LauncherExit(2, "admin: a command is missing\n" + USAGE);
        }
        if (args.get(at).equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        String command = args.get(at);
        List<String> rest = args.subList(at + 1, args.size());
        SafehouseConfig config;
        try {
            ConfigLoader loader = new ConfigLoader(new Argon2PasswordHasher());
            config = configFile.isPresent() ? loader.load(configFile.get()) : loader.defaults();
        } catch (ConfigException e) {
            throw new LauncherExit(2, "admin: " + e.getMessage());
        }
        if (!config.history().durable()) {
            throw new LauncherExit(2, "admin: history_storage is memory, so nothing is kept on disk: use the /admin/ "
                    + "API of the running server (admin_token)");
        }
        Path dataDirectory = config.tls().dataDirectory();
        Optional<DataDirectoryLock> lock = DataDirectoryLock.tryAcquire(dataDirectory);
        if (lock.isEmpty()) {
            throw new LauncherExit(2, "admin: " + DataDirectoryLock.heldMessage(dataDirectory)
                    + " (or use its /admin/ API), nothing changed");
        }
        try (DataDirectoryLock held = lock.get();
             SqliteRoomCatalog catalog = SqliteRoomCatalog.open(config.history().file().orElseThrow())) {
            dispatch(command, rest, config, catalog);
        }
    }

    private static void dispatch(String command, List<String> args, SafehouseConfig config, SqliteRoomCatalog catalog)
            throws LauncherExit, IOException {
        Map<String, Room> rooms = rooms(config, catalog);
        switch (command) {
            case "rooms" -> {
                expect(args, 0, command);
                System.out.println("name\tkind\towner\tpassword\tmoderators\tbans");
                rooms.values().forEach(room -> System.out.println(room.name() + "\t"
                        + (room.fromConfig() ? "config" : "created") + "\t" + owner(room.rules()) + "\t"
                        + (room.passwordHash().isPresent() ? "yes" : "no") + "\t"
                        + room.rules().moderatorKeys().size() + "\t" + room.rules().bans().size()));
            }
            case "members" -> {
                Room room = room(rooms, args, command);
                System.out.println("nobody is online while the server is stopped; roles by key fingerprint:");
                room.rules().ownerKey().ifPresent(key -> System.out.println("owner\t" + key));
                room.rules().ownerPasswordHash().ifPresent(hash -> System.out.println("owner\t(by owner password)"));
                room.rules().moderatorKeys().stream().sorted().forEach(key -> System.out.println("moderator\t" + key));
            }
            case "delete-room" -> {
                Room room = room(rooms, args, command);
                if (room.fromConfig()) {
                    throw new LauncherExit(2, "admin: \"" + room.name() + "\" is a room from config.json: remove it "
                            + "there");
                }
                try (SqliteHistoryStore store = SqliteHistoryStore.open(config.history().file().orElseThrow(),
                        config.limits(), Clock.systemUTC())) {
                    store.purgeRoom(room.key());
                }
                catalog.forget(room.key());
                logged("delete-room", room.name());
                System.out.println("deleted " + room.name());
            }
            case "ban-address" -> banAddress(args, catalog);
            case "unban-address" -> {
                expect(args, 1, command);
                String id = args.get(0);
                if (catalog.loadServerBans().stream().noneMatch(ban -> ban.id().equals(id))) {
                    throw new LauncherExit(2, "admin: no server ban " + id);
                }
                catalog.forgetServerBan(id);
                logged("unban-address", "-");
                System.out.println("lifted " + id);
            }
            case "bans" -> {
                expect(args, 0, command);
                System.out.println("id\tcreated\tuntil\tby\treason");
                long now = System.currentTimeMillis();
                catalog.loadServerBans().stream().filter(ban -> !ban.expired(now)).forEach(ban ->
                        System.out.println(ban.id() + "\t" + Instant.ofEpochMilli(ban.createdMs()) + "\t"
                                + (ban.untilMs().isPresent() ? Instant.ofEpochMilli(ban.untilMs().getAsLong())
                                : "unbanned") + "\t" + ban.by() + "\t" + ban.reason().orElse("")));
            }
            case "rotate-password" -> rotatePassword(room(rooms, args, command), catalog);
            case "wipe-all" -> wipeAll(args, config);
            default -> throw new LauncherExit(2, "admin: unknown command " + command + "\n" + USAGE);
        }
    }

    /** A room as kept on disk: configured ones (with the rules the catalog kept for them) and created ones. */
    private record Room(String name, String key, boolean fromConfig, Optional<String> passwordHash, RoomRules rules,
                        Optional<RoomCatalog.Entry> entry) {
    }

    private static Map<String, Room> rooms(SafehouseConfig config, RoomCatalog catalog) {
        Map<String, RoomCatalog.Entry> kept = new LinkedHashMap<>();
        catalog.load().forEach(entry -> kept.put(entry.key(), entry));
        Map<String, Room> rooms = new LinkedHashMap<>();
        for (RoomConfig room : config.rooms()) {
            String key = Names.key(room.name());
            Optional<RoomCatalog.Entry> entry = Optional.ofNullable(kept.remove(key));
            Optional<String> password = catalog.rotatedPassword(key).or(() -> room.password()
                    instanceof org.safehouse.config.RoomPassword.Hashed hashed ? Optional.of(hashed.phc())
                    : Optional.empty());
            RoomRules rules = entry.map(RoomCatalog.Entry::rules).orElse(RoomRules.DEFAULT);
            if (room.ownerKey().isPresent()) {
                rules = rules.withOwnerKey(room.ownerKey());
            }
            rooms.put(key, new Room(room.name(), key, true, password, rules, entry));
        }
        kept.values().forEach(entry -> rooms.put(entry.key(), new Room(entry.name(), entry.key(), false,
                entry.passwordHash(), entry.rules(), Optional.of(entry))));
        return rooms;
    }

    private static Room room(Map<String, Room> rooms, List<String> args, String command) throws LauncherExit {
        expect(args, 1, command);
        Room room = rooms.get(Names.key(args.get(0)));
        if (room == null) {
            throw new LauncherExit(2, "admin: no room \"" + args.get(0) + "\" is configured or kept");
        }
        return room;
    }

    private static void banAddress(List<String> args, RoomCatalog catalog) throws LauncherExit {
        if (args.isEmpty()) {
            throw new LauncherExit(2, "admin: ban-address needs an IP address or CIDR block\n" + USAGE);
        }
        OptionalLong duration = OptionalLong.empty();
        Optional<String> reason = Optional.empty();
        for (int i = 1; i < args.size(); i += 2) {
            if (i + 1 >= args.size()) {
                throw new LauncherExit(2, "admin: " + args.get(i) + " needs a value");
            }
            switch (args.get(i)) {
                case "--for" -> duration = OptionalLong.of(AdminDurations.parse(args.get(i + 1)));
                case "--reason" -> reason = Optional.of(args.get(i + 1)).map(text -> text.length()
                        > ServerBan.MAX_REASON_CHARS ? text.substring(0, ServerBan.MAX_REASON_CHARS) : text);
                default -> throw new LauncherExit(2, "admin: unknown option " + args.get(i) + "\n" + USAGE);
            }
        }
        String group;
        try {
            group = ServerBans.groupOf(args.get(0));
        } catch (ServerBans.BanRefused e) {
            throw new LauncherExit(2, "admin: " + e.getMessage());
        }
        List<ServerBan> existing = catalog.loadServerBans();
        String digest = new AddressGroupHmac(catalog.serverSecret()).digest(group);
        existing.stream().filter(ban -> ban.addressDigest().equals(digest))
                .forEach(ban -> catalog.forgetServerBan(ban.id())); // one ban per group: the new one replaces it
        boolean replacing = existing.stream().anyMatch(ban -> ban.addressDigest().equals(digest));
        if (existing.size() >= ServerBans.MAX_BANS && !replacing) {
            throw new LauncherExit(2, "admin: the server already has " + ServerBans.MAX_BANS + " address bans");
        }
        ServerBan ban = ServerBan.create(digest, duration, reason, ACTOR, System.currentTimeMillis());
        catalog.rememberServerBan(ban);
        logged("ban-address", "-");
        System.out.println(ban.id());
    }

    private static void rotatePassword(Room room, RoomCatalog catalog) throws IOException, LauncherExit {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String password = in.readLine();
        if (password == null || password.length() < ServerOperator.MIN_PASSWORD_CHARS
                || password.length() > org.safehouse.config.RoomPassword.MAX_CLEAR_CHARS) {
            throw new LauncherExit(2, "admin: put the new password (" + ServerOperator.MIN_PASSWORD_CHARS + " to "
                    + org.safehouse.config.RoomPassword.MAX_CLEAR_CHARS + " characters) on standard input");
        }
        String phc = new Argon2PasswordHasher().hash(password);
        if (room.fromConfig()) {
            catalog.rotatePassword(room.key(), phc); // outranks config.json's password at every start
        }
        room.entry().ifPresent(entry -> catalog.remember(new RoomCatalog.Entry(entry.key(), entry.name(),
                entry.title(), Optional.of(phc), entry.requireEncryption(), entry.rules())));
        logged("rotate-password", room.name());
        System.out.println("rotated the password of " + room.name());
    }

    /** The server's panic wipe on disk: rooms, their rules and passwords stay; what was said goes. */
    private static void wipeAll(List<String> args, SafehouseConfig config) throws IOException, LauncherExit {
        if (!args.equals(List.of("--confirm"))) {
            throw new LauncherExit(2, "admin: wipe-all erases every room's history; run it with --confirm");
        }
        try (SqliteHistoryStore store = SqliteHistoryStore.open(config.history().file().orElseThrow(),
                config.limits(), Clock.systemUTC())) {
            store.purgeAll();
        }
        boolean rotated = false;
        if (config.tls().enabled() && config.tls().selfSigned()) {
            try {
                rotated = new SelfSignedCertificateStore(config.tls().dataDirectory()).rotateKey().isPresent();
            } catch (TlsMaterialException e) {
                throw new LauncherExit(1, "admin: history wiped, but the TLS key could not be replaced: "
                        + e.getMessage());
            }
        }
        logged("wipe-all", "*");
        System.out.println("wiped every room's history" + (rotated ? "; new self-signed TLS key in "
                + config.tls().dataDirectory() : ""));
    }

    private static String owner(RoomRules rules) {
        return rules.ownerKey().isPresent() ? "key" : rules.ownerPasswordHash().isPresent() ? "password" : "none";
    }

    private static void expect(List<String> args, int count, String command) throws LauncherExit {
        if (args.size() != count) {
            throw new LauncherExit(2, "admin: " + command + " takes " + count + " argument" + (count == 1 ? "" : "s")
                    + ", not " + Arrays.toString(args.toArray()) + "\n" + USAGE);
        }
    }

    private static void logged(String action, String room) {
        LOG.log(Level.INFO, "operator action {0} room={1} actor={2}", action, room, ACTOR);
    }
}
