package org.safehouse.config;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code limits} object of config.json, read from its table: {@link Limits} and {@link MailboxLimits}, whose
 * components are the keys, whose annotations ({@link WholeNumber}, {@link DecimalNumber}) are the checks and whose
 * {@code DEFAULTS} are the defaults. Each key is checked with a message naming it, then JSON-B binds the checked
 * values into the records. The two rules spanning keys are the only ones written here.
 */
final class LimitsSection {
    /** The {@link MailboxLimits} keys sit flat in {@code limits}, each with this prefix. */
    static final String MAILBOX_PREFIX = "mailbox_";
    static final String HISTORY_BYTES_TOTAL = "history_bytes_total";
    static final String HISTORY_BYTES_PER_ROOM = "history_bytes_per_room";
    static final String OUTBOUND_QUEUE_BYTES = "outbound_queue_bytes";
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));

    private LimitsSection() {
    }

    /** One key of the table: its name in config.json, its component, its default. */
    record Key(String name, RecordComponent component, Object defaultValue) {
        WholeNumber whole() {
            return component.getAnnotation(WholeNumber.class);
        }

        DecimalNumber decimal() {
            return component.getAnnotation(DecimalNumber.class);
        }
    }

    /** Every key of {@code limits}, in the order of the records' components. */
    static List<Key> keys() {
        List<Key> keys = new ArrayList<>();
        for (RecordComponent component : Limits.class.getRecordComponents()) {
            if (component.getType() == MailboxLimits.class) {
                for (RecordComponent mailbox : MailboxLimits.class.getRecordComponents()) {
                    keys.add(new Key(MAILBOX_PREFIX + snakeCase(mailbox.getName()), mailbox,
                            valueOf(mailbox, MailboxLimits.DEFAULTS)));
                }
            } else {
                keys.add(new Key(snakeCase(component.getName()), component, valueOf(component, Limits.DEFAULTS)));
            }
        }
        return keys;
    }

    static String[] names() {
        return keys().stream().map(Key::name).toArray(String[]::new);
    }

    static Limits read(JsonFields limits) throws ConfigException {
        JsonObjectBuilder top = Json.createObjectBuilder();
        JsonObjectBuilder mailbox = Json.createObjectBuilder();
        long historyTotal = Limits.DEFAULTS.historyBytesTotal();
        for (Key key : keys()) {
            boolean inMailbox = key.name().startsWith(MAILBOX_PREFIX);
            String property = inMailbox ? key.name().substring(MAILBOX_PREFIX.length()) : key.name();
            JsonObjectBuilder target = inMailbox ? mailbox : top;
            if (key.decimal() != null) {
                target.add(property, limits.number(key.name(), (Double) key.defaultValue(), key.decimal().min(),
                        key.decimal().max()));
                continue;
            }
            long fallback = ((Number) key.defaultValue()).longValue();
            long max = key.whole().max();
            if (key.name().equals(HISTORY_BYTES_PER_ROOM)) { // one room never holds more than all rooms together
                fallback = Math.min(fallback, historyTotal);
                max = historyTotal;
            }
            long value = limits.wholeNumber(key.name(), fallback, key.whole().min(), max);
            if (key.name().equals(HISTORY_BYTES_TOTAL)) {
                historyTotal = value;
            }
            target.add(property, value);
        }
        Limits bound = JSONB.fromJson(top.add("mailbox", mailbox).build().toString(), Limits.class);
        // Every frame waits in the queue: the largest message must fit, twice (one being sent, one behind it).
        long largest = 2 * (bound.maxTextChars() * 4L + 2048);
        if (bound.outboundQueueBytes() < largest) {
            throw limits.problem(OUTBOUND_QUEUE_BYTES, "must be at least " + largest
                    + " so that two messages of max_text_chars characters fit (4 bytes a character, 2 KiB more each)");
        }
        return bound;
    }

    /** {@code maxTextChars} to {@code max_text_chars}, as JSON-B's LOWER_CASE_WITH_UNDERSCORES does. */
    static String snakeCase(String camelCase) {
        StringBuilder snake = new StringBuilder();
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_');
            }
            snake.append(Character.toLowerCase(c));
        }
        return snake.toString().toLowerCase(Locale.ROOT);
    }

    private static Object valueOf(RecordComponent component, Record defaults) {
        try {
            return component.getAccessor().invoke(defaults);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(component.getName(), e);
        }
    }
}
