package dev.veto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The product jar as it is shipped ({@code cli/target/veto.jar}, built in the package phase):
 * small, free of the benchmarks and their dependencies, with one logging binding, and it runs.
 */
class ProductJarIT {
    /**
     * 42 MB: the server and the CLI were 22 MB; the enforcement point's Envoy ext_authz (a gRPC
     * server with netty, protobuf, guava and the ext_authz part of Envoy's API) adds 18.
     */
    static final long MAX_BYTES = 42L * 1024 * 1024;
    /** Entries that belong to the benchmarks only: JMH, the Cedar reference and its native loader, our bench module. */
    static final List<String> BANNED = List.of("org/openjdk/jmh/", "com/cedarpolicy/", "jne/", "com/fizzed/", "dev/veto/bench/",
            "org/slf4j/simple/", "org/slf4j/nop/", "org/slf4j/impl/");

    private static Path jar() {
        Path jar = CliRun.root().resolve("cli/target/veto.jar");
        assertThat(jar).as("the product jar (mvn package builds it)").exists();
        return jar;
    }

    @Test
    void isSmallAndCarriesNothingOfTheBenchmarks() throws IOException {
        Path jar = jar();
        assertThat(Files.size(jar)).as("veto.jar size in bytes").isLessThanOrEqualTo(MAX_BYTES);
        List<String> found = new ArrayList<>();
        boolean logback = false;
        try (JarFile f = new JarFile(jar.toFile())) {
            for (JarEntry e : java.util.Collections.list(f.entries())) {
                for (String banned : BANNED) {
                    if (e.getName().startsWith(banned)) {
                        found.add(e.getName());
                    }
                }
                logback |= e.getName().startsWith("ch/qos/logback/classic/");
            }
        }
        assertThat(found).as("entries that must not ship").isEmpty();
        assertThat(logback).as("the application's logging binding").isTrue();
    }

    /**
     * The shaded jar keeps only the part of Envoy's API ext_authz needs: loading the service's
     * descriptor loads every descriptor it imports, so a package left out fails here.
     */
    @Test
    void carriesWhatEnvoysExtAuthzNeeds() throws Exception {
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar().toUri().toURL()}, null)) {
            Class<?> proto = Class.forName("io.envoyproxy.envoy.service.auth.v3.ExternalAuthProto", true, loader);
            Object descriptor = proto.getMethod("getDescriptor").invoke(null);
            assertThat(descriptor.getClass().getMethod("getName").invoke(descriptor)).isEqualTo("envoy/service/auth/v3/external_auth.proto");
            Class<?> request = Class.forName("io.envoyproxy.envoy.service.auth.v3.CheckRequest", true, loader);
            assertThat(request.getMethod("getDefaultInstance").invoke(null)).isNotNull();
            assertThat(Class.forName("io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder", true, loader)).isNotNull();
        }
    }

    /** What the console's pages load: the shade step keeps only these files of the webjars, and the precompiled templates. */
    @Test
    void carriesTheConsole() throws IOException {
        try (JarFile f = new JarFile(jar().toFile())) {
            for (String e : List.of("META-INF/resources/webjars/htmx.org/2.0.10/dist/htmx.min.js",
                    "META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js", "console/console.css", "console/console.js",
                    "console/verify.js", "dev/veto/server/console/templates/JtelayoutGenerated.class",
                    "dev/veto/server/console/templates/JtetransparencyGenerated.class")) {
                assertThat(f.getEntry(e)).as(e).isNotNull();
            }
        }
    }

    @Test
    void runs() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", jar().toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("veto ");
    }
}
