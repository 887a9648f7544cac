package dev.veto.server;

import static dev.veto.server.Platform.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Reviewers take cases from the queue: one holder per case, the oldest first, recorded in the log. */
class CaseAssignmentTest {
    @TempDir
    Path dir;

    @Test
    void reviewersTakeCasesOneHolderEach() throws Exception {
        try (Platform p = new Platform(dir)) {
            String ravi = p.token("reviewer", "ravi", null);
            p.refused(p.api.post("/v1/queue/next", p.t("rita"), ""), 404, "no open case is waiting", p.revision());
            String first = p.openCase("mx/u42");
            String second = p.openCase("mx/u41");
            JsonNode took = ok(p.api.post("/v1/queue/next", p.t("rita"), ""));
            assertThat(took.get("case").asString()).isEqualTo(first);
            assertThat(took.get("assignee").asString()).isEqualTo("rita");
            long r = p.revision();
            p.refused(p.api.post("/v1/cases/" + first + "/assignee", ravi, ""), 409, "is taken by rita", r);
            p.refused(p.api.post("/v1/cases/" + first + "/assignee", p.t("rita"), ""), 409, "is yours already", r);
            p.refused(p.api.post("/v1/cases/" + first + "/assignee", p.t("anna"), ""), 403, "", r);
            p.refused(p.api.post("/v1/cases/" + first + "/assignee", p.t("mx-legal"), ""), 403, "", r);
            p.refused(p.api.post("/v1/cases/C-0099/assignee", ravi, ""), 404, "no case", r);
            assertThat(ok(p.api.post("/v1/queue/next", ravi, "")).get("case").asString()).isEqualTo(second);
            p.refused(p.api.post("/v1/queue/next", ravi, ""), 404, "no open case is waiting", p.revision());
            JsonNode view = ok(p.api.get("/v1/cases/" + first, p.t("audrey")));
            assertThat(view.get("assignee").asString()).isEqualTo("rita");
            assertThat(view.get("timeline").findValuesAsString("type")).contains("case.assigned");
            // the customer's view names no reviewer holding its case
            assertThat(ok(p.api.get("/v1/cases/" + first, p.t("mx-legal"))).has("assignee")).isFalse();
        }
    }
}
