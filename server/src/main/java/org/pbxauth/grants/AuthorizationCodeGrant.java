package org.pbxauth.grants;

import java.util.Set;
import java.util.Optional;
import org.pbxauth.apps.AppType;
import org.pbxauth.consents.Consents;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.tokens.IssuedTokens;
import org.pbxauth.tokens.TokenService;

/**
 * RFC 6749 §4.1.3 with RFC 7636 §4.5–4.6: a public app trades the code its redirect URL received
 * for an access and a refresh token, exactly like a password login of the same user.
 */
public final class AuthorizationCodeGrant implements Grant {
    /** One answer for unknown, foreign and expired codes: the app learns nothing about other codes. */
    static final String BAD_CODE = "the authorization code is unknown, expired or was issued to another app";
    static final String USED_CODE = "the authorization code was already used; the tokens issued for it are revoked";

    private final AuthorizationCodes codes;
    private final Directory directory;
    private final TokenService tokens;
    private final Consents consents;

    public AuthorizationCodeGrant(AuthorizationCodes codes, Directory directory, TokenService tokens,
                                  Consents consents) {
        this.codes = codes;
        this.directory = directory;
        this.tokens = tokens;
        this.consents = consents;
    }

    @Override
    public String grantType() {
        return "authorization_code";
    }

    @Override
    public Set<AppType> appTypes() {
        return Set.of(AppType.PUBLIC);
    }

    @Override
    public TokenResponse handle(TokenRequest request) {
        // §4.1.3: "code REQUIRED. The authorization code received from the authorization server."
        AuthorizationCode code = codes.find(request.secret("code"))
                .filter(c -> c.tenantId() == request.tenant().id())
                // §4.1.3: "ensure that the authorization code was issued to the authenticated
                // confidential client".
                .filter(c -> c.appId() == request.app().id())
                .orElseThrow(() -> OAuthError.invalidGrant(BAD_CODE));
        if (code.usedAt() != null) {
            throw replayed(code);
        }
        if (code.isExpiredAt(codes.now())) {
            throw OAuthError.invalidGrant(BAD_CODE);
        }
        checkRedirectUri(request, code);
        checkVerifier(request, code);
        PbxUser user = directory.user(code.tenantId(), code.userId())
                .filter(u -> !u.blocked())
                .orElseThrow(() -> OAuthError.invalidGrant("the user of this authorization code may not log in"));
        if (!consents.isGranted(code.tenantId(), code.userId(), code.appId())) {
            throw OAuthError.invalidGrant("the user's consent for this app was revoked");
        }
        // The one atomic step: of two concurrent exchanges only one marks the code used.
        if (!codes.consume(code)) {
            throw replayed(code);
        }
        IssuedTokens issued = tokens.issueForLogin(user, request.app(), true, request.clientAddress());
        boolean replayedMeanwhile = codes.attachFamily(code, issued.familyId());
        // Checked again after issuing: a consent revoked while this exchange ran revoked the
        // families that existed then, and this one must not outlive it.
        if (replayedMeanwhile || !consents.isGranted(code.tenantId(), code.userId(), code.appId())) {
            tokens.revokeFamily(issued.familyId());
            throw replayedMeanwhile ? OAuthError.invalidGrant(USED_CODE)
                    : OAuthError.invalidGrant("the user's consent for this app was revoked");
        }
        return TokenResponse.of(issued);
    }

    /**
     * §4.1.2: "If an authorization code is used more than once, the authorization server MUST
     * deny the request and SHOULD revoke (when possible) all tokens previously issued based on
     * that authorization code."
     */
    private OAuthError replayed(AuthorizationCode code) {
        codes.replayed(code).ifPresent(tokens::revokeFamily);
        return OAuthError.invalidGrant(USED_CODE);
    }

    /**
     * §4.1.3: "redirect_uri REQUIRED, if the "redirect_uri" parameter was included in the
     * authorization request as described in Section 4.1.1, and their values MUST be identical."
     * When the request left it out, a value sent anyway must still be the one the code went to.
     */
    private static void checkRedirectUri(TokenRequest request, AuthorizationCode code) {
        Optional<String> sent = request.parameter("redirect_uri").filter(s -> !s.isEmpty());
        if (sent.isEmpty()) {
            if (code.redirectUriGiven()) {
                throw OAuthError.invalidGrant("redirect_uri is required: the authorization request carried one");
            }
            return;
        }
        if (!sent.get().equals(code.redirectUri())) {
            throw OAuthError.invalidGrant("redirect_uri differs from the one of the authorization request");
        }
    }

    /**
     * RFC 7636 §4.6: "If the values are equal, the token endpoint MUST continue processing as
     * normal [...]. If the values are not equal, an error response indicating "invalid_grant" as
     * described in Section 5.2 of [RFC6749] MUST be returned." A verifier for a code that had no
     * challenge is refused too: it means the app and the code do not belong together (a
     * downgrade or injection, RFC 9700 §4.8.2).
     */
    private static void checkVerifier(TokenRequest request, AuthorizationCode code) {
        Optional<String> verifier = request.parameter("code_verifier").filter(s -> !s.isEmpty());
        if (code.pkce().isEmpty()) {
            if (verifier.isPresent()) {
                throw OAuthError.invalidGrant("code_verifier sent for a code issued without code_challenge");
            }
            return;
        }
        if (verifier.isEmpty()) {
            throw OAuthError.invalidGrant("code_verifier is required: the authorization request carried a challenge");
        }
        if (!code.pkce().get().verifies(verifier.get())) {
            throw OAuthError.invalidGrant("code_verifier does not match the code_challenge");
        }
    }
}
