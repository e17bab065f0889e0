package org.safehouse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Names that look alike share a key; nicknames that mix scripts are refused. */
class NamesTest {

    @Test
    void lookAlikesShareAKey() {
        assertEquals(Names.key("den"), Names.key("Den"));
        assertEquals(Names.key("den"), Names.key("\uff44\uff45\uff4e"), "full-width");
        assertEquals(Names.key("DEN"), Names.key("\uff24\uff25\uff2e"), "full-width capitals");
        assertEquals(Names.key("h"), Names.key("\u210c"), "black-letter H: NFKC before case folding");
        assertEquals(Names.key("strasse"), Names.key("Stra\u00dfe"), "sharp s folds to ss");
        assertEquals(Names.key("\u03c3\u03bf\u03c6\u03b9\u03b1"), Names.key("\u03a3\u039f\u03a6\u0399\u0391"));
        assertEquals(Names.key("fin"), Names.key("\ufb01n"), "ligature");
        assertEquals(Names.key("\u00e9"), Names.key("e\u0301"), "composed and decomposed");
        assertEquals(Names.key("x2"), Names.key("x\u00b2"), "superscript two");
        assertNotEquals(Names.key("ann"), Names.key("anna"));
    }

    @Test
    void nicknamesInOneScriptOrAUsualMixAreAccepted() {
        for (String nick : new String[] {"alice", "Алиса", "Αλίκη", "山田太郎", "やまだ タロウ", "田中Taro", "김철수",
                "李小龍", "ㄅㄆ王", "bob_42 🙂", "José", "ñandú", "O'Brien-Smith"}) {
            Names.Checked checked = Names.nickname(nick);
            assertTrue(checked.ok(), nick + ": " + checked.problem());
        }
    }

    @Test
    void nicknamesMixingScriptsAreRefused() {
        for (String nick : new String[] {"p\u0430ypal", "\u0391dmin", "b\u043eb", "ad\u043cin", "\u0430lice",
                "Алиса alice", "김やまだ", "abc\u05d0"}) {
            Names.Checked checked = Names.nickname(nick);
            assertFalse(checked.ok(), nick);
            assertTrue(checked.problem().contains("mixes scripts"), checked.problem());
        }
        assertTrue(Names.roomName("p\u0430ypal").ok(), "room names may mix scripts; their key still folds them");
    }

    @Test
    void controlAndBidiCharactersAreRefusedInNames() {
        assertFalse(Names.nickname("ev\u202eil").ok());
        assertFalse(Names.nickname("a\u0001b").ok());
        assertFalse(Names.nickname("a\u0085b").ok(), "C1");
        assertFalse(Names.roomName("r\u0007oom").ok());
    }
}
