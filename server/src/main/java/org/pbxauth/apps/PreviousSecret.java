package org.pbxauth.apps;

import java.time.Instant;

/** The App Secret an app had before a rotation with overlap: its keyed hash, and until when it still works. */
public record PreviousSecret(String secretHash, Instant validUntil) {}
