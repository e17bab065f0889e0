/**
 * The scenarios of issue 7: fan-out, the websocket-shootout figure, everyday chat, join storm, idle capacity. Each
 * opens its own connections (in rooms of its own), measures, closes them, and returns result rows.
 */
package org.safehouse.bench.scenario;
