package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.minidev.json.JSONValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document itself: an OpenAPI 3.1 document whose every schema is valid JSON Schema 2020-12
 * (networknt bundles that meta-schema, not the OpenAPI document schema, so the document's own
 * shape is checked here rule by rule), every $ref resolving, every operation routed; and the
 * validator of {@link OperatorContract} refusing what the contract refuses.
 */
class OperatorContractTest {
    private static final OperatorContract CONTRACT = OperatorContract.INSTANCE;
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @TempDir Path data;

    @Test
    @SuppressWarnings("unchecked")
    void whenReadThenAnOpenApi31DocumentOfUniqueOperationsWithDocumentedResponses() {
        Map<String, Object> doc = CONTRACT.document();
        assertThat((String) doc.get("openapi")).matches("3\\.1\\.\\d+");
        Map<String, Object> info = (Map<String, Object>) doc.get("info");
        assertThat(info.get("title")).isInstanceOf(String.class);
        assertThat(info.get("version")).isInstanceOf(String.class);
        Map<String, Object> schemes = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("securitySchemes");
        assertThat(schemes).containsKey("basic");
        assertThat(((Map<String, Object>) schemes.get("basic"))).containsEntry("type", "http").containsEntry("scheme", "basic");
        Set<String> operationIds = new HashSet<>();
        ((Map<String, Object>) doc.get("paths")).forEach((template, item) -> {
            assertThat(template).startsWith("/");
            Map<String, Object> pathItem = (Map<String, Object>) item;
            Set<String> pathParams = new HashSet<>();
            for (Object p : (List<Object>) pathItem.getOrDefault("parameters", List.of())) {
                Map<String, Object> param = (Map<String, Object>) p;
                if ("path".equals(param.get("in"))) {
                    assertThat(param).as("%s: a path parameter is required", template).containsEntry("required", true);
                    pathParams.add((String) param.get("name"));
                }
            }
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
            while (m.find()) {
                assertThat(pathParams).as("%s declares {%s}", template, m.group(1)).contains(m.group(1));
            }
            for (String key : pathItem.keySet()) {
                assertThat(key).as("a member of the path item %s", template).isIn(union(METHODS, List.of("parameters", "summary")));
                if (!METHODS.contains(key)) {
                    continue;
                }
                Map<String, Object> op = (Map<String, Object>) pathItem.get(key);
                assertThat(operationIds.add((String) op.get("operationId"))).as("operationId of %s %s unique", key, template).isTrue();
                Map<String, Object> responses = (Map<String, Object>) op.get("responses");
                assertThat(responses).as("%s %s responses", key, template).isNotEmpty().containsKey("401");
                responses.forEach((status, r) -> {
                    assertThat(status).matches("[1-5][0-9]{2}");
                    assertThat(CONTRACT.resolve((Map<String, Object>) r).get("description")).isInstanceOf(String.class);
                });
            }
        });
        assertThat(operationIds).hasSize(5);
    }

    @Test
    void whenEverySchemaCheckedAgainstTheJsonSchema202012MetaSchemaThenValidAndEveryRefResolves() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema meta = registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<Object> schemas = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        collect(CONTRACT.document(), schemas, refs);
        assertThat(schemas).hasSizeGreaterThan(10);
        for (Object schema : schemas) {
            String json = JSONValue.toJSONString(schema);
            assertThat(meta.validate(json, InputFormat.JSON)).as("schema %s", json).isEmpty();
        }
        for (String ref : refs) {
            assertThat(CONTRACT.resolve(Map.of("$ref", ref))).as(ref).isNotNull();
        }
        // the meta-schema is no rubber stamp
        assertThat(meta.validate("{\"type\":\"strnig\"}", InputFormat.JSON)).isNotEmpty();
    }

    /**
     * Against the OpenAPI Initiative's meta-schema of 3.1 documents, when the test resources hold
     * it (the admin API's branch adds {@code openapi/oas-3.1-schema-2021-04-15.json}); skipped
     * until then, as networknt does not bundle it.
     */
    @Test
    void whenTheOpenApi31MetaSchemaIsAtHandThenTheDocumentIsValidAgainstIt() throws java.io.IOException {
        String meta = "https://spec.openapis.org/oas/3.1/schema/2021-04-15";
        try (var in = OperatorContractTest.class.getResourceAsStream("/openapi/oas-3.1-schema-2021-04-15.json")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(in != null, "no OpenAPI 3.1 meta-schema among the test resources");
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    b -> b.schemas(Map.of(meta, text)));
            assertThat(registry.getSchema(SchemaLocation.of(meta)).validate(CONTRACT.text(), InputFormat.JSON)).isEmpty();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenAnAnswerBreaksTheContractThenTheValidatorSaysSo() {
        Map<String, Object> customer = Map.of("$ref", "#/components/schemas/Customer");
        String good = "{\"id\":1,\"name\":\"A\",\"hostnames\":[\"a.example\"],\"public_url\":null,\"api_limit_per_hour\":null}";
        CONTRACT.validate(customer, good, "a customer");
        for (String bad : List.of("{\"id\":1,\"name\":\"A\",\"public_url\":null,\"api_limit_per_hour\":null}",
                "{\"id\":1,\"name\":\"A\",\"hostnames\":[\"A.example\"],\"public_url\":null,\"api_limit_per_hour\":null}",
                "{\"id\":1,\"name\":\"A\",\"hostnames\":[],\"public_url\":null,\"api_limit_per_hour\":null}",
                "{\"id\":\"1\",\"name\":\"A\",\"hostnames\":[\"a.example\"],\"public_url\":null,\"api_limit_per_hour\":null}",
                good.replace("}", ",\"extra\":1}"), good.replace("\"api_limit_per_hour\":null", "\"api_limit_per_hour\":-1"))) {
            assertThatThrownBy(() -> CONTRACT.validate(customer, bad, "a bad customer")).as(bad).isInstanceOf(AssertionError.class);
        }
        assertThatThrownBy(() -> CONTRACT.validate(Map.of("$ref", "#/components/schemas/Problem"),
                "{\"type\":\"x\",\"title\":\"t\",\"status\":400,\"code\":\"made_up\"}", "a problem"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> CONTRACT.operation("PUT", "/operator/api/v1/customers/1")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> CONTRACT.template("/operator/api/v1/nothing")).isInstanceOf(AssertionError.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenEveryDocumentedOperationIsCalledThenItIsRouted() {
        try (TestServer server = OperatorClient.start(data)) {
            OperatorClient ops = new OperatorClient(server);
            ((Map<String, Object>) CONTRACT.document().get("paths")).forEach((template, item) -> {
                for (String method : ((Map<String, Object>) item).keySet()) {
                    if (!METHODS.contains(method)) {
                        continue;
                    }
                    String path = template.replace("{id}", "999999");
                    String type = method.equals("patch") ? "application/merge-patch+json" : method.equals("post") ? "application/json" : null;
                    OperatorClient.Answer a = ops.call(method.toUpperCase(), path, type, type == null ? null : "{}", "If-Match", "*");
                    assertThat(a.status()).as("%s %s: %s", method, path, a.body()).isNotEqualTo(405);
                    assertThat(a.body()).as("%s %s", method, path).doesNotContain("no such endpoint");
                }
            });
        }
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Every schema object (the value of a "schema" member or of components/schemas) and every $ref. */
    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Object> schemas, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (k.equals("schema")) {
                    schemas.add(v);
                } else if (k.equals("schemas") && v instanceof Map<?, ?> named) {
                    schemas.addAll(named.values());
                } else if (k.equals("$ref")) {
                    refs.add((String) v);
                }
                collect(v, schemas, refs);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collect(v, schemas, refs));
        }
    }
}
