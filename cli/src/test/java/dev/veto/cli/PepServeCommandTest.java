package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veto.ledger.note.SignerKey;
import org.junit.jupiter.api.Test;

/** {@code veto pep serve} refuses bad settings in one line naming its own option, before it starts anything. */
class PepServeCommandTest {
    static final String KEY = key();

    private static String key() {
        try {
            return SignerKey.generate("test.veto.local/log").verifier().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void refused(String option, String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: " + option).doesNotContain("Exception").doesNotContain("dev.veto.");
    }

    @Test
    void eachBadSettingIsNamedAsTheCommandSpellsIt() {
        refused("--upstream:", "pep", "serve", "--upstream", "not a url", "--id", "p1", "--token", "t", "--log-key", KEY);
        refused("--upstream:", "pep", "serve", "--upstream", "ftp://veto.internal", "--id", "p1", "--token", "t", "--log-key", KEY);
        refused("--log-key:", "pep", "serve", "--upstream", "http://127.0.0.1:1", "--id", "p1", "--token", "t", "--log-key", "nonsense");
        refused("--id:", "pep", "serve", "--upstream", "http://127.0.0.1:1", "--id", "no spaces", "--token", "t", "--log-key", KEY);
        refused("--fail-mode:", "pep", "serve", "--upstream", "http://127.0.0.1:1", "--id", "p1", "--token", "t", "--log-key", KEY,
                "--fail-mode", "sometimes");
        refused("--stale-after:", "pep", "serve", "--upstream", "http://127.0.0.1:1", "--id", "p1", "--token", "t", "--log-key", KEY,
                "--stale-after", "5x");
        refused("--quorum:", "pep", "serve", "--upstream", "http://127.0.0.1:1", "--id", "p1", "--token", "t", "--log-key", KEY,
                "--quorum", "2");
    }

    @Test
    void theBenchmarkRefusesSizesOutsideItsRange() {
        CliRun r = CliRun.of("bench", "propagation", "--peps", "0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: --peps: 1 to 10000, got 0");
        assertThat(CliRun.of("bench", "propagation", "--scale", "-1").err()).startsWith("error: --scale:");
    }
}
