package dev.veto.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.control.CaseStatus;
import dev.veto.control.Event;
import dev.veto.control.Views;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue's filters, search, counts and pages. */
class QueueTest {
    static List<Views.CaseSummary> cases(int n) {
        List<Views.CaseSummary> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CaseStatus status = CaseStatus.values()[i % 4];
            String assignee = i % 3 == 0 ? "rita" : null;
            String id = String.format("C-%04d", i + 1);
            String unit = "o" + (i % 7) + "/u" + i;
            out.add(new Views.CaseSummary(id, status, new Event.Ref("Unit", unit), "o" + (i % 7), "no-mass-surveillance", "Bulk Calls " + i,
                    "rita", Instant.EPOCH, assignee, 1, 0, 0, String.join("\n", id, "Bulk Calls " + i, "o" + (i % 7), "no-mass-surveillance", unit,
                    "rita", assignee == null ? "" : assignee).toLowerCase()));
        }
        return out;
    }

    @Test
    void filtersSearchesCountsAndPages() {
        List<Views.CaseSummary> all = cases(230);
        Queue q = Queue.of(all, "", "", null, null, 50);
        assertThat(q.total()).isEqualTo(230);
        assertThat(q.counts().get(CaseStatus.OPEN)).isEqualTo(58);
        assertThat(q.pages()).isEqualTo(5);
        assertThat(q.cases()).hasSize(50).first().extracting(Views.CaseSummary::id).isEqualTo("C-0001");
        assertThat(Queue.of(all, "", "", null, "5", 50).cases()).hasSize(30);
        assertThat(Queue.of(all, "", "", null, "999", 50).page()).as("beyond the last page: the last").isEqualTo(5);
        assertThat(Queue.of(all, "", "", null, "abc", 50).page()).as("not a number: the first").isEqualTo(1);
        assertThat(Queue.of(all, "", "", null, "-3", 50).page()).isEqualTo(1);
        Queue open = Queue.of(all, "open", "", null, null, 50);
        assertThat(open.matching()).isEqualTo(58);
        assertThat(open.cases()).allMatch(c -> c.status() == CaseStatus.OPEN);
        assertThat(open.counts().get(CaseStatus.CLOSED)).as("counts are before the filters").isEqualTo(57);
        Queue search = Queue.of(all, "", "BULK CALLS 12", null, null, 50);
        assertThat(search.cases()).extracting(Views.CaseSummary::id).containsExactly("C-0013", "C-0121", "C-0122", "C-0123", "C-0124",
                "C-0125", "C-0126", "C-0127", "C-0128", "C-0129", "C-0130");
        Queue mine = Queue.of(all, "", "", "rita", null, 50);
        assertThat(mine.matching()).isEqualTo(77);
        assertThat(mine.link(2)).isEqualTo("/console/cases?status=&q=&assignee=me&page=2");
        assertThat(Queue.of(all, "nonsense", "", null, null, 50).status()).as("an unknown status shows every case").isEmpty();
        assertThat(Queue.of(all, "", "a&b=c", null, null, 50).filter("open")).isEqualTo("/console/cases?status=open&q=a%26b%3Dc");
    }
}
