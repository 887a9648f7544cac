package dev.veto.cedar.conformance;

import dev.veto.cedar.json.JsonPath;
import dev.veto.cedar.ast.Request;
import dev.veto.cedar.authz.Authorizer;
import dev.veto.cedar.authz.PolicyError;
import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.authz.Response;
import dev.veto.cedar.entity.Entities;
import dev.veto.cedar.entity.EntitySource;
import dev.veto.cedar.json.CedarJson;
import dev.veto.cedar.schema.Schema;
import dev.veto.cedar.validation.ValidationResult;
import dev.veto.cedar.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Runs Cedar integration-test files: each names a policy file, an entities file, a schema and a
 * list of requests with the expected decision, reason set and error set (policy ids). A request
 * passes when all three equal what our authorizer answers. {@link #validate} checks the other
 * expectation a test file carries: whether strict validation of its policies should pass.
 */
public final class ConformanceRunner {

    /** How a request is decided; the plain authorizer by default, the indexed engine elsewhere. */
    public interface Decider {
        Response decide(Request request, PolicySet policies, EntitySource entities);
    }

    /** One request that did not give the expected answer (or a file that could not be loaded). */
    public record Failure(Path file, String description, String expected, String got) {
        @Override
        public String toString() {
            return file + ": " + description + "\n    expected: " + expected + "\n    got:      " + got;
        }
    }

    public record Result(int passed, List<Failure> failures) {
        public int failed() {
            return failures.size();
        }

        /** Exactly {@code N passed, M failed}. */
        public String summary() {
            return passed + " passed, " + failed() + " failed";
        }
    }

    private final Path root;
    private final Decider decider;
    private final Map<Path, Schema> schemas = new HashMap<>();
    private final Map<Path, Validator> validators = new HashMap<>();

    public ConformanceRunner(Path root, Decider decider) {
        this.root = root;
        this.decider = decider;
    }

    public ConformanceRunner(Path root) {
        this(root, Authorizer::isAuthorized);
    }

    /** Every test file under {@code root}: JSON files that name {@code policies} and {@code requests}. */
    public List<Path> discover() {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().endsWith(".entities.json"))
                    .filter(p -> !p.getFileName().toString().equals("entities.json"))
                    .filter(p -> !p.getFileName().toString().endsWith(".cedarschema.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    public Result run(List<Path> files) {
        int passed = 0;
        List<Failure> failures = new ArrayList<>();
        for (Path f : files) {
            FileResult r = runFile(f);
            passed += r.passed;
            failures.addAll(r.failures);
        }
        return new Result(passed, failures);
    }

    private record FileResult(int passed, List<Failure> failures) {}

    /** One request of a test file with the answer Cedar expects. */
    public record Case(String description, Request request, String expected) {}

    /** A loaded test file: its policies, entities, schema (or null) and requests. */
    public record TestFile(Path file, PolicySet policies, Entities entities, Schema schema, List<Case> cases) {}

    /**
     * Loads a test file; null when the JSON file is not a test (it names no policies or requests).
     *
     * @throws IOException when a file it names cannot be read
     * @throws RuntimeException when a policy, schema, entity or request does not parse
     */
    public TestFile load(Path file) throws IOException {
        JsonNode test = CedarJson.readTree(Files.readString(file), file.toString());
        if (!test.has("policies") || !test.has("requests")) {
            return null;
        }
        Schema schema = test.hasNonNull("schema") ? schema(resolve(test.get("schema").asString())) : null;
        Path pf = resolve(test.get("policies").asString());
        PolicySet policies = PolicySet.parse(Files.readString(pf), pf.toString());
        Path ef = resolve(test.get("entities").asString());
        Entities entities = Entities.of(CedarJson.parseEntities(Files.readString(ef), ef.toString(), schema));
        JsonNode requests = test.get("requests");
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            JsonNode r = requests.get(i);
            Request req = CedarJson.parseRequest(r, new JsonPath(file.toString()).key("requests").index(i), schema);
            cases.add(new Case(r.path("description").asString("request " + i), req,
                    expectation(r.path("decision").asString(""), ids(r.get("reason")), ids(r.get("errors")))));
        }
        return new TestFile(file, policies, entities, schema, cases);
    }

    private FileResult runFile(Path file) {
        TestFile test;
        try {
            test = load(file);
        } catch (IOException | RuntimeException e) {
            return new FileResult(0, List.of(new Failure(file, "(whole file)", "test loads", message(e))));
        }
        if (test == null) {
            return new FileResult(0, List.of());
        }
        int passed = 0;
        List<Failure> failures = new ArrayList<>();
        for (Case c : test.cases()) {
            String got;
            try {
                Response resp = decider.decide(c.request(), test.policies(), test.entities());
                got = expectation(resp.decision().name().toLowerCase(Locale.ROOT), new TreeSet<>(resp.reasonIds()),
                        new TreeSet<>(resp.errors().stream().map(PolicyError::policyId).toList()));
                if (got.equals(c.expected())) {
                    passed++;
                    continue;
                }
                if (!resp.errors().isEmpty()) {
                    got += " " + resp.errors();
                }
            } catch (RuntimeException e) {
                got = message(e);
            }
            failures.add(new Failure(file, c.description(), c.expected(), got));
        }
        return new FileResult(passed, failures);
    }

    /**
     * Validates each test file's policies against its schema and compares the verdict with the
     * file's {@code shouldValidate}: one test per file that names both. The failure lists what
     * the validator reported.
     */
    public Result validate(List<Path> files) {
        int passed = 0;
        List<Failure> failures = new ArrayList<>();
        for (Path f : files) {
            String got;
            boolean expected;
            try {
                JsonNode test = CedarJson.readTree(Files.readString(f), f.toString());
                if (!test.has("policies") || !test.hasNonNull("schema") || !test.has("shouldValidate")) {
                    continue;
                }
                expected = test.get("shouldValidate").asBoolean();
                Path pf = resolve(test.get("policies").asString());
                PolicySet policies = PolicySet.parse(Files.readString(pf), pf.toString());
                ValidationResult r = validator(resolve(test.get("schema").asString())).validate(policies);
                if (r.passed() == expected) {
                    passed++;
                    continue;
                }
                got = r.passed() ? "passes" : "fails: " + r.errors();
            } catch (IOException | RuntimeException e) {
                expected = true;
                got = message(e);
            }
            failures.add(new Failure(f, "validation", expected ? "passes" : "fails", got));
        }
        return new Result(passed, failures);
    }

    private Validator validator(Path schema) throws IOException {
        Validator v = validators.get(schema);
        if (v == null) {
            v = Validator.forSchema(schema(schema));
            validators.put(schema, v);
        }
        return v;
    }

    private static TreeSet<String> ids(JsonNode list) {
        TreeSet<String> out = new TreeSet<>();
        if (list != null) {
            for (JsonNode n : list) {
                // error entries are policy ids, or objects naming one, depending on the corpus version
                out.add(n.isObject() ? n.path("policyId").asString(n.path("policy_id").asString("")) : n.asString());
            }
        }
        return out;
    }

    private static String expectation(String decision, TreeSet<String> reasons, TreeSet<String> errors) {
        return decision + " reasons=" + reasons + " errors=" + errors;
    }

    private Path resolve(String relative) {
        return root.resolve(relative).normalize();
    }

    private Schema schema(Path p) throws IOException {
        Schema s = schemas.get(p);
        if (s == null) {
            String text = Files.readString(p);
            s = p.toString().endsWith(".json") ? Schema.parseJson(text, p.toString()) : Schema.parseCedar(text, p.toString());
            schemas.put(p, s);
        }
        return s;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m.lines().findFirst().orElse(m);
    }
}
