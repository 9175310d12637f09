package org.pbxauth.http.admin;

import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.tokens.TokenRecord;

/** The administrator behind an admin API request: their customer, themselves and their token. */
record Admin(Tenant tenant, PbxUser user, TokenRecord token) {
    long tenantId() {
        return tenant.id();
    }
}
