/**
 * Durable implementations of the core's storage ports: {@link org.safehouse.storage.SqliteHistoryStore} keeps room
 * history, and the encrypted private messages waiting for their recipient, in an SQLite file, written by one thread
 * from one bounded queue of typed {@link org.safehouse.storage.WriteTask}s;
 * {@link org.safehouse.storage.SqliteRoomCatalog} keeps the rooms created by joins (name, password verifier, flags) in
 * the same file. The only package that uses JDBC. Depends on core (the ports), protocol, config and crypto.
 */
package org.safehouse.storage;
