package org.pbxauth.access;

import java.util.Set;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.UserLevel;

/**
 * The access policy of the PBX API: whether a token's user and app may make one request.
 * First the user's own reach — blocked; another customer's {@code {client_id}}; an extension
 * outside the user's own (extension level) or group (extension-group level); a change under
 * {@code /client/{client_id}/} by anyone but a client-level user — then the app's access: an
 * All app may do what its user may, a Call API app what {@link CallApiRules} allow.
 */
public final class ApiAccess {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    /** Whether an extension belongs to an extension group of a customer (the directory knows). */
    @FunctionalInterface
    public interface ExtensionGroups {
        boolean contains(long tenantId, long groupId, long extensionId);
    }

    private final CallApiRules callApi;
    private final ExtensionGroups groups;

    public ApiAccess(CallApiRules callApi, ExtensionGroups groups) {
        this.callApi = callApi;
        this.groups = groups;
    }

    public AccessDecision decide(String method, ApiPath path, PbxUser user, AccessLevel access) {
        if (user.blocked()) {
            return new AccessDecision.Denied("user_blocked", "the user is blocked");
        }
        if (!path.isPbxApi()) {
            return new AccessDecision.Denied("access_denied", "not a path of the PBX API: " + path);
        }
        String area = path.segment(2);
        if ("client".equals(area)) {
            // /client/client_info/{client_id}/ and /client/{client_id}/…: only the token's own customer
            String clientId = "client_info".equals(path.segment(3)) ? path.segment(4) : path.segment(3);
            if (clientId != null && !clientId.equals("@me") && !clientId.equals(Long.toString(user.tenantId()))) {
                return new AccessDecision.Denied("access_denied", "client " + clientId + " is another customer");
            }
            if (!READS.contains(method) && user.level() != UserLevel.CLIENT) {
                return new AccessDecision.Denied("user_access_type_deny",
                        "only a client-level user changes the customer's resources");
            }
        } else if ("extension".equals(area) && path.segment(3) != null && path.segment(3).matches("[0-9]{1,18}")) {
            long extension = Long.parseLong(path.segment(3));
            if (!reaches(user, extension)) {
                return new AccessDecision.Denied("user_access_type_deny",
                        "extension " + extension + " is outside the user's " + user.level().wireName() + " reach");
            }
        }
        if (access == AccessLevel.ALL) {
            return new AccessDecision.Allowed("access all");
        }
        return callApi.allowing(method, path)
                .<AccessDecision>map(r -> new AccessDecision.Allowed(r.name()))
                .orElseGet(() -> new AccessDecision.Denied("app_access_type_deny",
                        "a Call API app may not " + method + " " + path));
    }

    private boolean reaches(PbxUser user, long extension) {
        return switch (user.level()) {
            case CLIENT -> true;
            case EXTENSION -> user.extensionId() != null && user.extensionId() == extension;
            case EXTENSION_GROUP -> user.extensionGroupId() != null
                    && groups.contains(user.tenantId(), user.extensionGroupId(), extension);
        };
    }
}
