package org.pbxauth.client;

import java.util.Map;

/**
 * The token's user as {@code GET /api/ver1.0/user/} answers it.
 *
 * @param id               the user's id
 * @param login            the login
 * @param clientId         the PBX customer (client) the user belongs to
 * @param admin            whether the user is an administrator
 * @param access           what the token may do: {@code full} (an All app) or {@code call_api}
 * @param extensionId      the user's extension, or null
 * @param extensionGroupId the user's extension group, or null
 * @param timezone         the user's time zone, e.g. {@code Europe/Moscow}
 * @param dealerId         the dealer, or null
 * @param extraParams      the vendor's extra parameters as a string, or null
 */
public record PbxUser(long id, String login, Long clientId, boolean admin, String access, Long extensionId,
                      Long extensionGroupId, String timezone, Long dealerId, String extraParams) {

    static PbxUser from(Map<String, Object> json, int status) {
        try {
            Long id = FlatJson.integer(json, "id");
            String login = FlatJson.string(json, "login");
            if (id == null || login == null) {
                throw new IllegalArgumentException("no id or login");
            }
            return new PbxUser(id, login, FlatJson.integer(json, "client_id"),
                    json.get("admin") != null && FlatJson.bool(json, "admin"), FlatJson.string(json, "access"),
                    FlatJson.integer(json, "extension_id"), FlatJson.integer(json, "extension_group_id"),
                    FlatJson.string(json, "timezone"), FlatJson.integer(json, "dealer_id"),
                    FlatJson.string(json, "extra_params"));
        } catch (IllegalArgumentException e) {
            throw new PbxAuthException(PbxAuthException.INVALID_RESPONSE, "user answer: " + e.getMessage(), status);
        }
    }
}
