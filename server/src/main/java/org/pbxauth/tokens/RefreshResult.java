package org.pbxauth.tokens;

/** The outcome of presenting a refresh token: new tokens, or a refusal with its reason. */
public sealed interface RefreshResult {
    /** A rotation: new access and refresh tokens in the same family. */
    record Rotated(IssuedTokens tokens) implements RefreshResult {}

    /** No tokens; {@code reason} is safe to show the client. {@code familyRevoked} after a reuse. */
    record Refused(String reason, boolean familyRevoked) implements RefreshResult {}
}
