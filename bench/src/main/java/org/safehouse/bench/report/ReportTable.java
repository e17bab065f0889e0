package org.safehouse.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints result rows as a fixed-width table, the containers of one scenario variant next to each other, then each
 * row's scenario-specific figures and warnings underneath.
 */
public final class ReportTable {
    private static final String[][] COLUMNS = {
        {"container", "container"}, {"scenario", "scenario"}, {"clients", "clients"}, {"sent", "sent"},
        {"expected", "expected"}, {"received", "received"}, {"lost", "lost"}, {"duplicated", "dup"},
        {"out_of_order", "ooo"}, {"closed_clients", "closed"}, {"deliveries_per_s", "deliv/s"},
        {"p50_ms", "p50 ms"}, {"p90_ms", "p90 ms"}, {"p99_ms", "p99 ms"}, {"max_ms", "max ms"},
        {"server_cpu_us_per_delivery", "srv us/dl"}, {"server_rss_mib", "srv RSS MiB"}, {"gen_cpu_pct", "gen CPU%"},
    };
    private static final List<String> SHOWN_BELOW_SKIPPED = List.of("variant", "warnings");

    private ReportTable() {
    }

    public static void print(List<Map<String, Object>> rows, PrintStream out) {
        List<Map<String, Object>> ordered = order(rows);
        int[] widths = new int[COLUMNS.length];
        for (int c = 0; c < COLUMNS.length; c++) {
            widths[c] = COLUMNS[c][1].length();
            for (Map<String, Object> row : ordered) {
                widths[c] = Math.max(widths[c], cell(row, COLUMNS[c][0]).length());
            }
        }
        StringBuilder header = new StringBuilder();
        for (int c = 0; c < COLUMNS.length; c++) {
            header.append(pad(COLUMNS[c][1], widths[c], c < 2)).append(c + 1 < COLUMNS.length ? " | " : "");
        }
        out.println(header);
        out.println("-".repeat(header.length()));
        String lastVariant = null;
        for (Map<String, Object> row : ordered) {
            String variant = row.get("scenario") + " / " + row.get("variant");
            if (!variant.equals(lastVariant)) {
                out.println("# " + variant);
                lastVariant = variant;
            }
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < COLUMNS.length; c++) {
                line.append(pad(cell(row, COLUMNS[c][0]), widths[c], c < 2))
                        .append(c + 1 < COLUMNS.length ? " | " : "");
            }
            out.println(line);
            String extra = extras(row);
            if (!extra.isEmpty()) {
                out.println("    " + extra);
            }
            Object warnings = row.get("warnings");
            if (warnings instanceof List<?> list) {
                for (Object warning : list) {
                    out.println("    WARNING: " + warning);
                }
            }
        }
    }

    /** Groups rows by scenario and variant (in first-seen order), containers side by side. */
    static List<Map<String, Object>> order(List<Map<String, Object>> rows) {
        Map<String, Integer> firstSeen = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            firstSeen.putIfAbsent(row.get("scenario") + "\u0000" + row.get("variant"), firstSeen.size());
        }
        List<Map<String, Object>> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparingInt(
                (Map<String, Object> row) -> firstSeen.get(row.get("scenario") + "\u0000" + row.get("variant"))));
        return ordered;
    }

    private static String extras(Map<String, Object> row) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Object> entry : row.entrySet()) {
            String key = entry.getKey();
            boolean inTable = false;
            for (String[] column : COLUMNS) {
                inTable |= column[0].equals(key);
            }
            if (inTable || SHOWN_BELOW_SKIPPED.contains(key) || entry.getValue() == null) {
                continue;
            }
            text.append(text.length() == 0 ? "" : ", ").append(key).append('=').append(format(entry.getValue()));
        }
        return text.toString();
    }

    private static String cell(Map<String, Object> row, String key) {
        Object value = row.get(key);
        return value == null ? "-" : format(value);
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d);
        }
        return String.valueOf(value);
    }

    private static String pad(String text, int width, boolean left) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return left ? text + spaces : spaces + text;
    }
}
