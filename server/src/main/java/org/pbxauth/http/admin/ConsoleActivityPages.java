package org.pbxauth.http.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.audit.AuditKind;
import org.pbxauth.audit.AuditQuery;
import org.pbxauth.audit.AuditTrail;
import org.pbxauth.audit.StoredEvent;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.UserRepository;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.http.web.PageSteps;
import org.pbxauth.http.web.Visit;
import org.pbxauth.tokens.LiveLogin;
import org.pbxauth.tokens.TokenService;

/**
 * The console's sessions (every live login of the customer, by user or app, ended one at a
 * time) and activity (the customer's audit events filtered by user, app, kind, outcome and day
 * range, 100 a page, and the same filter as a CSV download).
 */
final class ConsoleActivityPages {
    static final int PAGE = 100;
    private static final int CSV_MAX = 100_000;

    private final ConsoleSteps steps;
    private final AppRegistry apps;
    private final UserRepository users;
    private final TokenService tokens;
    private final AuditTrail audit;

    ConsoleActivityPages(ConsoleSteps steps, AppRegistry apps, UserRepository users, TokenService tokens,
                         AuditTrail audit) {
        this.steps = steps;
        this.apps = apps;
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
    }

    void addTo(Javalin app) {
        app.get("/admin/sessions", this::sessions);
        app.post("/admin/sessions/{id}/end", this::end);
        app.get("/admin/activity", this::activity);
        app.get("/admin/activity.csv", this::csv);
    }



    void sessions(Context ctx) {
        Visit v = steps.admin(ctx);
        if (v == null) {
            return;
        }
        Long userId = ConsoleSteps.longParam(ctx.queryParam("user_id"));
        PbxApp app = ctx.queryParam("app") == null ? null : apps.find(v.tenant().id(), ctx.queryParam("app")).orElse(null);
        Long before = ConsoleSteps.longParam(ctx.queryParam("before"));
        List<LiveLogin> page = tokens.liveLogins(v.tenant().id(), userId, app == null ? null : app.id(),
                before == null ? Long.MAX_VALUE : before, PAGE + 1);
        Map<Long, String> logins = users.logins(v.tenant().id(), page.stream().map(LiveLogin::userId).toList());
        if (userId != null) {
            logins.putAll(users.logins(v.tenant().id(), List.of(userId)));
        }
        List<ConsoleSessionRow> rows = page.stream().limit(PAGE)
                .map(l -> new ConsoleSessionRow(l.familyId(), logins.getOrDefault(l.userId(), "?"), l.appName(),
                        PageSteps.minute(l.startedAt()), l.lastUsedAt() == null ? "" : PageSteps.minute(l.lastUsedAt()),
                        l.address() == null ? "unknown" : l.address()))
                .toList();
        Map<String, Object> model = steps.model(ctx, v, "sessions");
        model.put("sessions", rows);
        model.put("filter", (userId == null ? "" : "user " + logins.getOrDefault(userId, "?"))
                + (app == null ? "" : (userId == null ? "" : ", ") + "app " + app.name()));
        model.put("next", page.size() > PAGE ? "/admin/sessions?before=" + page.get(PAGE - 1).familyId()
                + (userId == null ? "" : "&user_id=" + userId) + (app == null ? "" : "&app=" + app.clientId()) : null);
        steps.render(ctx, 200, "sessions", model);
    }

    void end(Context ctx) {
        PageSteps.Posted p = steps.adminPost(ctx);
        if (p == null) {
            return;
        }
        Visit v = p.visit();
        Long id = ConsoleSteps.longParam(ctx.pathParam("id"));
        var ended = id == null ? java.util.Optional.<org.pbxauth.tokens.TokenFamily>empty()
                : tokens.endLoginOfCustomer(v.tenant().id(), id);
        if (ended.isEmpty()) {
            steps.notFound(ctx, v, "live session");
            return;
        }
        Audit.sessionsEnded(ctx, v.tenant().id(), ended.get().userId(),
                apps.app(v.tenant().id(), ended.get().appId()).map(PbxApp::clientId).orElse("-"), 1);
        PageSteps.redirect(ctx, "/admin/sessions");
    }

    void activity(Context ctx) {
        Visit v = steps.admin(ctx);
        if (v == null) {
            return;
        }
        Map<String, String> filter = filter(ctx);
        Map<String, String> errors = new LinkedHashMap<>();
        AuditQuery query = query(v, filter, ConsoleSteps.longParam(ctx.queryParam("before")), PAGE + 1, errors);
        List<StoredEvent> page = query == null ? List.of() : audit.search(query);
        Map<String, Object> model = steps.model(ctx, v, "activity");
        model.put("filter", filter);
        model.put("errors", errors);
        model.put("kinds", List.of(AuditKind.values()));
        model.put("events", rows(v, page.stream().limit(PAGE).toList()));
        String params = filter.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        model.put("csv", "/admin/activity.csv" + (params.isEmpty() ? "" : "?" + params));
        model.put("next", page.size() > PAGE ? "/admin/activity?" + (params.isEmpty() ? "" : params + "&")
                + "before=" + page.get(PAGE - 1).id() : null);
        steps.render(ctx, errors.isEmpty() ? 200 : 400, "activity", model);
    }

    /** The same filter as a CSV file (RFC 4180), newest first, at most 100 000 rows. */
    void csv(Context ctx) {
        Visit v = steps.admin(ctx);
        if (v == null) {
            return;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> filter = filter(ctx);
        if (query(v, filter, null, 1, errors) == null) {
            steps.pages.message(ctx, v.tenant(), v.user().login(), 400, "Not exported", String.join(" ", errors.values()));
            return;
        }
        ctx.status(200).contentType("text/csv;charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"activity.csv\"")
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
        try (OutputStream out = ctx.outputStream()) {
            out.write("time,event,detail,user,by,app,address,outcome\r\n".getBytes(StandardCharsets.UTF_8));
            long before = Long.MAX_VALUE;
            int written = 0;
            while (written < CSV_MAX) {
                List<StoredEvent> page = audit.search(query(v, filter, before, 1000, errors));
                for (ConsoleEventRow r : rows(v, page)) {
                    out.write(String.join(",", cell(r.at()), cell(r.what()), cell(r.detail()), cell(r.user()),
                            cell(r.by()), cell(r.app()), cell(r.address()), cell(r.outcome())).concat("\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
                written += page.size();
                if (page.size() < 1000) {
                    break;
                }
                before = page.get(page.size() - 1).id();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> filter(Context ctx) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String name : List.of("user", "app", "kind", "outcome", "since", "until")) {
            String value = ctx.queryParam(name);
            f.put(name, value == null ? "" : value.trim());
        }
        return f;
    }

    /** The query of a filter; null with messages in {@code errors} when a field is wrong. */
    private AuditQuery query(Visit v, Map<String, String> f, Long before, int limit, Map<String, String> errors) {
        Long userId = null;
        String login = null;
        if (!f.get("user").isEmpty()) {
            login = f.get("user");
            userId = users.findByLogin(v.tenant().id(), login).map(PbxUser::id).orElse(null);
        }
        AuditKind kind = null;
        if (!f.get("kind").isEmpty()) {
            try {
                kind = AuditKind.valueOf(f.get("kind").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.put("kind", "Choose a kind of event from the list.");
            }
        }
        Instant since = day(f.get("since"), "since", errors, 0);
        Instant until = day(f.get("until"), "until", errors, 1);
        if (!errors.isEmpty()) {
            return null;
        }
        return new AuditQuery(v.tenant().id(), userId, login, f.get("app").isEmpty() ? null : f.get("app"), kind,
                f.get("outcome").isEmpty() ? null : f.get("outcome"), since, until,
                before == null ? Long.MAX_VALUE : before, limit);
    }

    /** A day (yyyy-mm-dd, UTC) as the instant it begins, or ({@code plusDays} 1) the one after it ends. */
    private static Instant day(String s, String field, Map<String, String> errors, int plusDays) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(s).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(field, "A day as yyyy-mm-dd.");
            return null;
        }
    }

    private List<ConsoleEventRow> rows(Visit v, List<StoredEvent> page) {
        Map<Long, String> logins = users.logins(v.tenant().id(), page.stream()
                .flatMap(e -> java.util.stream.Stream.of(e.event().userId(), e.event().actorId()))
                .filter(java.util.Objects::nonNull).toList());
        Map<String, String> names = apps.list(v.tenant().id()).stream()
                .collect(Collectors.toMap(PbxApp::clientId, PbxApp::name));
        return page.stream().map(StoredEvent::event)
                .map(e -> new ConsoleEventRow(PageSteps.minute(e.at()), e.kind().title(), e.detail() == null ? "" : e.detail(),
                        e.userId() != null ? logins.getOrDefault(e.userId(), "#" + e.userId())
                                : e.login() == null ? "" : e.login() + " (tried)",
                        e.actorId() == null ? "" : logins.getOrDefault(e.actorId(), "#" + e.actorId()),
                        e.clientId() == null ? "" : names.getOrDefault(e.clientId(), e.clientId()), e.address(),
                        e.outcome()))
                .toList();
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet does not run it as a formula. */
    static String cell(String s) {
        String v = s == null ? "" : s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.startsWith("'")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
