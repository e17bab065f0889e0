/**
 * The wire: frame records (what a client sends, what the server sends), the JSON codec, error codes, close codes.
 * Wire names ({@code "msgType": "Broadcast"}) appear only in {@link org.safehouse.protocol.JsonCodec}.
 * Depends on nothing of ours; uses only jakarta.json (JSON-P), which is bundled in the WAR.
 */
package org.safehouse.protocol;
