package org.pbxauth.http.web;

import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.sessions.WebSessions;

/** A request to a page: its customer, and who is signed in. */
public record Visit(Tenant tenant, WebSessions.Current current) {
    public PbxUser user() {
        return current.user();
    }
}
