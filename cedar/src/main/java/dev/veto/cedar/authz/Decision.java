package dev.veto.cedar.authz;

public enum Decision {
    ALLOW,
    DENY
}
