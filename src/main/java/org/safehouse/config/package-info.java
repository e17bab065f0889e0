/**
 * One immutable, validated configuration record ({@link org.safehouse.config.SafehouseConfig}) and the one loader that
 * reads config.json ({@link org.safehouse.config.ConfigLoader}: the unknown-key and Ragnarok-key rules). Each section
 * states its keys, defaults and checks once: the {@code limits} table is {@link org.safehouse.config.Limits} (range
 * annotations on the components, defaults in {@code DEFAULTS}, bound with JSON-B), the other sections read their keys
 * in their own record. May depend on crypto (clear passwords are hashed at load) and protocol (room name rules).
 * Knows nothing of Jakarta.
 */
package org.safehouse.config;
