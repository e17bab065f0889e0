package org.safehouse.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Like {@link WholeNumber}, for a key that may have a fraction: any JSON number from {@link #min} to {@link #max}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface DecimalNumber {
    double min();

    double max();
}
