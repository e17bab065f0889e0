package org.safehouse.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Like {@link WholeNumber}, for a text key: a JSON string of {@link #min} to {@link #max} characters. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface TextLength {
    int min();

    int max();
}
