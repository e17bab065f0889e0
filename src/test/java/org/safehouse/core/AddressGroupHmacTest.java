package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AddressGroupHmacTest {
    private static byte[] secret(int fill) {
        byte[] secret = new byte[AddressGroupHmac.SECRET_BYTES];
        Arrays.fill(secret, (byte) fill);
        return secret;
    }

    @Test
    void oneGroupHasOneDigestThatNamesNoAddress() {
        AddressGroupHmac hmac = new AddressGroupHmac(secret(7));
        String group = AddressGroups.of("2001:db8:1:2::5");
        String digest = hmac.digest(group);
        assertEquals(digest, hmac.digest(AddressGroups.of("2001:db8:1:2:ffff::9")));
        assertTrue(digest.matches("[0-9a-f]{64}"), digest);
        assertFalse(digest.contains("2001"));
        assertNotEquals(digest, hmac.digest(AddressGroups.of("2001:db8:1:3::5")));
        assertFalse(hmac.toString().contains("07"));
    }

    @Test
    void anotherSecretGivesAnotherDigest() {
        String group = AddressGroups.of("203.0.113.7");
        assertNotEquals(new AddressGroupHmac(secret(1)).digest(group), new AddressGroupHmac(secret(2)).digest(group));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AddressGroupHmac(new byte[16]));
    }

    @Test
    void aCatalogThatKeepsNothingHandsOutOneSecretPerProcess() {
        byte[] first = RoomCatalog.NONE.serverSecret();
        assertEquals(AddressGroupHmac.SECRET_BYTES, first.length);
        assertArrayEquals(first, RoomCatalog.NONE.serverSecret());
        first[0]++;
        assertNotEquals(first[0], RoomCatalog.NONE.serverSecret()[0], "a caller cannot change the secret");
    }
}
