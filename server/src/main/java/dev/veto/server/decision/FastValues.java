package dev.veto.server.decision;

import dev.veto.cedar.eval.EvalError;
import dev.veto.cedar.eval.Extensions;
import dev.veto.cedar.value.BoolValue;
import dev.veto.cedar.value.ExtensionException;
import dev.veto.cedar.value.IpAddr;
import dev.veto.cedar.value.LongValue;
import dev.veto.cedar.value.RecordValue;
import dev.veto.cedar.value.SetValue;
import dev.veto.cedar.value.StringValue;
import dev.veto.cedar.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fast reader's grammar of Cedar values (a context, an entity's attributes and tags): records,
 * sets, strings, integers, booleans and the {@code __extn} and {@code __entity} escapes, read into
 * immutable values over a {@link ByteScanner}; anything else gives up (see {@link FastReader}).
 */
final class FastValues {
    private FastValues() {}

    /**
     * A record's fields, the scanner just past its {@code {}; as an immutable map, which records
     * and entities keep without copying.
     */
    static Map<String, Value> fields(ByteScanner in, int depth) {
        if (in.take('}')) {
            return Map.of();
        }
        return fields(in, depth, in.name());
    }

    /**
     * A record's fields from the one named {@code first} on, the scanner just past that name.
     * Names and values wait on the scanner's stack (a nested record stacks its own above them),
     * then go into the map in one call, with no entry objects.
     */
    private static Map<String, Value> fields(ByteScanner in, int depth, String first) {
        int base = in.top;
        String name = first;
        while (true) {
            if (name.equals(RequestFields.EXTENSION_ESCAPE) || name.equals(RequestFields.ENTITY_ESCAPE)) {
                // the tree reader decides what an escape's name means among other fields
                throw GiveUp.INSTANCE;
            }
            in.expect(':');
            Value v = value(in, depth);
            in.push(name, v);
            if (!in.take(',')) {
                break;
            }
            name = in.name();
        }
        in.expect('}');
        Object[] kv = in.stack;
        int n = (in.top - base) >> 1;
        in.top = base;
        try {
            return switch (n) {
                case 1 -> Map.of(name(kv, base), value(kv, base + 1));
                case 2 -> Map.of(name(kv, base), value(kv, base + 1), name(kv, base + 2), value(kv, base + 3));
                case 3 -> Map.of(name(kv, base), value(kv, base + 1), name(kv, base + 2), value(kv, base + 3),
                        name(kv, base + 4), value(kv, base + 5));
                case 4 -> Map.of(name(kv, base), value(kv, base + 1), name(kv, base + 2), value(kv, base + 3),
                        name(kv, base + 4), value(kv, base + 5), name(kv, base + 6), value(kv, base + 7));
                default -> {
                    @SuppressWarnings("unchecked")
                    Map.Entry<String, Value>[] entries = new Map.Entry[n];
                    for (int k = 0; k < n; k++) {
                        entries[k] = Map.entry(name(kv, base + 2 * k), value(kv, base + 2 * k + 1));
                    }
                    yield Map.ofEntries(entries);
                }
            };
        } catch (IllegalArgumentException duplicateName) {
            throw GiveUp.INSTANCE;
        }
    }

    private static String name(Object[] kv, int at) {
        return (String) kv[at];
    }

    private static Value value(Object[] kv, int at) {
        return (Value) kv[at];
    }

    private static Value value(ByteScanner in, int depth) {
        if (depth > RequestFields.MAX_DEPTH) {
            throw GiveUp.INSTANCE;
        }
        return switch (in.peek()) {
            case '"' -> in.stringValue();
            case 't' -> {
                in.literal("true");
                yield BoolValue.TRUE;
            }
            case 'f' -> {
                in.literal("false");
                yield BoolValue.FALSE;
            }
            case '[' -> {
                in.expect('[');
                Set<Value> out = new LinkedHashSet<>();
                if (!in.take(']')) {
                    do {
                        out.add(value(in, depth + 1));
                    } while (in.take(','));
                    in.expect(']');
                }
                yield new SetValue(out);
            }
            case '{' -> object(in, depth + 1);
            default -> LongValue.of(in.integer());
        };
    }

    /**
     * An object in value position: an escape when it holds only {@code __extn} (an extension
     * value, as PEPs send IP addresses) or only {@code __entity}, else a record.
     */
    private static Value object(ByteScanner in, int depth) {
        in.expect('{');
        if (in.take('}')) {
            return new RecordValue(Map.of());
        }
        String first = in.name();
        if (first.equals(RequestFields.EXTENSION_ESCAPE) || first.equals(RequestFields.ENTITY_ESCAPE)) {
            in.expect(':');
            Value v = first.equals(RequestFields.EXTENSION_ESCAPE) ? extension(in, depth) : FastReader.uid(in);
            in.expect('}');
            return v;
        }
        return new RecordValue(fields(in, depth, first));
    }

    /** {@code {"fn": …, "arg": …}} or {@code {"fn": …, "args": […]}}. */
    private static Value extension(ByteScanner in, int depth) {
        in.expect('{');
        String fn = null;
        List<Value> args = null;
        do {
            int field = in.field(RequestFields.EXTENSION);
            if (field == RequestFields.FN && fn == null) {
                fn = in.name();
            } else if (field == RequestFields.ARG && args == null) {
                args = List.of(value(in, depth + 1));
            } else if (field == RequestFields.ARGS && args == null) {
                args = new ArrayList<>(2);
                in.expect('[');
                if (!in.take(']')) {
                    do {
                        args.add(value(in, depth + 1));
                    } while (in.take(','));
                    in.expect(']');
                }
            } else {
                throw GiveUp.INSTANCE;
            }
        } while (in.take(','));
        in.expect('}');
        if (fn == null || args == null) {
            throw GiveUp.INSTANCE;
        }
        boolean ip = fn.equals("ip") || fn.equals("ipaddr");
        try {
            if (ip && args.size() == 1 && args.get(0) instanceof StringValue text) {
                // what PEPs send most, constructed without the look-up of the function by name
                return IpAddr.parse(text.value());
            }
            return Extensions.call(ip ? "ip" : fn, args);
        } catch (EvalError | ExtensionException e) {
            throw GiveUp.INSTANCE;
        }
    }
}
