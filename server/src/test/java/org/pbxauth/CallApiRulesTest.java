package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.access.ApiPath;
import org.pbxauth.access.CallApiRules;
import org.pbxauth.access.PathPattern;
import org.pbxauth.config.SettingsException;

/** The Call API list as data: the built-in file, an operator's file replacing or extending it, mistakes refused at start. */
class CallApiRulesTest {
    @TempDir Path dir;

    @Test
    void whenTheBuiltInListIsReadThenItHasTheVendorsRules() {
        assertThat(CallApiRules.builtIn().rules()).extracting(r -> r.name()).containsExactly(
                "read anything the user may see", "create and delete call-event handlers", "delete recordings",
                "delete voicemail", "delete incoming faxes", "send, cancel and resend faxes", "start, manage and end calls");
    }

    @Test
    void whenAnOperatorExtendsTheListThenTheirRulesComeAfterTheBuiltInOnes() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yml"), """
                extends: default
                call_api:
                  - name: archive recordings
                    methods: [post]
                    paths: ['/api/ver1.0/client/{client_id}/record/archive/']
                """);
        CallApiRules rules = CallApiRules.load(file);
        assertThat(rules.rules()).hasSize(8);
        assertThat(rules.allowing("POST", ApiPath.parse("/api/ver1.0/client/@me/record/archive").orElseThrow()))
                .hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("archive recordings"));
        Path replacing = Files.writeString(dir.resolve("only-reads.yml"), """
                call_api:
                  - name: reads only
                    methods: [GET]
                    paths: [/api/ver1.0/**]
                """);
        CallApiRules only = CallApiRules.load(replacing);
        assertThat(only.rules()).hasSize(1);
        assertThat(only.allowing("POST", ApiPath.parse("/api/ver1.0/extension/100/event/").orElseThrow())).isEmpty();
    }

    @Test
    void whenTheFileIsWrongThenTheMessageSaysWhereAndWhat() throws Exception {
        Map<String, String> wrong = Map.of(
                "call_api: [{name: x, methods: [GET], paths: [/admin/**]}]", "under /api/ver1.0/",
                "call_api: [{name: x, methods: [FETCH], paths: [/api/ver1.0/**]}]", "unknown method 'FETCH'",
                "call_api: [{name: x, methods: [GET], paths: [/api/ver1.0/**/cdr]}]", "** may only end a pattern",
                "call_api: [{name: x, methods: [GET], paths: [/api/ver1.0/ext*]}]", "whole segment",
                "call_api: [{name: x, methods: [GET], paths: ['/api/ver1.0/{Id}']}]", "{lower_case_name}",
                "call_api: [{methods: [GET], paths: [/api/ver1.0/]}]", "name is required",
                "call_api: [{name: x, method: [GET], paths: [/api/ver1.0/]}]", "unknown key 'method'",
                "rules: []", "unknown key 'rules'",
                "extends: other\ncall_api: []", "extends can only be 'default'",
                "call_api: [{name: x, methods: [GET]", "not YAML");
        for (var e : wrong.entrySet()) {
            Path file = Files.writeString(dir.resolve("bad.yml"), e.getKey());
            assertThatThrownBy(() -> CallApiRules.load(file)).as(e.getKey())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(e.getValue())
                    .hasMessageContaining(file.toString());
        }
    }

    @Test
    void whenTheServerStartsWithABadPolicyFileThenItStopsSayingWhy() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yml"), "call_api: [{name: x, methods: [GET], paths: [nope]}]");
        assertThatThrownBy(() -> TestServer.start(dir.resolve("data"), Clock.systemUTC(),
                Map.of("gateway.access-policy", file.toString())))
                .isInstanceOf(SettingsException.class).hasMessageContaining("gateway.access-policy")
                .hasMessageContaining("a path pattern starts with /");
    }

    @Test
    void whenPathsAreMatchedThenVariablesTakeOneSegmentAndTrailingSlashesDoNotMatter() {
        PathPattern p = PathPattern.parse("/api/ver1.0/extension/{extension_id}/event/{event_id}");
        assertThat(p.matches(ApiPath.parse("/api/ver1.0/extension/100/event/7").orElseThrow())).isTrue();
        assertThat(p.matches(ApiPath.parse("/api/ver1.0/extension/100/event/7/").orElseThrow())).isTrue();
        assertThat(p.matches(ApiPath.parse("/api/ver1.0/extension/100/event/").orElseThrow())).isFalse();
        assertThat(p.matches(ApiPath.parse("/api/ver1.0/extension/100/event/7/x").orElseThrow())).isFalse();
        PathPattern rest = PathPattern.parse("/api/ver1.0/extension/{extension_id}/call/{call_id}/**");
        assertThat(rest.matches(ApiPath.parse("/api/ver1.0/extension/1/call/2").orElseThrow())).isTrue();
        assertThat(rest.matches(ApiPath.parse("/api/ver1.0/extension/1/call/2/hold/now").orElseThrow())).isTrue();
        for (String ambiguous : new String[] {"/api/ver1.0/a/../b", "/api/ver1.0/a/%2E/b", "/api/ver1.0/a%2fb",
                "/api/ver1.0/a%5Cb", "/api/ver1.0//a", "/api/ver1.0/%ZZ", "/api/ver1.0/%C3%28", "/api/ver1.0/a%00",
                "api/ver1.0/a", "/api/ver1.0/ä"}) {
            assertThat(ApiPath.parse(ambiguous)).as(ambiguous).isEmpty();
        }
        assertThat(ApiPath.parse("/api/ver1.0/client/%40me/did/?x=/../").orElseThrow().segments())
                .containsExactly("api", "ver1.0", "client", "@me", "did");
    }
}
