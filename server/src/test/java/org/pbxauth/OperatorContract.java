package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.minidev.json.JSONValue;

/**
 * The operator API's contract, {@code openapi/operator.json}, as tests hold answers to it: the
 * operation is found by method and path template (the path less the server URL), its status
 * must be documented, the Content-Type one it lists, each documented header present and of its
 * schema, and the JSON body valid against the documented schema (JSON Schema 2020-12 in the
 * OpenAPI 3.1 dialect, networknt's validator, formats asserted, {@code $ref}s resolved within the
 * document).
 */
final class OperatorContract {
    /** The document's own URI for the validator: {@code $ref}s of {@code #/components/...} resolve within it. */
    static final String URI = "https://pbx-auth.invalid/openapi/operator.json";
    static final OperatorContract INSTANCE = new OperatorContract();

    private final String text;
    private final Map<String, Object> doc;
    private final String serverUrl;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private OperatorContract() {
        try (InputStream in = OperatorContract.class.getResourceAsStream("/openapi/operator.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        doc = Json.object(text.strip());
        serverUrl = (String) ((Map<String, Object>) ((List<Object>) doc.get("servers")).get(0)).get("url");
        registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(URI, text))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    String text() {
        return text;
    }

    Map<String, Object> document() {
        return doc;
    }

    /** The path template of {@code path} (query ignored), e.g. /customers/{id}; fails when none matches. */
    @SuppressWarnings("unchecked")
    String template(String path) {
        String p = path.split("\\?", 2)[0];
        assertThat(p).as("a path of the operator API").startsWith(serverUrl);
        String[] parts = p.substring(serverUrl.length()).split("/", -1);
        for (String template : ((Map<String, Object>) doc.get("paths")).keySet()) {
            String[] t = template.split("/", -1);
            if (t.length != parts.length) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < t.length && matches; i++) {
                matches = (t[i].startsWith("{") && !parts[i].isEmpty()) || t[i].equals(parts[i]);
            }
            if (matches) {
                return template;
            }
        }
        throw new AssertionError("no path of the contract matches " + path);
    }

    /** The operation object of {@code method} on {@code path}; fails when the contract has none. */
    @SuppressWarnings("unchecked")
    Map<String, Object> operation(String method, String path) {
        Map<String, Object> item = (Map<String, Object>) ((Map<String, Object>) doc.get("paths")).get(template(path));
        Object op = item.get(method.toLowerCase(Locale.ROOT));
        assertThat(op).as("%s %s in the contract", method, template(path)).isNotNull();
        return (Map<String, Object>) op;
    }

    /** A request body the server took (a 2xx answer) must be one the contract describes. */
    @SuppressWarnings("unchecked")
    void checkRequest(String method, String path, String contentType, String body) {
        Map<String, Object> op = operation(method, path);
        Map<String, Object> requestBody = (Map<String, Object>) op.get("requestBody");
        assertThat(requestBody).as("%s %s takes a body", method, path).isNotNull();
        Map<String, Object> content = (Map<String, Object>) requestBody.get("content");
        String media = mediaType(contentType);
        assertThat(content).as("media types %s %s takes", method, path).containsKey(media);
        validate((Map<String, Object>) ((Map<String, Object>) content.get(media)).get("schema"), body,
                method + " " + path + " request");
    }

    /** The answer must be one the contract documents for this operation, body and headers. */
    @SuppressWarnings("unchecked")
    void checkResponse(String method, String path, HttpResponse<String> r) {
        Map<String, Object> responses = (Map<String, Object>) operation(method, path).get("responses");
        String status = String.valueOf(r.statusCode());
        assertThat(responses).as("statuses documented for %s %s (answer: %s)", method, template(path), r.body())
                .containsKey(status);
        Map<String, Object> response = resolve((Map<String, Object>) responses.get(status));
        Map<String, Object> headers = (Map<String, Object>) response.getOrDefault("headers", Map.of());
        headers.forEach((name, spec) -> {
            Map<String, Object> header = resolve((Map<String, Object>) spec);
            Map<String, Object> schema = (Map<String, Object>) header.get("schema");
            var value = r.headers().firstValue(name);
            assertThat(value).as("header %s of %s %s %s", name, method, path, status).isPresent();
            validate(schema, "integer".equals(schema.get("type")) ? value.get() : JSONValue.toJSONString(value.get()),
                    "header " + name + " of " + method + " " + path + " " + status);
        });
        Map<String, Object> content = (Map<String, Object>) response.get("content");
        if (content == null) {
            assertThat(r.body()).as("no body for %s %s %s", method, path, status).isEmpty();
            return;
        }
        String media = mediaType(r.headers().firstValue("Content-Type").orElse(""));
        assertThat(content).as("media type of %s %s %s", method, path, status).containsKey(media);
        validate((Map<String, Object>) ((Map<String, Object>) content.get(media)).get("schema"), r.body(),
                method + " " + path + " " + status);
    }

    /**
     * Validates {@code json} against {@code schema}: a body's is a {@code $ref} into the components
     * (the contract's style), a header's may be inline.
     */
    void validate(Map<String, Object> schema, String json, String what) {
        String ref = (String) schema.get("$ref");
        Schema s;
        if (ref != null) {
            assertThat(ref).as("the schema of %s is a $ref into the components", what).startsWith("#/components/");
            s = schemas.computeIfAbsent(ref, r -> registry.getSchema(SchemaLocation.of(URI + r)));
        } else {
            assertThat(what).as("only a header's schema is inline").startsWith("header ");
            s = registry.getSchema(JSONValue.toJSONString(schema), InputFormat.JSON);
        }
        var errors = s.validate(json, InputFormat.JSON);
        assertThat(errors).as("%s against %s: %s", what, ref == null ? schema : ref, json).isEmpty();
    }

    /** A {@code $ref} to a reusable response or header, followed; anything else as it is. */
    @SuppressWarnings("unchecked")
    Map<String, Object> resolve(Map<String, Object> maybeRef) {
        Object ref = maybeRef.get("$ref");
        if (ref == null) {
            return maybeRef;
        }
        Object node = doc;
        for (String part : ((String) ref).substring(2).split("/")) {
            node = ((Map<String, Object>) node).get(part.replace("~1", "/").replace("~0", "~"));
            assertThat(node).as("%s resolves", ref).isNotNull();
        }
        return resolve((Map<String, Object>) node);
    }

    private static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }
}
