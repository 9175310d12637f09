package org.pbxauth.apps;

import java.time.Instant;
import java.util.List;

/** A registered PBX app. Its secret is known only as a keyed hash. */
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
        Instant createdAt) {

    public PbxApp {
        redirectUris = List.copyOf(redirectUris);
    }

    @Override
    public String toString() {
        return "PbxApp[" + clientId + ", " + type.wireName() + ", tenant=" + tenantId + "]";
    }
}
