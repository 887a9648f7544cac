package dev.veto.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ledger depends on no other Veto module (the architecture keeps engine and server out). */
class BoundariesTest {
    private static final Pattern IMPORT = Pattern.compile("^import (static )?(dev\\.veto\\.[a-z]+)", Pattern.MULTILINE);

    @Test
    void importsNothingOfOursButTheLedger() throws IOException {
        Path root = Path.of(System.getenv().getOrDefault("VETO_PROJECT_ROOT", "..")).resolve("ledger/src/main/java");
        if (!Files.isDirectory(root)) {
            root = Path.of("src/main/java");
        }
        List<Path> sources;
        try (Stream<Path> s = Files.walk(root)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).isNotEmpty();
        for (Path p : sources) {
            Matcher m = IMPORT.matcher(Files.readString(p));
            while (m.find()) {
                assertThat(m.group(2)).as("import in %s", p).isEqualTo("dev.veto.ledger");
            }
        }
    }
}
