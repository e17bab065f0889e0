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

    void onSealInfo(ClientFrame.SealInfo sealInfo);

    void onRoomSettings(ClientFrame.RoomSettings settings);

    void onSetRole(ClientFrame.SetRole setRole);

    void onTransferOwnership(ClientFrame.TransferOwnership transfer);

    void onKick(ClientFrame.Kick kick);

    void onBan(ClientFrame.Ban ban);

    void onUnban(ClientFrame.Unban unban);

    void onListBans(ClientFrame.ListBans listBans);

    void onMute(ClientFrame.Mute mute);

    void onUnmute(ClientFrame.Unmute unmute);

    void onDeleteRoom(ClientFrame.DeleteRoom deleteRoom);

    void onWipeRoom(ClientFrame.WipeRoom wipeRoom);

    void onCreateInvite(ClientFrame.CreateInvite createInvite);

    void onListInvites(ClientFrame.ListInvites listInvites);

    void onRevokeInvite(ClientFrame.RevokeInvite revokeInvite);
}
