package org.pbxauth.tokens;

import org.pbxauth.directory.PbxUser;

/**
 * A stored token read together with its user and its app's {@code client_id}, in one query: the
 * API and introspection need all three on every request, and one round trip instead of three
 * was the largest cost left on their path (BENCHMARKS.md). {@code appApiLimit} is the app's own
 * hourly API limit (null: the server's).
 */
public record TokenWithUser(TokenRecord token, PbxUser user, String clientId, Long appApiLimit) {}
