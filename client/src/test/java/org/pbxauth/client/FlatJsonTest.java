package org.pbxauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlatJsonTest {
    @Test
    void whenTheSeedAnswerThenEveryMemberIsRead() {
        Map<String, Object> m = FlatJson.parse("{\"access_token\":\"pyt4ZUcLWc2FP3t10OJUN2N4Xh2qes\",\"token_type\":\"Bearer\","
                + "\"expires_in\":3600,\"refresh_token\":\"L40pLFI9hgoRlp0lFHNAvPUt0K9K0C\",\"scope\":\"all\"}");
        TokenResponse t = TokenResponse.from(m, 200);
        assertThat(t.expiresIn()).isEqualTo(3600);
        assertThat(t.accessToken().matches("pyt4ZUcLWc2FP3t10OJUN2N4Xh2qes")).isTrue();
        assertThat(t.toString()).doesNotContain("pyt4ZUcLWc2FP3t10OJUN2N4Xh2qes").doesNotContain("L40pLFI9hgo");
    }

    @Test
    void whenTheVendorsUserThenTheRecordHoldsIt() {
        PbxUser u = PbxUser.from(FlatJson.parse("{\"dealer_id\":null,\"admin\":false,\"extra_params\":null,"
                + "\"access\":\"full\",\"extension_id\":null,\"client_id\":12,\"extension_group_id\":null,"
                + "\"timezone\":\"Europe/Moscow\",\"login\":\"client1\",\"id\":20}"), 200);
        assertThat(u).isEqualTo(new PbxUser(20, "client1", 12L, false, "full", null, null, "Europe/Moscow", null, null));
    }

    @Test
    void whenEscapesThenDecoded() {
        assertThat(FlatJson.parse(" {\"a\" : \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"} ").get("a"))
                .isEqualTo("x\"\\/\b\f\n\r\t\u00e9\ud83d\ude00");
        assertThat(FlatJson.parse("{\"n\":-0.5e+3}").get("n")).isEqualTo(new BigDecimal("-0.5e+3"));
    }

    @Test
    void whenMalformedThenRefused() {
        for (String bad : new String[] {"", "{", "}", "[]", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "{\"a\":{}}",
                "{\"a\":[1]}", "{\"a\":1}x", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":+1}",
                "{\"a\":tru}", "{\"a\":\"\\x\"}", "{\"a\":\"\\ud83d\"}", "{\"a\":\"\\ude00\"}", "{\"a\":\"\u0001\"}",
                "{\"a\":1,\"a\":2}", "{a:1}", "{\"a\":\"unterminated}", "{\"a\":\"\\u12\"}", "{'a':1}", "{\"a\":NaN}"}) {
            assertThatThrownBy(() -> FlatJson.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Property: any flat object written by a reference writer reads back member for member. */
    @Test
    void whenRandomFlatObjectsThenTheyRoundTrip() {
        Random random = new Random(20);
        for (int round = 0; round < 2000; round++) {
            Map<String, Object> expected = new LinkedHashMap<>();
            StringBuilder json = new StringBuilder("{");
            int members = random.nextInt(6);
            for (int i = 0; i < members; i++) {
                String name = "m" + i + randomText(random);
                Object value;
                String text;
                switch (random.nextInt(5)) {
                    case 0 -> { String s = randomText(random); value = s; text = quote(s); }
                    case 1 -> { long n = random.nextLong(); value = BigDecimal.valueOf(n); text = Long.toString(n); }
                    case 2 -> { value = Boolean.TRUE; text = "true"; }
                    case 3 -> { value = Boolean.FALSE; text = "false"; }
                    default -> { value = null; text = "null"; }
                }
                expected.put(name, value);
                json.append(i == 0 ? "" : ",").append(" ".repeat(random.nextInt(2))).append(quote(name)).append(':').append(text);
            }
            json.append('}');
            assertThat(FlatJson.parse(json.toString())).as(json.toString()).containsExactlyEntriesOf(expected);
        }
    }

    /** Property: a mangled answer is read or refused with IllegalArgumentException, never anything else. */
    @Test
    void whenRandomMutationsThenOnlyIllegalArgument() {
        String seed = "{\"access_token\":\"abc\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"x\":\"\\u00e9\",\"b\":true,\"n\":null}";
        Random random = new Random(7);
        String alphabet = "{}[]\":,\\u0123456789abcdefnrtlse+-.E \t\n\ud83d\ude00\u0000";
        for (int round = 0; round < 20000; round++) {
            StringBuilder s = new StringBuilder(seed);
            for (int k = 1 + random.nextInt(3); k > 0 && s.length() > 0; k--) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try {
                FlatJson.parse(s.toString());
            } catch (IllegalArgumentException expected) {
                // refused: fine
            }
        }
    }

    private static String randomText(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(8); i > 0; i--) {
            int kind = r.nextInt(4);
            b.append(kind == 0 ? (char) r.nextInt(0x20) : kind == 1 ? "\ud83d\ude00" : kind == 2 ? (char) ('a' + r.nextInt(26)) : '"');
        }
        return b.toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
