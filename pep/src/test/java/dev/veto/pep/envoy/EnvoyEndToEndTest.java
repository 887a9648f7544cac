package dev.veto.pep.envoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.veto.cedar.entity.Entity;
import dev.veto.cedar.parser.PolicyParser;
import dev.veto.cedar.value.EntityUid;
import dev.veto.engine.Change;
import dev.veto.engine.Engine;
import dev.veto.engine.EngineResponse;
import dev.veto.pep.Authorizer;
import dev.veto.pep.PepDecision;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Envoy's side of ext_authz played by a client that is not ours: {@code src/test/node/client.js}
 * on {@code @grpc/grpc-js}, with the request and response types loaded by {@code @grpc/proto-loader}
 * from the .proto files Envoy publishes (shipped in the envoy api jar and its dependencies'), against
 * an {@link ExtAuthzServer} deciding on a real {@link Engine}.
 *
 * <p>Needs {@code node} and {@code npm} on the PATH; the npm packages are installed once under
 * {@code target/node} and reused. Without them the test fails, saying what is missing: a skipped
 * interoperability test would hide a broken one.
 */
class EnvoyEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PACKAGES = List.of("@grpc/grpc-js@^1.14", "@grpc/proto-loader@^0.8");
    private static final Path BASE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    private static final Path TARGET = BASE.resolve("target");
    private static final Path NODE_HOME = TARGET.resolve("node");
    private static final Path PROTOS = TARGET.resolve("envoy-protos");
    private static final Path CLIENT = BASE.resolve("src/test/node/client.js");

    private static Path node;

    @BeforeAll
    static void nodeAndProtos() throws Exception {
        node = onPath("node");
        installPackages();
        extractProtos();
    }

    // ---- the platform: a real engine with an enforcement ----

    private static final EntityUid UNIT = EntityUid.of("Unit", "mx/u42");

    private static Engine engine() {
        Engine engine = new Engine();
        engine.apply(List.of(
                new Change.PutEntity(Entity.of(UNIT, Map.of(), Set.of(), Map.of())),
                new Change.PutEntity(Entity.of(EntityUid.of("User", "mallory"), Map.of(), Set.of(UNIT), Map.of())),
                new Change.PutEntity(Entity.of(EntityUid.of("User", "alice"), Map.of(), Set.of(), Map.of())),
                policy("baseline", "permit (principal, action, resource);"),
                policy("enf-1", """
                        @case("C-0001") @notice("N-0001-1")
                        forbid (principal in Unit::"mx/u42", action, resource);
                        """),
                policy("enf-2", """
                        @case("C-0002") @notice("N-0002-1")
                        forbid (principal, action == Action::"storage:DeleteObject", resource == Bucket::"legal hold")
                        when { context.method == "DELETE" && context.host == "storage.example" };
                        """)));
        return engine;
    }

    private static Change.PutPolicy policy(String id, String text) {
        return new Change.PutPolicy(id, PolicyParser.parsePolicy(text, id));
    }

    private static Authorizer decidingOn(Engine engine) {
        return request -> {
            EngineResponse r = engine.authorize(request);
            List<PepDecision.Reason> reasons = r.reasons().stream().map(x -> new PepDecision.Reason(x.policyId(), x.annotations())).toList();
            return new PepDecision(r.isAllowed(), reasons, r.revision(), PepDecision.Basis.CURRENT);
        };
    }

    // ---- the requests Envoy would send ----

    private static Map<String, Object> check(String method, String path, Map<String, String> headers, Map<String, String> ext) {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("id", "req-" + method + path.hashCode());
        http.put("method", method);
        http.put("path", path);
        http.put("host", "storage.example");
        http.put("headers", headers);
        return Map.of("attributes", Map.of("request", Map.of("http", http), "context_extensions", ext));
    }

    private static Map<String, String> bucketRoute() {
        Map<String, String> ext = new HashMap<>();
        ext.put("veto_service", "storage");
        ext.put("veto_action_GET", "GetObject");
        ext.put("veto_action_DELETE", "DeleteObject");
        ext.put("veto_resource_type", "Bucket");
        ext.put("veto_resource_segment", "1");
        return ext;
    }

    private static Map<String, Object> kase(String name, int port, Map<String, Object> request) {
        return Map.of("name", name, "port", port, "request", request);
    }

    @Test
    void envoysOwnProtocolFromANodeClient() throws Exception {
        Engine engine = engine();
        try (ExtAuthzServer live = ExtAuthzServer.start(0, decidingOn(engine), new EnvoyMapping());
                ExtAuthzServer stale = ExtAuthzServer.start(0,
                        request -> new PepDecision(false, List.of(), 9, PepDecision.Basis.FAIL_CLOSED), new EnvoyMapping())) {
            Map<String, String> alice = Map.of("x-veto-principal", "alice", "accept", "*/*");
            Map<String, String> mallory = Map.of("x-veto-principal", "mallory");
            Map<String, String> noType = bucketRoute();
            noType.remove("veto_resource_type");
            List<Map<String, Object>> cases = List.of(
                    kase("allow", live.port(), check("GET", "/buckets/b-1/objects/k?versionId=3", alice, bucketRoute())),
                    kase("deny", live.port(), check("GET", "/buckets/b-1/objects/k", mallory, bucketRoute())),
                    kase("context", live.port(), check("DELETE", "/buckets/legal%20hold/objects/k", alice, bucketRoute())),
                    kase("no-resource-type", live.port(), check("GET", "/buckets/b-1", alice, noType)),
                    kase("no-principal", live.port(), check("GET", "/buckets/b-1", Map.of(), bucketRoute())),
                    kase("fail-closed", stale.port(), check("GET", "/buckets/b-1", alice, bucketRoute())));

            Map<String, JsonNode> out = run(cases);

            JsonNode allow = out.get("allow");
            assertThat(allow.get("grpc").asString()).isEqualTo("OK");
            assertThat(allow.get("status").asInt()).isZero();
            assertThat(allow.get("outcome").asString()).isEqualTo("ok_response");
            assertThat(allow.at("/headers/x-veto-revision").asString()).isEqualTo(Long.toString(engine.snapshot().revision()));

            JsonNode deny = out.get("deny");
            assertThat(deny.get("status").asInt()).isEqualTo(7);
            assertThat(deny.get("http_status").asInt()).isEqualTo(403);
            assertThat(deny.at("/headers/x-veto-case").asString()).isEqualTo("C-0001");
            assertThat(deny.at("/headers/x-veto-notice").asString()).isEqualTo("N-0001-1");
            assertThat(deny.at("/headers/content-type").asString()).isEqualTo("application/json");
            JsonNode body = JSON.readTree(deny.get("body").asString());
            assertThat(body.get("decision").asString()).isEqualTo("deny");
            assertThat(body.get("case").asString()).isEqualTo("C-0001");
            assertThat(body.get("notice").asString()).isEqualTo("N-0001-1");
            assertThat(body.get("policy").asString()).isEqualTo("enf-1");
            assertThat(body.get("basis").asString()).isEqualTo("current");
            assertThat(body.get("revision").asLong()).isEqualTo(engine.snapshot().revision());

            // the percent-decoded bucket, the per-method action and the context all reached the policy
            JsonNode context = out.get("context");
            assertThat(context.get("http_status").asInt()).isEqualTo(403);
            assertThat(context.at("/headers/x-veto-case").asString()).isEqualTo("C-0002");

            for (String name : List.of("no-resource-type", "no-principal")) {
                JsonNode r = out.get(name);
                assertThat(r.get("status").asInt()).as(name).isEqualTo(3);
                assertThat(r.get("http_status").asInt()).as(name).isEqualTo(400);
                JsonNode error = JSON.readTree(r.get("body").asString()).get("error");
                assertThat(error.get("status").asInt()).isEqualTo(400);
                assertThat(error.get("code").asString()).isEqualTo("invalid");
                assertThat(error.get("field").asString()).isEqualTo(name.equals("no-principal") ? "principal" : "resource");
                assertThat(error.get("message").asString()).contains(name.equals("no-principal") ? "x-veto-principal" : "veto_resource_type");
            }

            JsonNode failClosed = out.get("fail-closed");
            assertThat(failClosed.get("http_status").asInt()).isEqualTo(403);
            assertThat(failClosed.at("/headers/x-veto-fail-mode").asString()).isEqualTo("closed");
            assertThat(JSON.readTree(failClosed.get("body").asString()).get("basis").asString()).isEqualTo("fail-closed");
        }
    }

    /** Runs the node client on {@code cases}; its answers by case name. */
    private static Map<String, JsonNode> run(List<Map<String, Object>> cases) throws Exception {
        Path stdout = TARGET.resolve("node-client.out");
        Path stderr = TARGET.resolve("node-client.err");
        ProcessBuilder pb = new ProcessBuilder(node.toString(), CLIENT.toString(), PROTOS.toString())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        pb.environment().put("NODE_PATH", NODE_HOME.resolve("node_modules").toString());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(cases));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the node client did not finish within 60 s; its stderr:\n" + Files.readString(stderr));
        }
        if (p.exitValue() != 0) {
            fail("the node client exited " + p.exitValue() + "; its stderr:\n" + Files.readString(stderr));
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode answer : JSON.readTree(Files.readString(stdout))) {
            byName.put(answer.get("name").asString(), answer);
        }
        assertThat(byName).as("answers of the node client").hasSize(cases.size());
        return byName;
    }

    // ---- the toolchain: node, the npm packages, the .proto files ----

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return fail("`" + command + "` is not on the PATH: this test needs Node.js 18 or newer with npm"
                + " (Debian: apt-get install nodejs npm)");
    }

    /** Installs the npm packages under target/node unless an earlier run did. */
    private static void installPackages() throws Exception {
        Path modules = NODE_HOME.resolve("node_modules");
        if (Files.isRegularFile(modules.resolve("@grpc/grpc-js/package.json"))
                && Files.isRegularFile(modules.resolve("@grpc/proto-loader/package.json"))) {
            return;
        }
        Files.createDirectories(NODE_HOME);
        List<String> command = new ArrayList<>(List.of(onPath("npm").toString(), "install", "--no-save", "--no-package-lock",
                "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", "--prefix", NODE_HOME.toString()));
        command.addAll(PACKAGES);
        Path log = TARGET.resolve("npm-install.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("`npm install " + String.join(" ", PACKAGES) + "` did not finish within 180 s (is the npm registry reachable?); its log:\n"
                    + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            fail("`npm install " + String.join(" ", PACKAGES) + "` failed (exit " + p.exitValue()
                    + "; is the npm registry reachable?); its log:\n" + Files.readString(log));
        }
    }

    /**
     * Extracts every .proto file of every jar on the test classpath into target/envoy-protos, the
     * first jar holding a path winning: Envoy's imports span the api jar ({@code envoy/},
     * {@code udpa/}, {@code xds/}, {@code validate/}, {@code google/rpc/}), protobuf-java
     * ({@code google/protobuf/}) and the common protos.
     */
    private static void extractProtos() throws IOException {
        if (Files.exists(PROTOS)) {
            try (Stream<Path> all = Files.walk(PROTOS)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(PROTOS);
        for (Path jar : classpathJars()) {
            try (JarFile jf = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> en = jf.entries(); en.hasMoreElements();) {
                    JarEntry e = en.nextElement();
                    Path to = PROTOS.resolve(e.getName()).normalize();
                    if (e.isDirectory() || !e.getName().endsWith(".proto") || !to.startsWith(PROTOS) || Files.exists(to)) {
                        continue;
                    }
                    Files.createDirectories(to.getParent());
                    try (InputStream in = jf.getInputStream(e)) {
                        Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        assertThat(PROTOS.resolve("envoy/service/auth/v3/external_auth.proto")).as("Envoy's ext_authz .proto").exists();
        assertThat(PROTOS.resolve("google/protobuf/struct.proto")).as("protobuf's well-known types").exists();
    }

    /**
     * The jars on the classpath, found through their manifests: surefire may put a single
     * manifest-only jar on {@code java.class.path}, but the class loader sees them all.
     */
    private static Set<Path> classpathJars() throws IOException {
        Set<Path> jars = new LinkedHashSet<>();
        Enumeration<URL> manifests = EnvoyEndToEndTest.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            URL url = manifests.nextElement();
            if (url.getProtocol().equals("jar")) {
                try {
                    jars.add(Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI()));
                } catch (java.net.URISyntaxException e) {
                    throw new UncheckedIOException(new IOException("cannot read the classpath entry " + url, e));
                }
            }
        }
        assertThat(jars).as("jars on the classpath").isNotEmpty();
        return jars;
    }
}
