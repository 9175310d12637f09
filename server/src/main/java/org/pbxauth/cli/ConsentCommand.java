package org.pbxauth.cli;

import java.util.concurrent.Callable;
import org.pbxauth.CodeFlow;
import org.pbxauth.Services;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.consents.Consent;
import org.pbxauth.audit.AuditEvent;
import org.pbxauth.audit.AuditKind;
import org.pbxauth.consents.Consents;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pbx-auth consent list|revoke}: the "Allow" a user gave public apps in the authorization-code flow. */
@Command(name = "consent", description = "List or revoke the consents users gave public apps.",
        mixinStandardHelpOptions = true, subcommands = {ConsentCommand.ListConsents.class, ConsentCommand.Revoke.class})
public final class ConsentCommand {

    @Command(name = "list", description = "List a user's consents: App ID, app name, granted, status.")
    static final class ListConsents implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Option(names = "--customer", required = true, description = "customer name") String customer;
        @Option(names = "--user", required = true, description = "login of the user") String login;

        @Override
        public Integer call() {
            try (Services s = data.open()) {
                PbxUser user = user(s, customer, login);
                for (Consent c : CodeFlow.of(s).consents().list(user)) {
                    PbxApp app = s.apps().app(c.tenantId(), c.appId()).orElse(null);
                    spec.commandLine().getOut().printf("%s\t%s\tgranted %s\t%s%n",
                            app == null ? "?" : app.clientId(), app == null ? "(deleted app)" : app.name(),
                            c.grantedAt(), c.isLive() ? "active" : "revoked " + c.revokedAt());
                }
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a user's consent for an app: every token the app holds "
            + "for that user stops working now, and the next authorization asks again.")
    static final class Revoke implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Option(names = "--customer", required = true, description = "customer name") String customer;
        @Option(names = "--user", required = true, description = "login of the user") String login;
        @Option(names = "--app", required = true, description = "App ID") String clientId;

        @Override
        public Integer call() {
            try (Services s = data.open()) {
                PbxUser user = user(s, customer, login);
                PbxApp app = AppCommand.find(s, customer, clientId);
                Consents.Revocation r = CodeFlow.of(s).consents().revoke(user, app);
                // the user sees it on My activity like a revocation of their own (written when s closes)
                s.audit().record(new AuditEvent(user.tenantId(), user.id(), null, null, app.clientId(),
                        AuditKind.CONSENT_REVOKED, "by the operator", "ok", "cli", s.clock().instant()));
                // Idempotent: without a live consent the tokens are still revoked, and that is success.
                spec.commandLine().getOut().printf("%s consent of '%s' for %s, revoked %d logins%n",
                        r.consentWasLive() ? "revoked the" : "no live", user.login(), app.clientId(),
                        r.familiesRevoked());
            }
            return 0;
        }
    }

    private static PbxUser user(Services s, String customer, String login) {
        Tenant t = DataOptions.customer(s, customer);
        return s.users().findByLogin(t.id(), login)
                .orElseThrow(() -> new NotFoundException("no user '" + login + "' at '" + customer + "'"));
    }
}
