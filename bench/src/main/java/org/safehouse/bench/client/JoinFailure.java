package org.safehouse.bench.client;

/** Why a connection never got to {@code Joined}: a refused connect, a failed handshake, an Error code, a close. */
public final class JoinFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public JoinFailure(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    /** A short stable label, used as a key when failures are counted. */
    public String reason() {
        return reason;
    }
}
