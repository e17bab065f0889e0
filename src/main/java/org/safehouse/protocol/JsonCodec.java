package org.safehouse.protocol;

/**
 * The codec of the wire: decodes client frames ({@link ClientFrameDecoder}) and encodes server frames
 * ({@link ServerFrameEncoder}). Together with those two, the only place that knows wire names; their exact output is
 * pinned by the golden files under src/test/resources/golden.
 *
 * <p>Thread-safe and stateless.
 */
public final class JsonCodec {
    static final String MSG_TYPE = "msgType";
    /** Most messages in one history page. */
    public static final int MAX_PAGE = 100;

    private final ClientFrameDecoder decoder = new ClientFrameDecoder();
    private final ServerFrameEncoder encoder = new ServerFrameEncoder();

    /**
     * Decodes one text frame of the modern protocol, or a Ragnarok frame once the client has joined. Throws nothing
     * but {@link ProtocolException}: the JSON-P implementation reads numbers lazily and throws plain runtime exceptions
     * (a NumberFormatException for {@code 1e99999999999}, a RuntimeException past 1000 levels of nesting), which
     * become {@code bad_field} and {@code bad_json}, never an internal error that closes the connection.
     */
    public ClientFrame decode(String text) throws ProtocolException {
        return decoder.decode(text);
    }

    /** Encodes a server frame to its JSON text. Callers encode a broadcast once and share the text. */
    public String encode(ServerFrame frame) {
        return encoder.encode(frame);
    }
}
