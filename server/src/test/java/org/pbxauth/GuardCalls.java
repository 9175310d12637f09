package org.pbxauth;

import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;

/**
 * What the guard tests (issue 5) share: password grants from a chosen client address (sent as
 * {@code X-Forwarded-For} to a server that trusts 127.0.0.1 as a proxy), users of their own,
 * the throttle's rows read over SQL, and percentiles.
 */
final class GuardCalls {
    private GuardCalls() {}

    /** A password grant of the demo password app on the demo customer; {@code address} null: no X-Forwarded-For. */
    static HttpResponse<String> password(TestServer server, String login, String password, String address) {
        byte[] body = TestServer.encode(TestServer.form("grant_type", "password", "client_id", PASSWORD_APP,
                "client_secret", PASSWORD_APP_SECRET, "username", login, "password", password))
                .getBytes(StandardCharsets.UTF_8);
        return address == null
                ? server.request("POST", "/oauth/token", TestServer.DEMO_HOST, body,
                        "Content-Type", "application/x-www-form-urlencoded")
                : server.request("POST", "/oauth/token", TestServer.DEMO_HOST, body,
                        "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", address);
    }

    static Tenant demo(TestServer server) {
        return server.node().services().tenants().findByName("Demo PBX").orElseThrow();
    }

    /** A user of the demo customer with this password, made through the server's own services. */
    static PbxUser newUser(TestServer server, String login, String password) {
        Services s = server.node().services();
        return s.users().create(new NewUser(demo(server).id(), login, UserLevel.EXTENSION, false, "UTC", null, null,
                s.passwords().hash(Secret.of(password))));
    }

    /** One row of {@code login_failures}: failures, last failure and next allowed try (epoch millis). */
    record FailureRow(int failures, long lastFailureAt, long nextAllowedAt) {}

    /** The throttle's counter of {@code login} of the demo customer and {@code address} ('*': all addresses), or null. */
    static FailureRow failureRow(Connection c, long tenantId, String login, String address) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT failures, last_failure_at, next_allowed_at FROM "
                + "login_failures WHERE tenant_id = ? AND login = ? AND address = ?")) {
            st.setLong(1, tenantId);
            st.setString(2, login);
            st.setString(3, address);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new FailureRow(rs.getInt(1), rs.getLong(2), rs.getLong(3)) : null;
            }
        }
    }

    /** Every counter of this login, by address. */
    static Map<String, FailureRow> failureRows(Connection c, long tenantId, String login) throws SQLException {
        Map<String, FailureRow> rows = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT address, failures, last_failure_at, next_allowed_at "
                + "FROM login_failures WHERE tenant_id = ? AND login = ?")) {
            st.setLong(1, tenantId);
            st.setString(2, login);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new FailureRow(rs.getInt(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return rows;
    }

    static FailureRow failureRow(TestServer server, String login, String address) {
        try (Connection c = server.node().services().database().reads().getConnection()) {
            return failureRow(c, demo(server).id(), login, address);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored password hash of a demo-customer user. */
    static String storedHash(TestServer server, String login) {
        try (Connection c = server.node().services().database().reads().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT password_hash FROM users WHERE tenant_id = ? AND login = ?")) {
            st.setLong(1, demo(server).id());
            st.setString(2, login);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The p-th percentile (0..100, nearest rank) of these durations. */
    static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static long median(List<Long> values) {
        return percentile(values, 50);
    }

    static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
