package org.safehouse.config;

/**
 * Caps on a room's store-and-forward mailbox of encrypted private messages ({@code mailbox_*} keys of the
 * {@code limits} object), counted in messages and in bytes of the encrypted body (ciphertext, iv, signature and
 * client id). Each recipient identity has its own queue; each sender identity, each recipient and the whole room are
 * capped, and so is what senders from one address group (IPv4 address, IPv6 /64) keep in a room, since one person
 * can prove any number of fresh identities (counted while the server runs: the group is not stored). A new message may displace only messages already delivered to their recipient, never one still waiting;
 * when that does not make room it is refused ({@code mailbox_full}) if its recipient is offline, or relayed live
 * without being kept if the recipient is online. 0 messages (or bytes) keeps nothing.
 */
public record MailboxLimits(
        @WholeNumber(min = 0, max = 1_000_000) int messagesPerRecipient,
        @WholeNumber(min = 0, max = Integer.MAX_VALUE) long bytesPerRecipient,
        @WholeNumber(min = 0, max = 1_000_000) int messagesPerSender,
        @WholeNumber(min = 0, max = Integer.MAX_VALUE) long bytesPerSender,
        @WholeNumber(min = 0, max = 1_000_000) int messagesPerRoom,
        @WholeNumber(min = 0, max = Integer.MAX_VALUE) long bytesPerRoom,
        @WholeNumber(min = 0, max = 1_000_000) int messagesPerAddressGroup,
        @WholeNumber(min = 0, max = Integer.MAX_VALUE) long bytesPerAddressGroup) {

    public static final MailboxLimits DEFAULTS = new MailboxLimits(
            100,               // mailbox_messages_per_recipient
            256 * 1024,        // mailbox_bytes_per_recipient
            100,               // mailbox_messages_per_sender
            256 * 1024,        // mailbox_bytes_per_sender
            1000,              // mailbox_messages_per_room
            2 * 1024 * 1024,   // mailbox_bytes_per_room
            300,               // mailbox_messages_per_address_group
            768 * 1024);       // mailbox_bytes_per_address_group

    /** Whether the mailbox keeps anything at all. */
    public boolean keepsAny() {
        return messagesPerRecipient > 0 && bytesPerRecipient > 0 && messagesPerSender > 0 && bytesPerSender > 0
                && messagesPerRoom > 0 && bytesPerRoom > 0 && messagesPerAddressGroup > 0 && bytesPerAddressGroup > 0;
    }
}
