package dev.veto.server.decision;

import dev.veto.server.http.Json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.cedar.ast.Effect;
import dev.veto.cedar.authz.Decision;
import dev.veto.cedar.authz.PolicyError;
import dev.veto.control.Decisions;
import dev.veto.engine.EngineResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A batch's answer is put together from pre-encoded bytes for the common decision; it must be
 * byte for byte what a JSON generator writes for the same answer, whatever the reasons,
 * annotations, errors, shadow denials and revisions.
 */
class DecisionWriterTest {
    @Test
    void batchAnswersAreWhatTheGeneratorWrites() throws IOException {
        SplittableRandom rnd = new SplittableRandom(5);
        List<EngineResponse.Reason> pool = new ArrayList<>();
        String[] texts = {"baseline", "enf-C-1-p", "", "quote \" and \\ back", "line\nbreak", "ünïcödé", "部署", "😀", "\u0001"};
        for (int i = 0; i < 40; i++) {
            Map<String, String> annotations = new LinkedHashMap<>();
            for (int k = rnd.nextInt(4); k > 0; k--) {
                annotations.put(texts[rnd.nextInt(texts.length)] + k, rnd.nextInt(5) == 0 ? null : texts[rnd.nextInt(texts.length)]);
            }
            pool.add(new EngineResponse.Reason(texts[rnd.nextInt(texts.length)] + i, rnd.nextBoolean() ? Effect.PERMIT : Effect.FORBID, annotations));
        }
        long[] revisions = {0, 1, 9, 10, 142, 999_999, Long.MAX_VALUE, 1L << 40};
        for (int round = 0; round < 300; round++) {
            List<Object> responses = new ArrayList<>();
            int n = rnd.nextInt(round == 0 ? 1 : 2000);
            for (int i = 0; i < n; i++) {
                if (rnd.nextInt(50) == 0) {
                    responses.add(Map.of("error", Map.of("status", 400, "message", texts[rnd.nextInt(texts.length)])));
                    continue;
                }
                List<EngineResponse.Reason> reasons = new ArrayList<>();
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    reasons.add(pool.get(rnd.nextInt(pool.size())));
                }
                List<PolicyError> errors = rnd.nextInt(20) == 0 ? List.of(new PolicyError("p" + i, texts[rnd.nextInt(texts.length)])) : List.of();
                List<EngineResponse.Reason> shadow = rnd.nextInt(20) == 0 ? List.of(pool.get(rnd.nextInt(pool.size()))) : List.of();
                EngineResponse r = new EngineResponse(rnd.nextBoolean() ? Decision.ALLOW : Decision.DENY, reasons, errors,
                        revisions[rnd.nextInt(revisions.length)]);
                responses.add(new Decisions.Decision(r, shadow));
            }
            long revision = revisions[rnd.nextInt(revisions.length)];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DecisionWriter.writeBatch(responses, revision, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(generated(responses, revision));
        }
    }

    /** The answer as a JSON generator writes it, from a tree of the same fields in the same order. */
    private static String generated(List<Object> responses, long revision) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode array = root.putArray("responses");
        for (Object o : responses) {
            if (!(o instanceof Decisions.Decision d)) {
                array.add(Json.MAPPER.valueToTree(o));
                continue;
            }
            ObjectNode e = array.addObject();
            e.put("decision", d.response().isAllowed() ? "allow" : "deny");
            reasons(e.putArray("reasons"), d.response().reasons());
            ArrayNode errors = e.putArray("errors");
            for (PolicyError p : d.response().errors()) {
                errors.addObject().put("policy", p.policyId()).put("message", p.message());
            }
            e.put("revision", d.response().revision());
            if (!d.shadowDenials().isEmpty()) {
                ObjectNode shadow = e.putObject("shadow");
                shadow.put("decision", "deny");
                reasons(shadow.putArray("reasons"), d.shadowDenials());
            }
        }
        root.put("revision", revision);
        return Json.MAPPER.writeValueAsString(root);
    }

    private static void reasons(ArrayNode out, List<EngineResponse.Reason> reasons) {
        for (EngineResponse.Reason x : reasons) {
            ObjectNode r = out.addObject().put("policy", x.policyId()).put("effect", x.effect().keyword());
            ObjectNode a = r.putObject("annotations");
            x.annotations().forEach((k, v) -> {
                if (v != null) {
                    a.put(k, v);
                }
            });
        }
    }
}
