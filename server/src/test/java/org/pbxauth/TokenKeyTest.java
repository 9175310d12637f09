package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.TokenCalls.DEMO;
import static org.pbxauth.TokenCalls.ok;
import static org.pbxauth.TokenCalls.s;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.TokenHash;

/**
 * Token keys (TokenHash): a token's first three characters are the millisecond it was minted,
 * so tokens minted one after another sort one after another in the store; the rest is random.
 * Tokens stored under their bare SHA-256 by an earlier version keep working.
 */
class TokenKeyTest {
    private static final String ORDERED = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int SLOTS = 62 * 62 * 62;

    @RegisterExtension static final DemoServer demo = new DemoServer();

    private static int slot(String token) {
        return ORDERED.indexOf(token.charAt(0)) * 62 * 62 + ORDERED.indexOf(token.charAt(1)) * 62
                + ORDERED.indexOf(token.charAt(2));
    }

    @Test
    void whenTokensMintedThenSlotIsTheMillisecondAndTheRestRandom() throws InterruptedException {
        RandomTokens random = new RandomTokens();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long before = System.currentTimeMillis();
            String token = random.token().reveal();
            long after = System.currentTimeMillis();
            assertThat(token).matches("[A-Za-z0-9]{30}");
            // the slot is the clock at minting, modulo 62³ ms
            assertThat(slot(token)).isIn(List.of((int) (before % SLOTS), (int) (after % SLOTS)));
            tokens.add(token);
            Thread.sleep(1);
        }
        // 27 random characters: no two tokens share them, and they use the whole alphabet
        assertThat(tokens.stream().map(t -> t.substring(3)).distinct()).hasSize(tokens.size());
        assertThat(String.join("", tokens.stream().map(t -> t.substring(3)).toList()).chars().distinct().count())
                .isGreaterThan(55);
    }

    @Test
    void whenTokensMintedInTurnThenTheirKeysSortInTurn() throws InterruptedException {
        RandomTokens random = new RandomTokens();
        Secret first = random.token();
        Thread.sleep(2);
        Secret second = random.token();
        String a = TokenHash.of(first).key();
        String b = TokenHash.of(second).key();
        assertThat(a).hasSize(64).startsWith(first.reveal().substring(0, 3));
        assertThat(a.substring(3)).matches("[0-9a-f]{61}").isEqualTo(TokenCalls.sha256Hex(first.reveal()).substring(0, 61));
        if (slot(first.reveal()) < slot(second.reveal())) { // not across the four-minute wrap
            assertThat(a).isLessThan(b);
        }
    }

    @Test
    void whenTokensStoredUnderTheirBareSha256ThenTheyStillWork() throws Exception {
        Map<String, Object> login = demo.api().login("user_name", "user_password");
        String access = s(login, "access_token");
        String refresh = s(login, "refresh_token");
        storeUnderLegacyKey(access);
        storeUnderLegacyKey(refresh);

        demo.api().assertLive(access);
        assertThat(demo.api().introspect(access)).containsEntry("active", true).containsEntry("username", "user_name");

        Map<String, Object> rotated = ok(demo.api().refresh(refresh));
        demo.api().assertLive(s(rotated, "access_token"));
        assertThat(demo.api().introspect(refresh)).as("spent by the rotation").containsEntry("active", false);

        String other = s(demo.api().login("user_name", "user_password"), "access_token");
        storeUnderLegacyKey(other);
        demo.api().assertLive(other);
        assertThat(demo.api().revoke(DEMO, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, "token", other)
                .statusCode()).isEqualTo(200);
        demo.api().assertDead(other);
    }

    @Test
    void whenValuesThatAreNoTokensArePresentedThenTheyAreRefusedWithoutAServerError() {
        // A key is made of what a client sends: only [0-9A-Za-z] may lead it into the database.
        List<String> values = List.of("\u0000\u0000\u0000" + "a".repeat(27), "a\uD83D\uDE00bcdefghijklmnopqrstuvwxyz12",
                "'; DROP TABLE tokens; --", "ab", "é" + "a".repeat(29), "  " + "a".repeat(28));
        for (String value : values) {
            if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) { // what an HTTP header can carry
                assertThat(demo.api().user(DEMO, value).statusCode()).as("api %s", value).isIn(400, 401);
            }
            HttpResponse<String> introspected = demo.api().introspect(DEMO, TestServer.PASSWORD_APP,
                    TestServer.PASSWORD_APP_SECRET, value);
            // 400 when the form parser already refuses the value (a NUL), else the endpoint's own answer
            assertThat(introspected.statusCode()).as("introspect %s", value).isIn(200, 400);
            if (introspected.statusCode() == 200) {
                assertThat(introspected.body()).contains("\"active\":false");
            }
            assertThat(demo.api().refresh(value).statusCode()).as("refresh %s", value).isEqualTo(400);
            assertThat(demo.api().revoke(DEMO, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, "token", value)
                    .statusCode()).as("revoke %s", value).isIn(200, 400);
        }
    }

    /** What the version before the clock slot stored: the bare SHA-256 of the token, 64 hex digits. */
    private static void storeUnderLegacyKey(String token) throws Exception {
        try (var c = demo.server().node().services().database().dataSource().getConnection();
             var st = c.prepareStatement("UPDATE tokens SET hash = ? WHERE hash = ?")) {
            st.setString(1, TokenCalls.sha256Hex(token));
            st.setString(2, TokenHash.of(Secret.of(token)).key());
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }
}
