/**
 * Durable implementations of the core's storage ports: {@link org.safehouse.storage.SqliteHistoryStore} keeps room
 * history in an SQLite file. The only package that uses JDBC. Depends on core (the port), protocol and config.
 */
package org.safehouse.storage;
