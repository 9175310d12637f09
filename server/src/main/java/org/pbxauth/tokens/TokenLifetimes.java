package org.pbxauth.tokens;

import java.time.Duration;

/** How long tokens live: access tokens, refresh tokens when idle, and a family at most. */
public record TokenLifetimes(Duration access, Duration refreshIdle, Duration familyMax) {}
