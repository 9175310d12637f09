package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.OperatorClient.Answer;

/** {@code /operator/api/v1/customers}: each operation's answers and refusals, all held to operator.json. */
class OperatorApiTest {
    @TempDir static Path data;
    static TestServer server;
    static OperatorClient ops;

    @BeforeAll
    static void start() {
        server = OperatorClient.start(data);
        ops = new OperatorClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void whenCustomerCreatedThen201WithLocationEtagAndTheCustomer() {
        Answer a = ops.post("/customers", Map.of("name", "Acme", "hostnames", List.of("pbx.acme.example", "acme.localhost"),
                "public_url", "https://pbx.acme.example", "api_limit_per_hour", 5000));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        long id = a.id();
        assertThat(a.header("Location")).isEqualTo("/operator/api/v1/customers/" + id);
        assertThat(a.json()).containsEntry("name", "Acme").containsEntry("public_url", "https://pbx.acme.example")
                .containsEntry("api_limit_per_hour", 5000);
        assertThat(a.json().get("hostnames")).isEqualTo(List.of("acme.localhost", "pbx.acme.example"));

        Answer read = ops.get("/customers/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(a.json());
        assertThat(read.header("ETag")).isEqualTo(a.header("ETag"));
    }

    @Test
    void whenOnlyNameAndHostnamesThenNoPublicUrlAndTheServersLimit() {
        Answer a = ops.create("Bare", "bare.localhost");
        assertThat(a.json()).containsEntry("public_url", null).containsEntry("api_limit_per_hour", null);
    }

    @Test
    void whenListedThenTheDemoCustomersAndTheNewOneWithTheirHostnames() {
        long id = ops.create("Listed", "listed.localhost").id();
        Answer page = ops.get("/customers?limit=200");
        assertThat(page.status()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.json().get("items");
        assertThat(items).extracting(i -> i.get("name")).contains("Demo PBX", "Other PBX", "Listed");
        assertThat(items).filteredOn(i -> ((Number) i.get("id")).longValue() == id).singleElement()
                .satisfies(i -> assertThat(i.get("hostnames")).isEqualTo(List.of("listed.localhost")));
        assertThat(items.get(0).get("hostnames")).isEqualTo(List.of("127.0.0.1", "localhost"));
    }

    @Test
    void whenNameOrHostnameTakenThen409AndNothingAdded() {
        ops.create("Taken", "taken.localhost");
        ops.post("/customers", Map.of("name", "Taken", "hostnames", List.of("free.localhost"))).problem(409, "conflict");
        ops.post("/customers", Map.of("name", "Free", "hostnames", List.of("other.localhost", "taken.localhost")))
                .problem(409, "conflict");
        ops.post("/customers", Map.of("name", "Free", "hostnames", List.of("localhost"))).problem(409, "conflict");
        // the refused ones left nothing behind: both are free
        ops.create("Free", "free.localhost", "other.localhost");
    }

    @Test
    void whenHostnameInvalidThen400() {
        for (Object hostnames : List.of(List.of("Upper.example"), List.of("under_score.example"), List.of("-dash.example"),
                List.of("dash-.example"), List.of("trailing.dot."), List.of("a..b"), List.of(""), List.of("a".repeat(64)),
                List.of(("a".repeat(62) + ".").repeat(4) + "abc"), List.of(), List.of("dup.localhost", "dup.localhost"),
                List.of("sp ace.example"), List.of("ok.localhost", "bad/slash"))) {
            ops.post("/customers", Map.of("name", "Bad hosts", "hostnames", hostnames)).problem(400, "invalid_request");
        }
        ops.get("/customers?limit=200").json(); // and nothing was added
        assertThat(ops.get("/customers?limit=200").body()).doesNotContain("Bad hosts");
    }

    @Test
    void whenPublicUrlInvalidThen400() {
        for (String url : List.of("ftp://pbx.example", "https://pbx.example/path", "http://pbx.example", "https://pbx.example?q=1",
                "not a url", "https://user@pbx.example")) {
            ops.post("/customers", Map.of("name", "Bad URL", "hostnames", List.of("badurl.localhost"), "public_url", url))
                    .problem(400, "invalid_request");
        }
    }

    @Test
    void whenBodyMalformedThen400AndNever5xx() {
        for (String body : List.of("{", "[]", "\"x\"", "null", "{\"name\":\"X\",\"hostnames\":[\"x.localhost\"],\"extra\":1}",
                "{\"name\":1,\"hostnames\":[\"x.localhost\"]}", "{\"name\":\"X\",\"hostnames\":\"x.localhost\"}",
                "{\"name\":\"X\",\"hostnames\":[1]}", "{\"name\":\"X\",\"hostnames\":[null]}", "{\"name\":\"X\"}",
                "{\"hostnames\":[\"x.localhost\"]}", "{\"name\":null,\"hostnames\":[\"x.localhost\"]}",
                "{\"name\":\"X\",\"hostnames\":[\"x.localhost\"],\"api_limit_per_hour\":1.5}",
                "{\"name\":\"X\",\"hostnames\":[\"x.localhost\"],\"api_limit_per_hour\":-1}",
                "{\"name\":\"X\",\"hostnames\":[\"x.localhost\"],\"api_limit_per_hour\":99999999999999999999999}",
                "{\"name\":\"X\",\"hostnames\":[\"x.localhost\"],\"public_url\":5}",
                "{\"name\":\" X\",\"hostnames\":[\"x.localhost\"]}",
                "{\"name\":\"lone \\ud800 half\",\"hostnames\":[\"x.localhost\"]}",
                "{\"name\":\"nul \\u0000\",\"hostnames\":[\"x.localhost\"]}", "{\"name\":\"\",\"hostnames\":[\"x.localhost\"]}",
                "{\"name\":\"" + "n".repeat(201) + "\",\"hostnames\":[\"x.localhost\"]}",
                "{\"name\":\"X\",\"hostnames\":[\"x.localhost\"]} trailing")) {
            ops.call("POST", "/customers", "application/json", body).problem(400, "invalid_request");
        }
    }

    @Test
    void whenBodyHugeOrOfAnotherTypeThen413Or415() {
        String huge = "{\"name\":\"" + "x".repeat(40_000) + "\",\"hostnames\":[\"huge.localhost\"]}";
        assertThat(ops.call("POST", "/customers", "application/json", huge).status()).isEqualTo(413);
        ops.call("POST", "/customers", "text/plain", "{\"name\":\"X\",\"hostnames\":[\"x.localhost\"]}")
                .problem(415, "unsupported_media_type");
        ops.call("POST", "/customers", null, null).problem(415, "unsupported_media_type");
        // nesting as deep as 16 KiB allows: refused, not a stack overflow
        String deep = "{\"name\":" + "[".repeat(8000) + "]".repeat(8000) + ",\"hostnames\":[\"deep.localhost\"]}";
        ops.call("POST", "/customers", "application/json", deep).problem(400, "invalid_request");
        ops.call("PATCH", "/customers/1", "application/merge-patch+json", deep, "If-Match", "*").problem(400, "invalid_request");
    }

    @Test
    void whenPatchedThenEachMemberChangesAndTheEtagWithIt() {
        Answer created = ops.create("Patchy", "patchy.localhost");
        String path = "/customers/" + created.id();
        Answer a = ops.patch(path, created.header("ETag"), Map.of("name", "Patchy 2"));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json()).containsEntry("name", "Patchy 2");
        assertThat(a.header("ETag")).isNotEqualTo(created.header("ETag"));

        Answer b = ops.patch(path, a.header("ETag"), Map.of("hostnames", List.of("new.patchy.localhost", "b.patchy.localhost"),
                "public_url", "https://pbx.patchy.example", "api_limit_per_hour", 7));
        assertThat(b.json().get("hostnames")).isEqualTo(List.of("b.patchy.localhost", "new.patchy.localhost"));
        assertThat(b.json()).containsEntry("public_url", "https://pbx.patchy.example").containsEntry("api_limit_per_hour", 7)
                .containsEntry("name", "Patchy 2");

        Answer c = ops.call("PATCH", path, "application/merge-patch+json", "{\"public_url\":null,\"api_limit_per_hour\":null}",
                "If-Match", b.header("ETag"));
        assertThat(c.json()).containsEntry("public_url", null).containsEntry("api_limit_per_hour", null);
        assertThat(ops.get(path).json()).isEqualTo(c.json());
        assertThat(ops.get(path).header("ETag")).isEqualTo(c.header("ETag"));
    }

    @Test
    void whenPatchRefusedThenNothingChanged() {
        ops.create("Holder", "holder.localhost");
        Answer created = ops.create("Mover", "mover.localhost");
        String path = "/customers/" + created.id();
        String etag = created.header("ETag");
        // a rename that would pass, with a hostname another customer has: all or nothing
        ops.patch(path, etag, Map.of("name", "Moved", "hostnames", List.of("holder.localhost"))).problem(409, "conflict");
        ops.patch(path, etag, Map.of("name", "Holder")).problem(409, "conflict");
        ops.patch(path, etag, Map.of("hostnames", List.of())).problem(400, "invalid_request");
        ops.patch(path, etag, Map.of("hostnames", List.of("BAD.localhost"))).problem(400, "invalid_request");
        ops.call("PATCH", path, "application/merge-patch+json", "{\"hostnames\":null}", "If-Match", etag)
                .problem(400, "invalid_request");
        ops.call("PATCH", path, "application/merge-patch+json", "{\"name\":null}", "If-Match", etag)
                .problem(400, "invalid_request");
        ops.patch(path, etag, Map.of("public_url", "http://pbx.example")).problem(400, "invalid_request");
        ops.patch(path, etag, Map.of("id", 5)).problem(400, "invalid_request");
        ops.call("PATCH", path, "application/json", "{\"name\":\"X\"}", "If-Match", etag)
                .problem(415, "unsupported_media_type");
        Answer now = ops.get(path);
        assertThat(now.json()).isEqualTo(created.json());
        assertThat(now.header("ETag")).isEqualTo(etag);
    }

    @Test
    void whenIfMatchMissingThen428AndStaleThen412() {
        Answer created = ops.create("Guarded", "guarded.localhost");
        String path = "/customers/" + created.id();
        ops.call("PATCH", path, "application/merge-patch+json", "{\"name\":\"G2\"}").problem(428, "precondition_required");
        Answer first = ops.patch(path, created.header("ETag"), Map.of("name", "G2"));
        assertThat(first.status()).isEqualTo(200);
        // the second writer read before the first wrote: its tag is stale
        ops.patch(path, created.header("ETag"), Map.of("name", "G3")).problem(412, "precondition_failed");
        assertThat(ops.get(path).json()).containsEntry("name", "G2");
        assertThat(ops.patch(path, "\"0000\", " + first.header("ETag"), Map.of("name", "G3")).status()).isEqualTo(200);
    }

    @Test
    void whenChangesRaceWithOneEtagThenOneWinsAndTheOthersAre412() throws Exception {
        Answer created = ops.create("Raced by PATCH", "patch-race.localhost");
        String path = "/customers/" + created.id();
        int n = 8;
        var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Answer>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "Winner " + i;
            answers.add(pool.submit(() -> {
                start.await();
                return ops.patch(path, created.header("ETag"), Map.of("name", name));
            }));
        }
        start.countDown();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (var a : answers) {
            statuses.add(a.get().status());
        }
        pool.close();
        assertThat(statuses).as("%s", statuses).containsOnly(200, 412).containsOnlyOnce(200);
        assertThat((String) ops.get(path).json().get("name")).startsWith("Winner ");
    }

    @Test
    void whenDeletedThen204AndThen404() {
        Answer created = ops.create("Doomed", "doomed.localhost");
        String path = "/customers/" + created.id();
        Answer gone = ops.delete(path);
        assertThat(gone.status()).isEqualTo(204);
        assertThat(gone.body()).isEmpty();
        ops.delete(path).problem(404, "not_found");
        ops.get(path).problem(404, "not_found");
        ops.patch(path, created.header("ETag"), Map.of("name", "Back")).problem(404, "not_found");
        // its name and hostname are free again
        ops.create("Doomed", "doomed.localhost");
    }

    @Test
    void whenIdUnknownOrMalformedThen404Or400() {
        ops.get("/customers/999999").problem(404, "not_found");
        ops.delete("/customers/999999").problem(404, "not_found");
        ops.get("/customers/0").problem(400, "invalid_request");
        ops.get("/customers/abc").problem(400, "invalid_request");
        ops.get("/customers/99999999999999999999999").problem(400, "invalid_request");
    }

    @Test
    void whenPagingParametersMalformedThen400() {
        for (String query : List.of("limit=0", "limit=201", "limit=x", "limit=-1", "cursor=***", "cursor=bm90IGEgY3Vyc29y",
                "cursor=" + java.util.Base64.getUrlEncoder().encodeToString("users:5".getBytes()))) {
            ops.get("/customers?" + query).problem(400, "invalid_request");
        }
    }

    @Test
    void whenMethodOrPathUnknownThenProblem405Or404() {
        var put = server.request("PUT", "/operator/api/v1/customers/1", null, "{}".getBytes(), "Authorization",
                TestServer.basic(OperatorClient.ID, OperatorClient.SECRET), "Content-Type", "application/json");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        var nothing = server.request("GET", "/operator/api/v1/nothing", null, null);
        assertThat(nothing.statusCode()).isEqualTo(404);
        assertThat(Json.object(nothing.body())).containsEntry("code", "not_found");
    }
}
