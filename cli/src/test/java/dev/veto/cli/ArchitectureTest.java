package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The parts keep their boundaries (ARCHITECTURE.md): {@code cedar} uses nothing else of ours,
 * {@code engine} never reaches into the server or storage, and so on. Checked on the sources,
 * so a forbidden import fails the build whichever module it is in.
 */
class ArchitectureTest {
    /** Module → the Veto packages its main code must not use. */
    private static final Map<String, Set<String>> FORBIDDEN = Map.of(
            "cedar", Set.of("engine", "ledger", "control", "server", "pep", "cli", "bench"),
            "engine", Set.of("ledger", "control", "server", "pep", "cli", "bench"),
            "ledger", Set.of("cedar", "engine", "control", "server", "pep", "cli", "bench"),
            "control", Set.of("server", "pep", "cli", "bench"),
            "pep", Set.of("control", "server", "cli", "bench"),
            "server", Set.of("cli", "bench"));

    private static final Pattern VETO_REF = Pattern.compile("\\bdev\\.veto\\.(\\w+)");

    @Test
    void modulesUseOnlyWhatTheyMayDependOn() throws IOException {
        Path root = CliRun.root();
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Set<String>> m : FORBIDDEN.entrySet()) {
            Path src = root.resolve(m.getKey()).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    checked++;
                    Matcher mt = VETO_REF.matcher(Files.readString(f));
                    while (mt.find()) {
                        if (m.getValue().contains(mt.group(1))) {
                            violations.add(root.relativize(f) + " uses dev.veto." + mt.group(1));
                        }
                    }
                }
            }
        }
        assertThat(checked).as("source files checked").isGreaterThan(50);
        assertThat(violations).isEmpty();
    }
}
