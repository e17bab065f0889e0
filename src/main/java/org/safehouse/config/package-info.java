/**
 * One immutable, validated configuration record ({@link org.safehouse.config.SafehouseConfig}), its defaults stated
 * once ({@link org.safehouse.config.Limits#DEFAULTS} and the loader), and the one loader that reads config.json.
 * May depend on crypto (clear passwords are hashed at load). Knows nothing of Jakarta.
 */
package org.safehouse.config;
