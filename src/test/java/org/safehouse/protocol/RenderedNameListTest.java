package org.safehouse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rendered text of a name list must be exactly what {@link JsonWriter} writes for the same names, at every size,
 * and a snapshot must not change while the list grows: a frame may still be encoded from it.
 */
class RenderedNameListTest {
    /** Names that need every kind of escape, and none (lone surrogates pass through, as the JSON-P generator does). */
    static final List<String> AWKWARD = List.of("alice", "say \"hi\"", "back\\slash", "\u0000\u0001\u001f\u007f",
            "\b\f\n\r\t", "Zoë", "中文", "😀 grin", "\uD83D lone high", "lone low \uDE00", "\u2028\u2029", "",
            "/not escaped/", "x".repeat(200));

    /** What the writer writes for the names as a plain array: the rendering every snapshot must match. */
    static String plainArray(List<String> names) {
        JsonWriter json = new JsonWriter().writeStartObject().writeStartArray("users");
        for (String name : names) {
            json.write(name);
        }
        return json.writeEnd().writeEnd().toString();
    }

    static String renderedArray(RenderedNames names) {
        return new JsonWriter().writeStartObject().writeRenderedArray("users", names).writeEnd().toString();
    }

    /** Enough names for the text to span many parts, each name awkward in its own way. */
    static List<String> manyAwkwardNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; names.size() < 3000; i++) {
            names.add(AWKWARD.get(i % AWKWARD.size()) + i);
        }
        return names;
    }

    @Test
    void everySnapshotIsRenderedAsTheWriterWritesItsNamesAndStaysSoWhileTheListGrows() {
        List<String> names = manyAwkwardNames();
        RenderedNameList list = new RenderedNameList();
        List<RenderedNames> snapshots = new ArrayList<>();
        snapshots.add(list.snapshot());
        for (String name : names) {
            list.add(name);
            snapshots.add(list.snapshot());
        }
        int totalChars = renderedArray(snapshots.get(names.size())).length();
        assertTrue(totalChars > 10 * RenderedNameList.PART_CHARS, "the text spans many parts: " + totalChars);
        // Checked only now, after every add: an earlier snapshot must not see later names or text.
        for (int size = 0; size <= names.size(); size++) {
            List<String> expected = names.subList(0, size);
            RenderedNames snapshot = snapshots.get(size);
            assertEquals(expected, snapshot);
            assertEquals(plainArray(expected), renderedArray(snapshot), "after " + size + " names");
        }
    }

    @Test
    void snapshotsWithoutAnAddBetweenThemAreEqual() {
        RenderedNameList list = new RenderedNameList();
        list.add("say \"hi\"");
        RenderedNames first = list.snapshot();
        RenderedNames second = list.snapshot();
        list.add("Zoë");
        assertEquals(List.of("say \"hi\""), first);
        assertEquals(renderedArray(first), renderedArray(second));
        assertEquals("{\"users\":[\"say \\\"hi\\\"\",\"Zoë\"]}", renderedArray(list.snapshot()));
    }

    @Test
    void aSnapshotIsAnImmutableListOfExactlyItsNames() {
        RenderedNameList list = new RenderedNameList();
        list.add("alice");
        list.add("bob");
        RenderedNames snapshot = list.snapshot();
        list.add("carol");
        assertEquals(List.of("alice", "bob"), snapshot);
        assertEquals(List.of("alice", "bob").hashCode(), snapshot.hashCode());
        assertEquals(2, snapshot.size());
        assertThrows(IndexOutOfBoundsException.class, () -> snapshot.get(2), "carol is past its end");
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add("dave"));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.set(0, "eve"));
        assertEquals(3, list.snapshot().size());
    }

    @Test
    void splicedArraysSitAnywhereInTheObject() {
        RenderedNameList one = new RenderedNameList();
        AWKWARD.forEach(one::add);
        RenderedNameList two = new RenderedNameList();
        two.add("Zoë");
        JsonWriter expected = new JsonWriter().writeStartObject().write("room", "中").writeStartArray("users");
        AWKWARD.forEach(expected::write);
        expected.writeEnd().writeStartArray("empty").writeEnd().writeStartArray("more").write("Zoë").writeEnd()
                .write("n", 7L).writeEnd();
        String actual = new JsonWriter().writeStartObject().write("room", "中").writeRenderedArray("users",
                        one.snapshot()).writeRenderedArray("empty", new RenderedNameList().snapshot())
                .writeRenderedArray("more", two.snapshot()).write("n", 7L).writeEnd().toString();
        assertEquals(expected.toString(), actual);
    }
}
