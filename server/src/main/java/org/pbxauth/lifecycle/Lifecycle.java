package org.pbxauth.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.audit.AuditKind;
import org.pbxauth.audit.AuditTrail;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PasswordHasher;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.UserRepository;
import org.pbxauth.secrets.Secret;
import org.pbxauth.tokens.TokenService;

/**
 * Events in the life of users and apps that must end their tokens at once: the next request
 * with any token of theirs is refused, on every node, because revocation is in the store. The
 * console, the admin API and the CLI all change users and apps here, so each change is audited
 * (who, what, whom) in this one place.
 */
public final class Lifecycle {
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final AppRegistry apps;
    private final TokenService tokens;
    private final ChangeTrail audit;

    public Lifecycle(UserRepository users, PasswordHasher passwords, AppRegistry apps, TokenService tokens,
                     AuditTrail trail) {
        this.users = users;
        this.passwords = passwords;
        this.apps = apps;
        this.tokens = tokens;
        this.audit = new ChangeTrail(trail);
    }

    /** A new user; {@link org.pbxauth.directory.DirectoryException} on a taken login. */
    public PbxUser create(NewUser user, Actor by) {
        PbxUser created = users.create(user);
        audit.user(AuditKind.USER_CREATED, created, created.level().wireName() + (created.admin() ? ", admin" : ""), by);
        return created;
    }

    /**
     * A change of a user, made only if the user is still {@code current} (a compare-and-set,
     * {@link UserRepository#update}); blocking or a new password hash then ends the user's tokens,
     * as {@link #block} and {@link #setPassword} do. The user as written, or empty when it was
     * changed or deleted since {@code current} was read.
     */
    public Optional<PbxUser> change(PbxUser current, PbxUser changed, Actor by) {
        if (!users.update(current, changed)) {
            return Optional.empty();
        }
        boolean newPassword = !changed.passwordHash().equals(current.passwordHash());
        if (changed.blocked() && !current.blocked() || newPassword) {
            tokens.revokeUser(current.tenantId(), current.id());
        }
        String what = changes(current, changed);
        if (!what.isEmpty()) {
            audit.user(AuditKind.USER_CHANGED, changed, what, by);
        }
        if (changed.blocked() != current.blocked()) {
            audit.user(changed.blocked() ? AuditKind.USER_BLOCKED : AuditKind.USER_UNBLOCKED, changed, null, by);
        }
        if (newPassword) {
            audit.user(AuditKind.PASSWORD_RESET, changed, null, by);
        }
        return Optional.of(changed.nextVersion());
    }

    /** A change of an app under the same compare-and-set ({@link AppRegistry#change}). */
    public Optional<PbxApp> change(PbxApp current, PbxApp changed, Actor by) {
        Optional<PbxApp> written = apps.change(current, changed);
        if (written.isPresent() && changed.disabled() != current.disabled()) {
            audit.app(changed.disabled() ? AuditKind.APP_DISABLED : AuditKind.APP_ENABLED, current, by);
        }
        return written;
    }

    /** A new password ends every login made with the old one (RFC 6819 §5.2.2.3). */
    public int setPassword(PbxUser user, Secret password, Actor by) {
        users.updatePasswordHash(user.tenantId(), user.id(), passwords.hash(password));
        int revoked = tokens.revokeUser(user.tenantId(), user.id());
        audit.user(AuditKind.PASSWORD_RESET, user, null, by);
        return revoked;
    }

    public int block(PbxUser user, Actor by) {
        users.setBlocked(user.tenantId(), user.id(), true);
        int revoked = tokens.revokeUser(user.tenantId(), user.id());
        audit.user(AuditKind.USER_BLOCKED, user, null, by);
        return revoked;
    }

    /** Unblocking revives no token: the user logs in again. */
    public void unblock(PbxUser user, Actor by) {
        users.setBlocked(user.tenantId(), user.id(), false);
        audit.user(AuditKind.USER_UNBLOCKED, user, null, by);
    }

    /** "Log out everywhere". */
    public int revokeSessions(PbxUser user) {
        return tokens.revokeUser(user.tenantId(), user.id());
    }

    /** Deletes the user; audited once, by whoever deleted it (a second delete finds nothing to delete). */
    public int deleteUser(PbxUser user, Actor by) {
        int revoked = tokens.revokeUser(user.tenantId(), user.id());
        if (users.delete(user.tenantId(), user.id())) {
            audit.user(AuditKind.USER_DELETED, user, user.login(), by);
        }
        return revoked;
    }

    /** Disables the app ({@link AppRegistry#setDisabled}) or enables it, whatever its version. */
    public void setDisabled(PbxApp app, boolean disabled, Actor by) {
        apps.setDisabled(app, disabled);
        audit.app(disabled ? AuditKind.APP_DISABLED : AuditKind.APP_ENABLED, app, by);
    }

    /** A new App Secret; the app's tokens end with the old one, since a leak is the usual reason. */
    public Secret rotateSecret(PbxApp app) {
        Secret secret = apps.rotateSecret(app);
        tokens.revokeApp(app.id());
        return secret;
    }

    /** Deletes the app; audited once, as a user's deletion is. */
    public int deleteApp(PbxApp app, Actor by) {
        int revoked = tokens.revokeApp(app.id());
        if (apps.delete(app)) {
            audit.app(AuditKind.APP_DELETED, app, by);
        }
        return revoked;
    }

    /** What a change did besides block and password, in a few words for the event's detail. */
    private static String changes(PbxUser was, PbxUser now) {
        List<String> what = new ArrayList<>();
        if (was.level() != now.level()) {
            what.add("level " + now.level().wireName());
        }
        if (was.admin() != now.admin()) {
            what.add(now.admin() ? "admin" : "not admin");
        }
        if (!Objects.equals(was.timezone(), now.timezone())) {
            what.add("time zone " + now.timezone());
        }
        if (!Objects.equals(was.extensionId(), now.extensionId())) {
            what.add("extension " + now.extensionId());
        }
        if (!Objects.equals(was.extensionGroupId(), now.extensionGroupId())) {
            what.add("group " + now.extensionGroupId());
        }
        return String.join(", ", what);
    }
}
