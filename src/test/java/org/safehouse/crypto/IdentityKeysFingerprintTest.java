package org.safehouse.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.safehouse.testing.TestIdentity;

/** The fingerprint that room owners, moderators and key bans are bound to. */
class IdentityKeysFingerprintTest {

    static IdentityKeys parse(JsonObject keys) {
        return IdentityKeys.parse(keys.getString("agreement"), keys.getString("signing"), keys.getString("algorithm"))
                .orElseThrow();
    }

    @Test
    void isTheSha256OfTheSigningKeyAsAClientCanComputeIt() {
        for (String algorithm : new String[] {IdentityKeys.ECDSA_P256, IdentityKeys.ED25519}) {
            TestIdentity identity = TestIdentity.create(algorithm);
            String fingerprint = parse(identity.keys()).fingerprint();
            assertEquals(identity.fingerprint(), fingerprint);
            assertEquals(64, fingerprint.length());
            assertEquals(fingerprint.toLowerCase(java.util.Locale.ROOT), fingerprint);
        }
    }

    @Test
    void differsBetweenPeopleAndDoesNotDependOnTheAgreementKey() {
        TestIdentity alice = TestIdentity.create(IdentityKeys.ECDSA_P256);
        TestIdentity mallory = TestIdentity.create(IdentityKeys.ECDSA_P256);
        JsonObject aliceKeys = alice.keys();
        IdentityKeys aliceWithMalloryAgreement = IdentityKeys.parse(mallory.keys().getString("agreement"),
                aliceKeys.getString("signing"), aliceKeys.getString("algorithm")).orElseThrow();
        assertNotEquals(parse(aliceKeys).fingerprint(), parse(mallory.keys()).fingerprint());
        assertEquals(parse(aliceKeys).fingerprint(), aliceWithMalloryAgreement.fingerprint());
    }
}
