package dev.veto.cedar.eval;

import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.Datetime;
import dev.veto.cedar.value.Decimal;
import dev.veto.cedar.value.Duration;
import dev.veto.cedar.value.ExtensionException;
import dev.veto.cedar.value.IpAddr;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import java.util.List;

/**
 * The implementations of Cedar's extension functions and extension methods (their signatures
 * are in {@link dev.veto.cedar.ast.Builtins}). Shared by the evaluator and by the JSON
 * {@code __extn} form.
 */
public final class Extensions {
    private Extensions() {}

    /** Calls the extension constructor {@code name} with already evaluated arguments. */
    public static Value construct(String name, List<Value> args) {
        if (args.size() != 1) {
            throw new EvalError("`" + name + "` takes 1 argument, got " + args.size());
        }
        return construct(name, args.get(0));
    }

    /** Calls the extension constructor {@code name}, e.g. {@code ip("10.0.0.1")}. */
    public static Value construct(String name, Value arg) {
        String s = switch (arg) {
            case StringValue sv -> sv.value();
            default -> throw Evaluator.typeError("string", arg, "argument of `" + name + "`");
        };
        try {
            return switch (name) {
                case "ip" -> IpAddr.parse(s);
                case "decimal" -> Decimal.parse(s);
                case "datetime" -> Datetime.parse(s);
                case "duration" -> Duration.parse(s);
                default -> throw new EvalError("`" + name + "` is not an extension function");
            };
        } catch (ExtensionException e) {
            throw new EvalError(e.getMessage());
        }
    }

    /** Calls a method of an extension type; {@code name} must be one. */
    public static Value method(String name, Value receiver, List<Value> args) {
        int arity = dev.veto.cedar.ast.Builtins.methodArity(name);
        if (arity >= 0 && args.size() != arity) {
            throw new EvalError("`" + name + "` takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", got " + args.size());
        }
        try {
            return switch (name) {
                case "lessThan" -> BoolValue.of(decimal(receiver, name).compareTo(decimal(args.get(0), name)) < 0);
                case "lessThanOrEqual" -> BoolValue.of(decimal(receiver, name).compareTo(decimal(args.get(0), name)) <= 0);
                case "greaterThan" -> BoolValue.of(decimal(receiver, name).compareTo(decimal(args.get(0), name)) > 0);
                case "greaterThanOrEqual" -> BoolValue.of(decimal(receiver, name).compareTo(decimal(args.get(0), name)) >= 0);
                case "isIpv4" -> BoolValue.of(ip(receiver, name).isIpv4());
                case "isIpv6" -> BoolValue.of(ip(receiver, name).isIpv6());
                case "isLoopback" -> BoolValue.of(ip(receiver, name).isLoopback());
                case "isMulticast" -> BoolValue.of(ip(receiver, name).isMulticast());
                case "isInRange" -> BoolValue.of(ip(receiver, name).isInRange(ip(args.get(0), name)));
                case "offset" -> datetime(receiver, name).offset(duration(args.get(0), name));
                case "durationSince" -> datetime(receiver, name).durationSince(datetime(args.get(0), name));
                case "toDate" -> datetime(receiver, name).toDate();
                case "toTime" -> datetime(receiver, name).toTime();
                case "toMilliseconds" -> LongValue.of(duration(receiver, name).toMilliseconds());
                case "toSeconds" -> LongValue.of(duration(receiver, name).toSeconds());
                case "toMinutes" -> LongValue.of(duration(receiver, name).toMinutes());
                case "toHours" -> LongValue.of(duration(receiver, name).toHours());
                case "toDays" -> LongValue.of(duration(receiver, name).toDays());
                default -> throw new EvalError("`" + name + "` is not an extension method");
            };
        } catch (ExtensionException e) {
            throw new EvalError(e.getMessage());
        }
    }

    /**
     * Calls {@code name} with positional arguments, as the JSON {@code __extn} form does: a
     * constructor takes one string, a method takes its receiver first.
     */
    public static Value call(String name, List<Value> args) {
        if (dev.veto.cedar.ast.Builtins.functionArity(name) >= 0) {
            return construct(name, args);
        }
        int arity = dev.veto.cedar.ast.Builtins.methodArity(name);
        if (arity < 0 || isBuiltinSetOrTagMethod(name)) {
            throw new EvalError("`" + name + "` is not an extension function");
        }
        if (args.isEmpty()) {
            throw new EvalError("`" + name + "` needs its receiver as the first argument");
        }
        return method(name, args.get(0), args.subList(1, args.size()));
    }

    static boolean isBuiltinSetOrTagMethod(String name) {
        return !dev.veto.cedar.ast.Builtins.isExtensionMethod(name);
    }

    private static Decimal decimal(Value v, String method) {
        if (v instanceof Decimal d) {
            return d;
        }
        throw Evaluator.typeError("decimal", v, "operand of `" + method + "`");
    }

    private static IpAddr ip(Value v, String method) {
        if (v instanceof IpAddr d) {
            return d;
        }
        throw Evaluator.typeError("ipaddr", v, "operand of `" + method + "`");
    }

    private static Datetime datetime(Value v, String method) {
        if (v instanceof Datetime d) {
            return d;
        }
        throw Evaluator.typeError("datetime", v, "operand of `" + method + "`");
    }

    private static Duration duration(Value v, String method) {
        if (v instanceof Duration d) {
            return d;
        }
        throw Evaluator.typeError("duration", v, "operand of `" + method + "`");
    }
}
