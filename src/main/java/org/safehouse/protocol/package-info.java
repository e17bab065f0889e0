/**
 * The wire: frame records (what a client sends, what the server sends), the JSON codec, error codes, close codes.
 * Wire names ({@code "msgType": "Broadcast"}) appear only in the codec: {@link org.safehouse.protocol.JsonCodec},
 * its {@link org.safehouse.protocol.ClientFrameDecoder} and its {@link org.safehouse.protocol.ServerFrameEncoder}.
 * Depends on nothing of ours; uses only jakarta.json (JSON-P), which is bundled in the WAR.
 */
package org.safehouse.protocol;
