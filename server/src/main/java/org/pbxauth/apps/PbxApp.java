package org.pbxauth.apps;

import java.time.Instant;
import java.util.List;

/**
 * A registered PBX app. Its secret is known only as a keyed hash. A {@code disabled} app gets no
 * token and its tokens are refused; {@code apiLimitPerHour} is its own hourly API limit (null:
 * the server's {@code rate.api-per-app-hour}).
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
        Long apiLimitPerHour) {

    public PbxApp {
        redirectUris = List.copyOf(redirectUris);
    }

    /** A new or enabled app under the server's limits. */
    public PbxApp(long id, long tenantId, String clientId, String name, AppType type, AccessLevel access,
                  List<String> redirectUris, long ownerUserId, String secretHash, Instant createdAt) {
        this(id, tenantId, clientId, name, type, access, redirectUris, ownerUserId, secretHash, createdAt, false, null);
    }

    @Override
    public String toString() {
        return "PbxApp[" + clientId + ", " + type.wireName() + ", tenant=" + tenantId + "]";
    }
}
