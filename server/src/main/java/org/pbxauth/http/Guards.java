package org.pbxauth.http;

import org.pbxauth.guard.ApiRateLimiter;
import org.pbxauth.guard.RequestRateLimiter;

/** What guards the HTTP face: client addresses, per-address request limits, hourly API limits. */
public record Guards(ClientAddress addresses, RequestRateLimiter requests, ApiRateLimiter api, boolean rateLimitsOn) {}
