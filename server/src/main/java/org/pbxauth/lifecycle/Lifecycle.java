package org.pbxauth.lifecycle;

import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.PasswordHasher;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.UserRepository;
import org.pbxauth.secrets.Secret;
import org.pbxauth.tokens.TokenService;

/**
 * Events in the life of users and apps that must end their tokens at once: the next request
 * with any token of theirs is refused, on every node, because revocation is in the store.
 */
public final class Lifecycle {
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final AppRegistry apps;
    private final TokenService tokens;

    public Lifecycle(UserRepository users, PasswordHasher passwords, AppRegistry apps, TokenService tokens) {
        this.users = users;
        this.passwords = passwords;
        this.apps = apps;
        this.tokens = tokens;
    }

    /** A new password ends every login made with the old one (RFC 6819 §5.2.2.3). */
    public int setPassword(PbxUser user, Secret password) {
        users.updatePasswordHash(user.tenantId(), user.id(), passwords.hash(password));
        return tokens.revokeUser(user.tenantId(), user.id());
    }

    public int block(PbxUser user) {
        users.setBlocked(user.tenantId(), user.id(), true);
        return tokens.revokeUser(user.tenantId(), user.id());
    }

    /** Unblocking revives no token: the user logs in again. */
    public void unblock(PbxUser user) {
        users.setBlocked(user.tenantId(), user.id(), false);
    }

    /** "Log out everywhere". */
    public int revokeSessions(PbxUser user) {
        return tokens.revokeUser(user.tenantId(), user.id());
    }

    public int deleteUser(PbxUser user) {
        int revoked = tokens.revokeUser(user.tenantId(), user.id());
        users.delete(user.tenantId(), user.id());
        return revoked;
    }

    /** A new App Secret; the app's tokens end with the old one, since a leak is the usual reason. */
    public Secret rotateSecret(PbxApp app) {
        Secret secret = apps.rotateSecret(app);
        tokens.revokeApp(app.id());
        return secret;
    }

    public int deleteApp(PbxApp app) {
        int revoked = tokens.revokeApp(app.id());
        apps.delete(app);
        return revoked;
    }
}
