package org.pbxauth.apps;

import java.time.Instant;
import java.util.List;

/**
 * A registered PBX app. Its secret is known only as a keyed hash. A {@code disabled} app gets no
 * token and its tokens are refused; {@code apiLimitPerHour} is its own hourly API limit (null:
 * the server's {@code rate.api-per-app-hour}). {@code version} counts the writes to the app's row:
 * a change under If-Match is a compare-and-set on it.
 */
public record PbxApp(
        long id,
        long tenantId,
        String clientId,
        String name,
        AppType type,
        AccessLevel access,
        List<String> redirectUris,
        long ownerUserId,
        String secretHash,
        Instant createdAt,
        boolean disabled,
        Long apiLimitPerHour,
        long version) {

    public PbxApp {
        redirectUris = List.copyOf(redirectUris);
    }

    /** A new or enabled app under the server's limits. */
    public PbxApp(long id, long tenantId, String clientId, String name, AppType type, AccessLevel access,
                  List<String> redirectUris, long ownerUserId, String secretHash, Instant createdAt) {
        this(id, tenantId, clientId, name, type, access, redirectUris, ownerUserId, secretHash, createdAt, false, null, 0);
    }

    /** This app with these fields, of the same version: the {@code changed} of a compare-and-set. */
    public PbxApp with(String name, List<String> redirectUris, boolean disabled, Long apiLimitPerHour) {
        return new PbxApp(id, tenantId, clientId, name, type, access, redirectUris, ownerUserId, secretHash, createdAt,
                disabled, apiLimitPerHour, version);
    }

    /** This app as a compare-and-set from it leaves it. */
    public PbxApp nextVersion() {
        return new PbxApp(id, tenantId, clientId, name, type, access, redirectUris, ownerUserId, secretHash, createdAt,
                disabled, apiLimitPerHour, version + 1);
    }

    @Override
    public String toString() {
        return "PbxApp[" + clientId + ", " + type.wireName() + ", tenant=" + tenantId + "]";
    }
}
