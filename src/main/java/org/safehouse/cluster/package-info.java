/**
 * Cluster mode: Redis implementations of the core's ports, so several nodes act as one server. Everything Redis does
 * for a node goes through one {@link org.safehouse.cluster.RedisCluster} (one command connection, one pub/sub
 * connection, the heartbeat). The only package that imports Lettuce, Netty or Reactor; it may use core, delivery,
 * protocol and config (and storage's {@code RoomRulesJson} and {@code SealedBodyJson}, rules and sealed bodies as JSON), never transport.
 *
 * <p>Threads: commands are sent from any thread without blocking; their futures complete on Lettuce's I/O threads,
 * which run no chat rules. Pub/sub messages are handed to one thread of ours, "safehouse-redis-pubsub", which runs
 * every listener in Redis's publish order. Blocking on Redis ({@link org.safehouse.cluster.RedisCluster#await}) is
 * allowed at start, on the password workers and in the join path holding at most the session's monitor; never
 * under a room's monitor and never on the pub/sub thread.
 */
package org.safehouse.cluster;
