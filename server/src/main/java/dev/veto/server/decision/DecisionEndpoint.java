package dev.veto.server.decision;

import dev.veto.cedar.json.JsonPath;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.json.JsonFormatException;
import dev.veto.control.ControlPlane;
import dev.veto.control.Decisions;
import dev.veto.control.Rejection;
import dev.veto.engine.EngineRequest;
import dev.veto.server.http.HttpErrors;
import dev.veto.server.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The decision endpoints' work without the HTTP exchange: a body read (by the fast reader, or
 * the tree reader when the fast one leaves it), the demanded revision awaited, each request
 * decided, the answer written. The server's {@code POST /v1/authorize} and
 * {@code /v1/authorize/batch} are this plus authentication; benchmarks time it on its own.
 *
 * <p>A refusal of the whole body throws {@link Rejection} or {@link JsonFormatException}; in a
 * batch, a bad request gets its own error and the others are still decided.
 */
public final class DecisionEndpoint {
    /** How long a decision waits for a demanded revision before answering 503. */
    public static final Duration REVISION_WAIT = Duration.ofSeconds(2);
    public static final int MAX_BATCH = 10_000;
    /** How many requests of a batch have their first cache misses started together. */
    static final int PREFETCH_AHEAD = 4;

    /** Told of every decision made (the server counts allows and denies). */
    @FunctionalInterface
    public interface Listener {
        void decided(boolean allowed);
    }

    /**
     * What decides: the server's control plane, or an enforcement point's replica (the sidecar
     * serves this same endpoint over its own state).
     */
    public interface Source {
        /**
         * Decides one request.
         *
         * @throws Decisions.Refused when the request names what Veto does not know
         * @throws Rejection when it cannot be decided now (e.g. unavailable)
         */
        Decisions.Decision decide(EngineRequest request);

        /** Starts the memory traffic a decision on {@code request} will need; optional. */
        default void prefetch(EngineRequest request) {}

        /** The revision decisions are made at now. */
        long revision();

        /** Waits until decisions are made at {@code atLeast} or later; false when that did not happen within {@code timeout}. */
        boolean awaitRevision(long atLeast, Duration timeout) throws InterruptedException;

        /** The server's own decisions. */
        static Source of(ControlPlane plane) {
            Decisions decisions = plane.decisions();
            return new Source() {
                @Override
                public Decisions.Decision decide(EngineRequest request) {
                    return decisions.decide(request);
                }

                @Override
                public void prefetch(EngineRequest request) {
                    decisions.prefetch(request);
                }

                @Override
                public long revision() {
                    return plane.revision();
                }

                @Override
                public boolean awaitRevision(long atLeast, Duration timeout) throws InterruptedException {
                    return plane.events().awaitRevision(atLeast, timeout);
                }
            };
        }
    }

    private final Source decisions;
    private final Listener listener;

    public DecisionEndpoint(ControlPlane plane, Listener listener) {
        this(Source.of(plane), listener);
    }

    public DecisionEndpoint(Source source, Listener listener) {
        this.decisions = source;
        this.listener = listener;
    }

    /** A single decision body decided: the answer's JSON. */
    public byte[] decide(byte[] body) throws InterruptedException {
        FastReader.Parsed fast = FastReader.single(body);
        EngineRequest request;
        if (fast != null) {
            awaitRevision(fast.atLeastRevision());
            request = fast.requests().get(0);
        } else {
            JsonNode n = Json.tree(body);
            if (!n.isObject()) {
                throw Rejection.invalid(null, "the body must be a JSON object with principal, action, resource and optionally context, entities, atLeastRevision");
            }
            awaitRevision(n.get("atLeastRevision"));
            request = TreeReader.request(n, new JsonPath("body"));
        }
        Decisions.Decision d;
        try {
            d = decisions.decide(request);
        } catch (Decisions.Refused e) {
            throw Rejection.invalid(e.field(), "body." + e.field() + ": " + e.getMessage());
        }
        listener.decided(d.response().isAllowed());
        return DecisionWriter.write(d);
    }

    /** A batch's answer: per request a decision or an error object, and the revision decided at. */
    public record Batch(List<Object> responses, long revision) {
        /** Writes {@code {"responses": [...], "revision": n}} to {@code out} (flushed, not closed). */
        public void writeTo(OutputStream out) throws IOException {
            DecisionWriter.writeBatch(responses, revision, out);
        }
    }

    /** A batch body decided. */
    public Batch decideBatch(byte[] body) throws InterruptedException {
        FastReader.Parsed fast = FastReader.batch(body, MAX_BATCH);
        JsonPath base = new JsonPath("body").key("requests");
        int count;
        Element element;
        if (fast != null) {
            awaitRevision(fast.atLeastRevision());
            List<EngineRequest> requests = fast.requests();
            count = requests.size();
            element = i -> {
                if (i % PREFETCH_AHEAD == 0) {
                    // The next requests' first cache misses are started together, so they are
                    // served at once, while these are decided: a prefetch is a real load, and one
                    // request's alone would still hold up the processor for most of a miss.
                    for (int k = i + 1; k <= i + PREFETCH_AHEAD && k < requests.size(); k++) {
                        decisions.prefetch(requests.get(k));
                    }
                }
                return requests.get(i);
            };
        } else {
            JsonNode n = Json.tree(body);
            JsonNode requests = n.get("requests");
            if (!n.isObject() || requests == null || !requests.isArray()) {
                throw Rejection.invalid("requests", "the body must be {\"requests\": [...]} with one decision request per element");
            }
            if (requests.size() > MAX_BATCH) {
                throw new Rejection(Rejection.Kind.TOO_LARGE, "a batch holds at most " + MAX_BATCH + " requests; this one has " + requests.size());
            }
            awaitRevision(n.get("atLeastRevision"));
            count = requests.size();
            element = i -> {
                JsonNode one = requests.get(i);
                if (!one.isObject()) {
                    throw Rejection.invalid("requests[" + i + "]", base.index(i) + ": expected a decision request object");
                }
                if (one.has("atLeastRevision")) {
                    throw Rejection.invalid("requests[" + i + "].atLeastRevision", base.index(i) + ": put `atLeastRevision` on the batch, not on one request");
                }
                return TreeReader.request(one, base.index(i));
            };
        }
        long revision = decisions.revision();
        List<Object> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // A bad request gets its own error; the others are still decided.
            try {
                EngineRequest one = element.request(i);
                Decisions.Decision d;
                try {
                    d = decisions.decide(one);
                } catch (Decisions.Refused e) {
                    throw Rejection.invalid("requests[" + i + "]." + e.field(), base.index(i) + "." + e.field() + ": " + e.getMessage());
                }
                listener.decided(d.response().isAllowed());
                revision = Math.max(revision, d.revision());
                out.add(d);
            } catch (Rejection e) {
                out.add(HttpErrors.of(e).body());
            } catch (JsonFormatException e) {
                out.add(HttpErrors.of(e).body());
            }
        }
        return new Batch(out, revision);
    }

    /**
     * The fast reader alone on a batch body, for benchmarks: its requests, or null when it leaves
     * the body to the tree reader.
     */
    public static List<EngineRequest> readFast(byte[] batchBody) {
        FastReader.Parsed p = FastReader.batch(batchBody, MAX_BATCH);
        return p == null ? null : p.requests();
    }

    /** Element {@code i} of a batch, read as the fast or the tree reader read the body. */
    @FunctionalInterface
    private interface Element {
        EngineRequest request(int i);
    }

    private void awaitRevision(JsonNode atLeast) throws InterruptedException {
        if (atLeast == null || atLeast.isNull()) {
            return;
        }
        if (!atLeast.isIntegralNumber() || !atLeast.canConvertToLong() || atLeast.asLong() < 0) {
            throw Rejection.invalid("atLeastRevision", "`atLeastRevision` must be a non-negative integer (a revision a write returned)");
        }
        if (!decisions.awaitRevision(atLeast.asLong(), REVISION_WAIT)) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "this server is at revision " + decisions.revision() + ", below the demanded "
                    + atLeast.asLong() + "; retry shortly or ask another node");
        }
    }
}
