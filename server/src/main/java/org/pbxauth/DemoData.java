package org.pbxauth;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppType;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PasswordHasher;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;

/** The demo customers, users and apps that make the seed page's curl work as printed. Idempotent. */
final class DemoData {
    private static final List<String> PASSWORDS =
            List.of("admin_password", "user_password", "other_admin_password", "other_password");

    private DemoData() {}

    /** The demo users' password hashes, being made on threads of their own. */
    record Hashes(Map<String, CompletableFuture<String>> byPassword) {
        String of(String password) {
            return byPassword.get(password).join();
        }
    }

    /**
     * Starts hashing the demo passwords, two at a time, before the store is open. On a restart the
     * users exist and the hashes are thrown away: a quarter of a second of CPU beside the start.
     */
    static Hashes hashAhead(PasswordHasher passwords) {
        ExecutorService threads = Executors.newFixedThreadPool(2, task -> Thread.ofPlatform().daemon()
                .name("pbx-auth-demo-hash").unstarted(task));
        try {
            return new Hashes(PASSWORDS.stream().collect(Collectors.toMap(p -> p,
                    p -> CompletableFuture.supplyAsync(() -> passwords.hash(Secret.of(p)), threads))));
        } finally {
            threads.shutdown(); // runs what it was given, then its threads end
        }
    }

    static void ensure(Services s) {
        ensure(s, null);
    }

    /** {@code hashes} null: each missing user's password is hashed when it is created. */
    static void ensure(Services s, Hashes hashes) {
        Tenant demo = tenant(s, "Demo PBX", List.of("localhost", "127.0.0.1"));
        PbxUser admin = user(s, hashes, demo, "admin", "admin_password", UserLevel.CLIENT, true, null);
        PbxUser user = user(s, hashes, demo, "user_name", "user_password", UserLevel.EXTENSION, false, 100L);
        app(s, demo, admin, "Demo password app", AppType.PASSWORD_CREDENTIALS, AccessLevel.ALL, List.of(),
                "a80f1e618ddd4d4584e2bd18fd464194", "a2423941f5be408c998d5f7287570990");
        app(s, demo, user, "Demo trusted app", AppType.TRUSTED, AccessLevel.CALL_API, List.of(),
                "b1d5781111d84f7b3fe45a0852e59758", "c4ca4238a0b923820dcc509a6f75849b");
        app(s, demo, user, "Demo public app", AppType.PUBLIC, AccessLevel.CALL_API,
                List.of("http://localhost:8099/callback"),
                "d3d9446802a44259755d38e6d163e820", "6512bd43d9caa6e02c990b0a82652dca");

        Tenant other = tenant(s, "Other PBX", List.of("pbx2.localhost"));
        PbxUser otherAdmin = user(s, hashes, other, "admin", "other_admin_password", UserLevel.CLIENT, true, null);
        user(s, hashes, other, "user_name", "other_password", UserLevel.EXTENSION, false, 100L);
        app(s, other, otherAdmin, "Other password app", AppType.PASSWORD_CREDENTIALS, AccessLevel.ALL, List.of(),
                "e4da3b7fbbce2345d7772b0674a318d5", "1679091c5a880faf6fb5e6087eb1b2dc");
    }

    private static Tenant tenant(Services s, String name, List<String> hostnames) {
        return s.tenants.findByName(name).orElseGet(() -> s.tenants.create(name, hostnames));
    }

    private static PbxUser user(Services s, Hashes hashes, Tenant t, String login, String password,
                                UserLevel level, boolean admin, Long extensionId) {
        return s.users.findByLogin(t.id(), login).orElseGet(() -> s.users.create(new NewUser(t.id(), login, level,
                admin, "UTC", extensionId, null,
                hashes != null ? hashes.of(password) : s.passwords.hash(Secret.of(password)))));
    }

    private static void app(Services s, Tenant t, PbxUser owner, String name, AppType type, AccessLevel access,
                            List<String> redirectUris, String clientId, String secret) {
        boolean exists = s.apps.list(t.id()).stream().anyMatch(a -> a.clientId().equals(clientId));
        if (!exists) {
            s.apps.register(t.id(), name, type, access, redirectUris, owner, clientId, Secret.of(secret));
        }
    }
}
