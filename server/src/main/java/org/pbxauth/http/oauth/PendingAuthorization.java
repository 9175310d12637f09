package org.pbxauth.http.oauth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.pbxauth.http.PageKeys;
import org.pbxauth.grants.Pkce;

/**
 * A validated authorization request waiting for the user to log in and agree. It travels in a
 * hidden form field, sealed with an HMAC: the browser carries it, cannot change it, and no node
 * has to remember it. It expires, so an old page cannot be replayed forever.
 *
 * @param state the client's state, exactly as sent, or null when it sent none
 */
record PendingAuthorization(long tenantId, String clientId, String redirectUri, boolean redirectUriGiven,
                            String state, String scope, Optional<Pkce> pkce, Instant expiresAt) {

    /** Time to read the page, log in and agree. */
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String PURPOSE = "authorization-request";
    private static final int VERSION = 1;

    URI redirectUriValue() {
        return URI.create(redirectUri);
    }

    /** The value of the hidden field: base64url of the fields, a dot, and their MAC. */
    String seal(PageKeys keys) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(tenantId);
            out.writeUTF(clientId);
            out.writeUTF(redirectUri);
            out.writeBoolean(redirectUriGiven);
            writeOptional(out, state);
            out.writeUTF(scope);
            writeOptional(out, pkce.map(Pkce::challenge).orElse(null));
            writeOptional(out, pkce.map(Pkce::method).orElse(null));
            out.writeLong(expiresAt.toEpochMilli());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
        return payload + "." + keys.sign(PURPOSE, payload);
    }

    /** The request sealed in {@code sealed}, when its MAC is ours and it has not expired at {@code now}. */
    static Optional<PendingAuthorization> open(String sealed, PageKeys keys, Instant now) {
        if (sealed == null) {
            return Optional.empty();
        }
        int dot = sealed.lastIndexOf('.');
        if (dot < 0 || !keys.verify(PURPOSE, sealed.substring(0, dot), sealed.substring(dot + 1))) {
            return Optional.empty();
        }
        // Only values we sealed reach this point: a failure below is a bug, not an attack.
        byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(0, dot));
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != VERSION) {
                return Optional.empty();
            }
            long tenantId = in.readLong();
            String clientId = in.readUTF();
            String redirectUri = in.readUTF();
            boolean given = in.readBoolean();
            String state = readOptional(in);
            String scope = in.readUTF();
            String challenge = readOptional(in);
            String method = readOptional(in);
            Instant expiresAt = Instant.ofEpochMilli(in.readLong());
            if (!now.isBefore(expiresAt)) {
                return Optional.empty();
            }
            return Optional.of(new PendingAuthorization(tenantId, clientId, redirectUri, given, state, scope,
                    Pkce.of(challenge, method), expiresAt));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeOptional(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
