package org.safehouse.protocol;

import java.util.Arrays;

/**
 * An append-only list of names that renders each name's JSON once, when it is added, so that a {@link #snapshot} to
 * send costs a copy of text already escaped rather than an escape per name. A room keeps one for its member list
 * (sent whole on every join) and starts a new one when a member leaves.
 *
 * <p>The text is kept as frozen parts of about {@value #PART_CHARS} characters plus the open part being appended to.
 * Snapshots share the arrays of names and parts: both are only ever written past their current ends (a growing array
 * is replaced by a copy, never written below its old end), so a snapshot stays as it was while the list grows. A
 * snapshot copies only the open part, at most about {@value #PART_CHARS} characters, and a 20,000-name list is some
 * sixty parts to splice. Not thread-safe: its owner's lock guards it.
 */
public final class RenderedNameList {
    static final int PART_CHARS = 4096;

    private String[] names = new String[16];
    private int size;
    private String[] frozenParts = new String[8];
    private int frozenPartCount;
    private final StringBuilder open = new StringBuilder();
    /** The open part as a String; null after a change, so snapshots with no add between them share one. */
    private String openText = "";

    public void add(String name) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
        }
        names[size++] = name;
        if (size > 1) {
            open.append(',');
        }
        JsonWriter.appendString(open, name);
        openText = null;
        if (open.length() >= PART_CHARS) {
            freezeOpenPart();
        }
    }

    /** The names so far, in order, with their text; later adds do not change it. */
    public RenderedNames snapshot() {
        if (openText == null) {
            openText = open.toString();
        }
        return new RenderedNames(names, size, frozenParts, frozenPartCount, openText);
    }

    private void freezeOpenPart() {
        if (frozenPartCount == frozenParts.length) {
            frozenParts = Arrays.copyOf(frozenParts, frozenPartCount * 2);
        }
        frozenParts[frozenPartCount++] = open.toString();
        open.setLength(0);
        openText = "";
    }
}
