/**
 * Moving encoded frames to connections: the {@link org.safehouse.delivery.Broker} (publish/subscribe by topic), the
 * {@link org.safehouse.delivery.LocalHub} that fans out to this node's subscribers, and the bounded
 * {@link org.safehouse.delivery.OutboundQueue} of each connection. Knows no chat rules and nothing of Jakarta.
 */
package org.safehouse.delivery;
