package org.pbxauth.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** One HTTP exchange, with the JDK's checked exceptions turned into the SDK's one exception. */
final class Transport {
    /** The code of a request that got no answer (connection refused or reset, timeout). */
    static final String NETWORK_ERROR = "network_error";

    private final HttpClient http;

    Transport(HttpClient http) {
        this.http = http;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PbxAuthException(NETWORK_ERROR, request.method() + " " + request.uri().getPath()
                    + " got no answer: " + e.getClass().getSimpleName(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PbxAuthException("interrupted", "the thread was interrupted while waiting for an answer", 0, e);
        }
    }

    /**
     * RFC 9110 §10.2.3: {@code Retry-After} is delay-seconds or an HTTP-date; empty when the
     * header is missing or neither.
     */
    static Optional<Duration> retryAfter(HttpResponse<?> r, java.time.Clock clock) {
        Optional<String> header = r.headers().firstValue("Retry-After").map(String::trim);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get();
        if (v.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A header holding a non-negative integer, or empty. */
    static Optional<Long> number(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).map(String::trim).filter(v -> v.matches("[0-9]{1,18}")).map(Long::parseLong);
    }
}
