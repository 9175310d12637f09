package org.pbxauth.tokens;

import java.time.Duration;
import java.util.Optional;
import org.pbxauth.secrets.Secret;

/** The plain token values of one issuance, returned once to be written into the answer. */
public record IssuedTokens(Secret accessToken, Duration expiresIn, Optional<Secret> refreshToken, long familyId,
                           long userId) {}
