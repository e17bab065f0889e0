package org.safehouse.bench.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safehouse.bench.measure.Result;

/**
 * Result rows as JSON: an array of flat objects (numbers and strings) with a {@code warnings} array of strings.
 * Written after every scenario, so a run cut short keeps what it measured.
 */
public final class ResultFile {
    private static final JsonFactory JSON = new JsonFactory();

    private ResultFile() {
    }

    public static List<Map<String, Object>> rows(List<Result> results) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Result result : results) {
            Map<String, Object> row = new LinkedHashMap<>(result.values());
            row.put("warnings", List.copyOf(result.warnings()));
            rows.add(row);
        }
        return rows;
    }

    public static void write(Path file, List<Map<String, Object>> rows) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary);
                JsonGenerator json = JSON.createGenerator(writer)) {
            json.useDefaultPrettyPrinter();
            writeValue(json, rows);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeValue(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            json.writeNumber(number.doubleValue());
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else {
            json.writeString(value.toString());
        }
    }

    /** The combined report: {@code {"meta": {...}, "rows": [...]}}. */
    public static void writeReport(Path file, Map<String, Object> meta, List<Map<String, Object>> rows)
            throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("meta", meta);
        report.put("rows", rows);
        try (Writer writer = Files.newBufferedWriter(file); JsonGenerator json = JSON.createGenerator(writer)) {
            json.useDefaultPrettyPrinter();
            writeValue(json, report);
        }
    }

    /** Reads back the rows of a file written by {@link #write} or {@link #writeReport}. */
    public static List<Map<String, Object>> read(Path file) throws IOException {
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            Object value = readValue(parser, parser.nextToken());
            if (value instanceof Map<?, ?> report) {
                value = report.get("rows");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            if (value instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> map) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> row = (Map<String, Object>) map;
                        rows.add(row);
                    }
                }
            }
            return rows;
        }
    }

    private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            return null;
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, readValue(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY && next != null) {
                    list.add(readValue(parser, next));
                }
                return list;
            }
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                return parser.getText();
        }
    }
}
