package dev.veto.cedar.validation;

import dev.veto.cedar.ast.Request;
import dev.veto.cedar.schema.EntityTypeDef;
import dev.veto.cedar.validation.CedarType.Attr;
import dev.veto.cedar.validation.CedarType.Bool;
import dev.veto.cedar.validation.CedarType.Entity;
import dev.veto.cedar.validation.CedarType.Ext;
import dev.veto.cedar.validation.CedarType.Rec;
import dev.veto.cedar.validation.CedarType.SetOf;
import dev.veto.cedar.validation.RequestError.Kind;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.Datetime;
import dev.veto.cedar.value.Decimal;
import dev.veto.cedar.value.Duration;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.IpAddr;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.SetValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Strings;
import dev.veto.cedar.value.Value;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Whether a request is one the schema allows (the reference's {@code validate_request}, with
 * values typed as Lean's {@code instanceOfType} does): principal and resource of declared types
 * the action applies to, a declared action, a context of the action's context type. Unlike the
 * reference, which stops at the first problem, every problem is reported.
 */
final class RequestValidation {
    private RequestValidation() {}

    static List<RequestError> validate(SchemaTables t, Request r) {
        List<RequestError> out = new ArrayList<>();
        boolean principalDeclared = entity(t, r.principal(), "principal", Kind.UNDECLARED_PRINCIPAL_TYPE, out);
        boolean resourceDeclared = entity(t, r.resource(), "resource", Kind.UNDECLARED_RESOURCE_TYPE, out);
        int a = t.actionIndex(r.action());
        if (a < 0) {
            out.add(new RequestError(Kind.UNDECLARED_ACTION, "request's action `" + r.action() + "` is not declared in the schema"));
            return out;
        }
        if (principalDeclared) {
            applies(t, r.principal(), "principal", t.principalTypes(a), r.action(), Kind.INVALID_PRINCIPAL_TYPE, out);
        }
        if (resourceDeclared) {
            applies(t, r.resource(), "resource", t.resourceTypes(a), r.action(), Kind.INVALID_RESOURCE_TYPE, out);
        }
        if (!instanceOf(t, r.context(), t.context(a))) {
            out.add(new RequestError(Kind.INVALID_CONTEXT, "context `" + r.context() + "` is not valid for `" + r.action() + "`"));
        }
        return out;
    }

    private static boolean entity(SchemaTables t, EntityUid uid, String role, Kind undeclared, List<RequestError> out) {
        EntityTypeDef def = t.schema.entityTypes().get(uid.type());
        if (def == null) {
            out.add(new RequestError(undeclared, role + " type `" + uid.type() + "` is not declared in the schema"));
            return false;
        }
        if (def.isEnum() && !def.enumIds().contains(uid.id())) {
            out.add(new RequestError(Kind.INVALID_ENUM_ENTITY, "entity `" + uid + "` is of an enumerated entity type, but `"
                    + Strings.quote(uid.id()) + "` is not declared as a valid eid"));
        }
        return true;
    }

    private static void applies(SchemaTables t, EntityUid uid, String role, BitSet types, EntityUid action, Kind kind,
            List<RequestError> out) {
        if (types.get(t.entityIndex(uid.type()))) {
            return;
        }
        List<String> valid = new ArrayList<>();
        for (int i = types.nextSetBit(0); i >= 0; i = types.nextSetBit(i + 1)) {
            valid.add("`" + t.entityTypes.get(i) + "`");
        }
        out.add(new RequestError(kind, role + " type `" + uid.type() + "` is not valid for `" + action + "`"
                + (valid.isEmpty() ? "; it applies to no " + role + " type" : "; valid " + role + " types: " + String.join(", ", valid))));
    }

    /** Whether {@code v} is a value of type {@code ty}; entities must be declared (enumerated ones by id). */
    static boolean instanceOf(SchemaTables t, Value v, CedarType ty) {
        return switch (v) {
            case BoolValue b -> ty instanceof Bool;
            case LongValue l -> ty == CedarType.LONG;
            case StringValue s -> ty == CedarType.STRING;
            case EntityUid u -> ty instanceof Entity e && e.name().equals(u.type()) && t.isValidLiteral(u);
            case SetValue s -> {
                if (!(ty instanceof SetOf set)) {
                    yield false;
                }
                for (Value x : s.elements()) {
                    if (!instanceOf(t, x, set.element())) {
                        yield false;
                    }
                }
                yield true;
            }
            case RecordValue r -> {
                if (!(ty instanceof Rec rec)) {
                    yield false;
                }
                for (Map.Entry<String, Value> a : r.attributes().entrySet()) {
                    Attr at = rec.attrs().get(a.getKey());
                    if (at == null || !instanceOf(t, a.getValue(), at.type())) {
                        yield false;
                    }
                }
                for (Map.Entry<String, Attr> a : rec.attrs().entrySet()) {
                    if (a.getValue().required() && !r.attributes().containsKey(a.getKey())) {
                        yield false;
                    }
                }
                yield true;
            }
            case IpAddr x -> ty.equals(Ext.IPADDR);
            case Decimal x -> ty.equals(Ext.DECIMAL);
            case Datetime x -> ty.equals(Ext.DATETIME);
            case Duration x -> ty.equals(Ext.DURATION);
        };
    }
}
