package dev.veto.bench.workload;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.json.CedarJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a workload as Cedar files: {@code policies.cedar}, {@code entities.json} (Cedar entities
 * JSON, one entity a line) and {@code requests.jsonl} (one request a line, with its slice under
 * {@code entities}). The same seed and counts write the same bytes.
 *
 * <pre>
 * scripts/bench --main dev.veto.bench.workload.WorkloadFiles --scale 0.01 [--seed 1] [--requests 1000] [--out DIR]
 * </pre>
 * Without {@code --out} it prints the counts, the generation time and the heap in use.
 */
public final class WorkloadFiles {
    private static final JsonMapper JSON = CedarJson.mapper();

    private WorkloadFiles() {}

    public static void writePolicies(PlatformWorkload w, Writer out) throws IOException {
        out.write(w.policyText());
    }

    /** A JSON array of the stored entities, one a line. */
    public static void writeEntities(PlatformWorkload w, Writer out) throws IOException {
        out.write("[\n");
        Iterator<Entity> it = w.entities().iterator();
        while (it.hasNext()) {
            out.write(JSON.writeValueAsString(CedarJson.toJson(it.next())));
            out.write(it.hasNext() ? ",\n" : "\n");
        }
        out.write("]\n");
    }

    /** Requests {@code 0 … n-1}, one JSON object a line, in the shape of {@code POST /v1/authorize}. */
    public static void writeRequests(PlatformWorkload w, int n, Writer out) throws IOException {
        for (int i = 0; i < n; i++) {
            out.write(JSON.writeValueAsString(requestJson(w.request(i))));
            out.write('\n');
        }
    }

    public static ObjectNode requestJson(WorkloadRequest r) {
        ObjectNode o = JSON.createObjectNode();
        o.set("principal", CedarJson.uidJson(r.request().principal()));
        o.set("action", CedarJson.uidJson(r.request().action()));
        o.set("resource", CedarJson.uidJson(r.request().resource()));
        o.set("context", CedarJson.toJson(r.request().context()));
        ArrayNode entities = o.putArray("entities");
        r.slice().forEach(e -> entities.add(CedarJson.toJson(e)));
        return o;
    }

    /** Writes the three files into {@code dir}. */
    public static void write(PlatformWorkload w, int requests, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Writer out = writer(dir.resolve("policies.cedar"))) {
            writePolicies(w, out);
        }
        try (Writer out = writer(dir.resolve("entities.json"))) {
            writeEntities(w, out);
        }
        try (Writer out = writer(dir.resolve("requests.jsonl"))) {
            writeRequests(w, requests, out);
        }
    }

    private static BufferedWriter writer(Path p) throws IOException {
        return Files.newBufferedWriter(p, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        long seed = 1;
        double scale = 0.01;
        int requests = 1000;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option `" + args[i]
                        + "`; expected --seed N --scale S --requests N --out DIR");
            }
        }
        long t0 = System.nanoTime();
        PlatformWorkload w = PlatformWorkload.generate(seed, scale);
        long t1 = System.nanoTime();
        System.out.println(String.format(Locale.ROOT, "generated %s (seed %d) in %.0f ms; %d stored entities, %d policies; heap in use %d MB",
                w.counts(), seed, (t1 - t0) / 1e6, w.counts().storedEntities(), w.policies().size(), usedHeapMb()));
        if (out != null) {
            try {
                write(w, requests, out);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            System.out.println(String.format(Locale.ROOT, "wrote %s in %.0f ms", out, (System.nanoTime() - t1) / 1e6));
        }
    }

    static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }
}
