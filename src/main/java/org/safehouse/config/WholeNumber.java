package org.safehouse.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The check of a whole-number key of config.json, stated on its record component: a JSON number without a fraction,
 * from {@link #min} to {@link #max}. The key's default is the component's value in the section's {@code DEFAULTS};
 * docs/config.schema.json states the same range (ConfigSchemaTest compares them).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface WholeNumber {
    long min();

    long max();
}
