package org.safehouse.protocol;

/** One method per client frame type; see {@link ClientFrame#dispatchTo}. */
public interface ClientFrameHandler {
    void onJoin(ClientFrame.Join join);

    void onProve(ClientFrame.Prove prove);

    void onLeave(ClientFrame.Leave leave);

    void onBroadcast(ClientFrame.Broadcast broadcast);

    void onPrivateMessage(ClientFrame.PrivateMessage message);

    void onHistory(ClientFrame.History history);

    void onListRooms(ClientFrame.ListRooms listRooms);

    void onPing(ClientFrame.Ping ping);
}
