package dev.veto.ledger;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared conformance data lives: $VETO_CONFORMANCE_DIR, else ../shared/conformance of the project root. */
public final class Conformance {
    private Conformance() {}

    public static Path dir() {
        String explicit = System.getenv("VETO_CONFORMANCE_DIR");
        Path dir;
        if (explicit != null && !explicit.isBlank()) {
            dir = Path.of(explicit);
        } else {
            String root = System.getenv("VETO_PROJECT_ROOT");
            if (root == null || root.isBlank()) {
                throw new IllegalStateException("neither VETO_CONFORMANCE_DIR nor VETO_PROJECT_ROOT is set");
            }
            dir = Path.of(root).resolve("../shared/conformance").normalize();
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("conformance data not found at \"" + dir + "\"");
        }
        return dir;
    }
}
