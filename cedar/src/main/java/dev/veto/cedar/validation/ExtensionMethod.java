package dev.veto.cedar.validation;

import dev.veto.cedar.validation.CedarType.Ext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The extension methods' signatures (receiver first), as in Lean's {@code typeOfCall}. */
enum ExtensionMethod {
    LESS_THAN("lessThan", CedarType.ANY_BOOL, Ext.DECIMAL, Ext.DECIMAL),
    LESS_THAN_OR_EQUAL("lessThanOrEqual", CedarType.ANY_BOOL, Ext.DECIMAL, Ext.DECIMAL),
    GREATER_THAN("greaterThan", CedarType.ANY_BOOL, Ext.DECIMAL, Ext.DECIMAL),
    GREATER_THAN_OR_EQUAL("greaterThanOrEqual", CedarType.ANY_BOOL, Ext.DECIMAL, Ext.DECIMAL),
    IS_IPV4("isIpv4", CedarType.ANY_BOOL, Ext.IPADDR),
    IS_IPV6("isIpv6", CedarType.ANY_BOOL, Ext.IPADDR),
    IS_LOOPBACK("isLoopback", CedarType.ANY_BOOL, Ext.IPADDR),
    IS_MULTICAST("isMulticast", CedarType.ANY_BOOL, Ext.IPADDR),
    IS_IN_RANGE("isInRange", CedarType.ANY_BOOL, Ext.IPADDR, Ext.IPADDR),
    OFFSET("offset", Ext.DATETIME, Ext.DATETIME, Ext.DURATION),
    DURATION_SINCE("durationSince", Ext.DURATION, Ext.DATETIME, Ext.DATETIME),
    TO_DATE("toDate", Ext.DATETIME, Ext.DATETIME),
    TO_TIME("toTime", Ext.DURATION, Ext.DATETIME),
    TO_MILLISECONDS("toMilliseconds", CedarType.LONG, Ext.DURATION),
    TO_SECONDS("toSeconds", CedarType.LONG, Ext.DURATION),
    TO_MINUTES("toMinutes", CedarType.LONG, Ext.DURATION),
    TO_HOURS("toHours", CedarType.LONG, Ext.DURATION),
    TO_DAYS("toDays", CedarType.LONG, Ext.DURATION);

    private static final Map<String, ExtensionMethod> BY_NAME = new LinkedHashMap<>();

    static {
        for (ExtensionMethod m : values()) {
            BY_NAME.put(m.method, m);
        }
    }

    final String method;
    final CedarType result;
    final List<CedarType> params;

    ExtensionMethod(String method, CedarType result, CedarType... params) {
        this.method = method;
        this.result = result;
        this.params = List.of(params);
    }

    static ExtensionMethod named(String name) {
        return BY_NAME.get(name);
    }
}
