package org.pbxauth.apps;

import org.pbxauth.secrets.Secret;

/** A freshly registered app with its App Secret in plain text: shown once, then only its hash remains. */
public record RegisteredApp(PbxApp app, Secret secret) {}
