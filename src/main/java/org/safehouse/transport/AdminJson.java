package org.safehouse.transport;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import org.safehouse.core.ServerBan;
import org.safehouse.core.ServerOperator;

/** The admin API's JSON shapes of rooms, members and server bans. A ban shows no address and no digest. */
final class AdminJson {
    private AdminJson() {
    }

    static JsonObject room(ServerOperator.RoomSummary room) {
        return Json.createObjectBuilder()
                .add("name", room.name())
                .add("title", room.title())
                .add("membersOnline", room.membersOnline())
                .add("owner", room.owner().wireName())
                .add("hasPassword", room.hasPassword())
                .add("fromConfig", room.fromConfig())
                .add("persistent", room.persistent())
                .add("moderators", room.moderators())
                .add("bans", room.bans())
                .build();
    }

    static JsonArray members(List<ServerOperator.MemberSummary> members) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (ServerOperator.MemberSummary member : members) {
            array.add(Json.createObjectBuilder().add("nick", member.nick()).add("role", member.role().wireName())
                    .add("provenKeys", member.provenKeys()).add("ragnarok", member.legacy()));
        }
        return array.build();
    }

    static JsonObject ban(ServerBan ban) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", ban.id()).add("by", ban.by())
                .add("createdMs", ban.createdMs());
        ban.reason().ifPresent(reason -> json.add("reason", reason));
        ban.untilMs().ifPresent(until -> json.add("untilMs", until));
        return json.build();
    }

    /** A path echoed in an error, cut and without control characters. */
    static String printable(String path) {
        String cut = path.length() > 100 ? path.substring(0, 100) : path;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
