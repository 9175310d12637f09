package org.pbxauth.tokens;

/** Told of tokens issued and revoked, for the operator's metrics; the domain knows no metrics library. */
public interface TokenEvents {
    TokenEvents NONE = new TokenEvents() {
        @Override
        public void issued(TokenKind kind, int count) {}

        @Override
        public void revoked(String cause, int count) {}
    };

    void issued(TokenKind kind, int count);

    /** {@code count} families or single tokens ended, for {@code cause} (reuse, revocation, user, app). */
    void revoked(String cause, int count);
}
