package org.pbxauth.apps;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.SecretHasher;

/** Registers apps under the platform's rules and authenticates them by App ID and App Secret. */
public final class AppRegistry {
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    private final AppRepository apps;
    private final SecretHasher hasher;
    private final RandomTokens random;
    private final String dummyHash;
    private final Clock clock;

    public AppRegistry(AppRepository apps, SecretHasher hasher, RandomTokens random, Clock clock) {
        this.apps = apps;
        this.hasher = hasher;
        this.random = random;
        this.clock = clock;
        this.dummyHash = hasher.hash(Secret.of(random.hex32()));
    }

    /** Registers an app with a new random App ID and App Secret. */
    public RegisteredApp register(long tenantId, String name, AppType type, AccessLevel access,
                                  List<String> redirectUris, PbxUser owner) {
        return register(tenantId, name, type, access, redirectUris, owner, random.hex32(), Secret.of(random.hex32()));
    }

    /** Registers an app with the given App ID and App Secret (demo data, imports). */
    public RegisteredApp register(long tenantId, String name, AppType type, AccessLevel access,
                                  List<String> redirectUris, PbxUser owner, String clientId, Secret secret) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw AppException.invalid("an app needs a name of 1 to 200 characters");
        }
        if (owner.tenantId() != tenantId) {
            throw AppException.invalid("the owner must be a user of the same PBX customer");
        }
        if (type == AppType.PASSWORD_CREDENTIALS && !owner.admin()) {
            throw AppException.invalid("only an administrator may own a password_credentials app");
        }
        if (access == AccessLevel.ALL && !owner.admin()) {
            throw AppException.invalid("only an administrator may own an app with access All");
        }
        if (!HEX32.matcher(clientId).matches() || !HEX32.matcher(secret.reveal()).matches()) {
            throw AppException.invalid("App ID and App Secret are 32 lowercase hex characters");
        }
        for (String uri : redirectUris) {
            checkRedirectUri(uri);
        }
        if (type == AppType.PUBLIC && redirectUris.isEmpty()) {
            throw AppException.invalid("a public app needs at least one redirect URL");
        }
        PbxApp app = new PbxApp(0, tenantId, clientId, name.trim(), type, access, redirectUris, owner.id(),
                hasher.hash(secret), null);
        return new RegisteredApp(apps.create(app), secret);
    }

    /**
     * The app of this customer with this App ID and App Secret. An unknown App ID costs the same
     * HMAC as a known one, and an app of another customer is as unknown as a missing one.
     */
    public Optional<PbxApp> authenticate(long tenantId, String clientId, Secret secret) {
        Optional<PbxApp> app = apps.findByClientId(clientId).filter(a -> a.tenantId() == tenantId);
        boolean ok = hasher.verify(secret, app.map(PbxApp::secretHash).orElse(dummyHash));
        if (!ok && app.isPresent()) {
            // Inside a rotation's overlap window the previous secret still works (a second
            // lookup, on a wrong secret only: the right one never pays for it).
            ok = apps.previousSecret(tenantId, app.get().id())
                    .filter(p -> clock.instant().isBefore(p.validUntil()))
                    .map(p -> hasher.verify(secret, p.secretHash()))
                    .orElse(false);
        }
        // A disabled app is refused like a wrong secret (invalid_client), after the same work.
        return ok ? app.filter(a -> !a.disabled()) : Optional.empty();
    }

    /** The app of this customer with this App ID, without authenticating it. */
    public Optional<PbxApp> find(long tenantId, String clientId) {
        return apps.findByClientId(clientId).filter(a -> a.tenantId() == tenantId);
    }

    public Optional<PbxApp> app(long tenantId, long appId) {
        return apps.findById(tenantId, appId);
    }

    /** A new App Secret for the app; the old one (and any kept from before) stops working at once. Shown once. */
    public Secret rotateSecret(PbxApp app) {
        Secret secret = Secret.of(random.hex32());
        apps.updateSecretHash(app.tenantId(), app.id(), hasher.hash(secret));
        apps.endPreviousSecret(app.tenantId(), app.id());
        return secret;
    }

    /**
     * A new App Secret, the current one still working for {@code overlap} (a running integration
     * is not cut off while it is given the new one). Shown once. A zero overlap is an immediate
     * rotation.
     */
    public Secret rotateSecret(PbxApp app, Duration overlap) {
        if (overlap.isZero()) {
            return rotateSecret(app);
        }
        Secret secret = Secret.of(random.hex32());
        apps.rotateSecret(app.tenantId(), app.id(), hasher.hash(secret),
                new PreviousSecret(app.secretHash(), clock.instant().plus(overlap)));
        return secret;
    }

    /** The previous secret's end, when one still works. */
    public Optional<Instant> previousSecretUntil(PbxApp app) {
        return apps.previousSecret(app.tenantId(), app.id()).map(PreviousSecret::validUntil)
                .filter(until -> clock.instant().isBefore(until));
    }

    /** "End the old secret now". */
    public void endPreviousSecret(PbxApp app) {
        apps.endPreviousSecret(app.tenantId(), app.id());
    }

    /** "Edit" on My apps: a new name and redirect URLs, under the rules of a registration. */
    public void edit(PbxApp app, String name, List<String> redirectUris) {
        checkDetails(app.type(), name, redirectUris);
        apps.updateDetails(app.tenantId(), app.id(), name.trim(), List.copyOf(redirectUris));
    }

    /**
     * An administrator's change of name, redirect URLs, disabled and hourly limit, under the rules
     * of a registration ({@link AppException} first: a refused change changes nothing), made only
     * if the app is still {@code current} ({@link AppRepository#update}). The app as written, or
     * empty when it was changed or deleted since {@code current} was read.
     */
    public Optional<PbxApp> change(PbxApp current, PbxApp changed) {
        checkDetails(current.type(), changed.name(), changed.redirectUris());
        if (changed.apiLimitPerHour() != null && changed.apiLimitPerHour() < 0) {
            throw AppException.invalid("api_limit_per_hour is 0 or more, or null for the server's");
        }
        PbxApp written = changed.with(changed.name().trim(), changed.redirectUris(), changed.disabled(),
                changed.apiLimitPerHour());
        return apps.update(current, written) ? Optional.of(written.nextVersion()) : Optional.empty();
    }

    private static void checkDetails(AppType type, String name, List<String> redirectUris) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw AppException.invalid("an app needs a name of 1 to 200 characters");
        }
        for (String uri : redirectUris) {
            checkRedirectUri(uri);
        }
        if (type == AppType.PUBLIC && redirectUris.isEmpty()) {
            throw AppException.invalid("a public app needs at least one redirect URL");
        }
    }

    /** When each app of the customer was last used (to the minute; apps never used are absent). */
    public Map<Long, Instant> lastUsed(long tenantId) {
        return apps.lastUsed(tenantId);
    }

    /**
     * Disables the app: it gets no token (its client authentication fails) and its tokens are
     * refused from the next request (the token lookup joins the app), on every node. Or enables it.
     */
    public void setDisabled(PbxApp app, boolean disabled) {
        apps.setDisabled(app.tenantId(), app.id(), disabled ? clock.instant() : null);
    }

    /** The app's own hourly API limit, or (null) the server's. */
    public void setApiLimit(PbxApp app, Long perHour) {
        if (perHour != null && perHour < 0) {
            throw AppException.invalid("an hourly limit is 0 or more");
        }
        apps.setApiLimit(app.tenantId(), app.id(), perHour);
    }

    /** Deletes the app; its tokens and consents go with it (the store's cascade), so they end at once. */
    public boolean delete(PbxApp app) {
        return apps.delete(app.tenantId(), app.id());
    }

    public List<PbxApp> list(long tenantId) {
        return apps.list(tenantId);
    }

    /** RFC 6749 §3.1.2: an absolute URI without a fragment. */
    private static void checkRedirectUri(String uri) {
        try {
            URI u = new URI(uri);
            if (!u.isAbsolute() || u.getFragment() != null || u.getHost() == null) {
                throw AppException.invalid("redirect URL '" + uri + "' must be absolute, with a host and no fragment");
            }
        } catch (URISyntaxException e) {
            throw AppException.invalid("redirect URL '" + uri + "' is not a URI");
        }
    }
}
