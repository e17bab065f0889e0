package org.safehouse.cluster;

import jakarta.json.JsonObject;
import java.util.Optional;
import org.safehouse.core.RoomCatalog;

/**
 * The events on {@code <prefix>ch:rooms}, as {@link RedisRoomCatalog}'s scripts publish them, handed to the core's
 * {@link RoomCatalog.Changes}. Each is a JSON object with {@code kind} and {@code origin} (the node that made it):
 *
 * <pre>
 * created  {room, epoch}       a join on another node claimed a new room
 * changed  {room}              its rules or password changed (a configured room's password rotated)
 * deleted  {key, by?}          its owner (by: nickname) or the operator deleted it
 * emptied  {key}               forgotten because nobody was in it
 * wiped    {room, epoch, by?}  panic wipe: the fresh room's rules, password and epoch
 * banned   {ban}               a server-wide address ban (digest only)
 * lifted   {id}                a server ban lifted or expired
 * </pre>
 * {@code room} is {@link RoomDirectoryJson#entry}'s object. An unknown kind is ignored, so a newer node's event does
 * not stop an older node's mirror. Stateless.
 */
final class RedisRoomEvents {
    private RedisRoomEvents() {
    }

    static void apply(JsonObject event, RoomCatalog.Changes changes) {
        switch (event.getString("kind")) {
            case "created" -> changes.created(known(event));
            case "changed" -> changes.changed(RoomDirectoryJson.entry(event.getJsonObject("room")));
            case "deleted" -> changes.deleted(event.getString("key"), by(event));
            case "emptied" -> changes.emptied(event.getString("key"));
            case "wiped" -> changes.wiped(known(event), by(event));
            case "banned" -> changes.serverBanned(RoomDirectoryJson.ban(event.getJsonObject("ban")));
            case "lifted" -> changes.serverBanLifted(event.getString("id"));
            default -> {
                // a kind this node does not know yet
            }
        }
    }

    private static RoomCatalog.Known known(JsonObject event) {
        return new RoomCatalog.Known(RoomDirectoryJson.entry(event.getJsonObject("room")), event.getString("epoch"));
    }

    private static Optional<String> by(JsonObject event) {
        return event.containsKey("by") ? Optional.of(event.getString("by")) : Optional.empty();
    }
}
