package org.safehouse.protocol;

/**
 * The end-to-end encrypted body of a private message, opaque to the server: AES-256-GCM ciphertext and IV (base64),
 * the sender's message counter, and the sender's signature. The client's {@code clientMsgId}, like the sender,
 * recipient and counter, is bound into the ciphertext as associated data, so the server cannot re-label it.
 */
public record EncryptedBody(String clientMsgId, String ciphertext, String iv, long counter, String signature) {
    @Override
    public String toString() {
        return "EncryptedBody[" + ciphertext.length() + " chars]";
    }
}
