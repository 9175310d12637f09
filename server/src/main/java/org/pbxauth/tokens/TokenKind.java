package org.pbxauth.tokens;

/** The two kinds of token this server hands out. */
public enum TokenKind {
    ACCESS,
    REFRESH
}
