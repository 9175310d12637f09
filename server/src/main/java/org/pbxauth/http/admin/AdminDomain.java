package org.pbxauth.http.admin;

import java.time.Duration;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.audit.AuditTrail;
import org.pbxauth.directory.PasswordHasher;
import org.pbxauth.directory.UserRepository;
import org.pbxauth.guard.HashingPool;
import org.pbxauth.lifecycle.Lifecycle;
import org.pbxauth.tokens.TokenService;

/** The domain services the admin API calls, and the App Secret rotation's overlap window. */
public record AdminDomain(UserRepository users, PasswordHasher passwords, HashingPool hashing, AppRegistry apps,
                          TokenService tokens, Lifecycle lifecycle, AuditTrail audit, Duration secretOverlap) {}
