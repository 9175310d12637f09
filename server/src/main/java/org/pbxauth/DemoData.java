package org.pbxauth;

import java.util.List;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppType;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;

/** The demo customers, users and apps that make the seed page's curl work as printed. Idempotent. */
final class DemoData {
    private DemoData() {}

    static void ensure(Services s) {
        Tenant demo = tenant(s, "Demo PBX", List.of("localhost", "127.0.0.1"));
        PbxUser admin = user(s, demo, "admin", "admin_password", UserLevel.CLIENT, true, null);
        PbxUser user = user(s, demo, "user_name", "user_password", UserLevel.EXTENSION, false, 100L);
        app(s, demo, admin, "Demo password app", AppType.PASSWORD_CREDENTIALS, AccessLevel.ALL, List.of(),
                "a80f1e618ddd4d4584e2bd18fd464194", "a2423941f5be408c998d5f7287570990");
        app(s, demo, user, "Demo trusted app", AppType.TRUSTED, AccessLevel.CALL_API, List.of(),
                "b1d5781111d84f7b3fe45a0852e59758", "c4ca4238a0b923820dcc509a6f75849b");
        app(s, demo, user, "Demo public app", AppType.PUBLIC, AccessLevel.CALL_API,
                List.of("http://localhost:8099/callback"),
                "d3d9446802a44259755d38e6d163e820", "6512bd43d9caa6e02c990b0a82652dca");

        Tenant other = tenant(s, "Other PBX", List.of("pbx2.localhost"));
        PbxUser otherAdmin = user(s, other, "admin", "other_admin_password", UserLevel.CLIENT, true, null);
        user(s, other, "user_name", "other_password", UserLevel.EXTENSION, false, 100L);
        app(s, other, otherAdmin, "Other password app", AppType.PASSWORD_CREDENTIALS, AccessLevel.ALL, List.of(),
                "e4da3b7fbbce2345d7772b0674a318d5", "1679091c5a880faf6fb5e6087eb1b2dc");
    }

    private static Tenant tenant(Services s, String name, List<String> hostnames) {
        return s.tenants.findByName(name).orElseGet(() -> s.tenants.create(name, hostnames));
    }

    private static PbxUser user(Services s, Tenant t, String login, String password, UserLevel level,
                                boolean admin, Long extensionId) {
        return s.users.findByLogin(t.id(), login).orElseGet(() -> s.users.create(new NewUser(t.id(), login, level,
                admin, "UTC", extensionId, null, s.passwords.hash(Secret.of(password)))));
    }

    private static void app(Services s, Tenant t, PbxUser owner, String name, AppType type, AccessLevel access,
                            List<String> redirectUris, String clientId, String secret) {
        boolean exists = s.apps.list(t.id()).stream().anyMatch(a -> a.clientId().equals(clientId));
        if (!exists) {
            s.apps.register(t.id(), name, type, access, redirectUris, owner, clientId, Secret.of(secret));
        }
    }
}
