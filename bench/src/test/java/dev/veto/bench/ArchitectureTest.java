package dev.veto.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts keep the boundaries of ARCHITECTURE.md, checked on every module's compiled classes
 * (the one place these rules live; this module is the one that sees every other):
 * <ul>
 *   <li>the dependency order: {@code cedar} and {@code ledger} use nothing else of ours,
 *       {@code engine} only {@code cedar}, {@code control} those three, {@code server} those and
 *       {@code control}, {@code pep} those four (of {@code control} only the replica's parts);
 *       nothing uses {@code cli}, and nothing uses {@code bench} (so the product
 *       never reaches the benchmarks);
 *   <li>every class lives in its own module's packages ({@code dev.veto.<module>…}), so no
 *       module can reach into another's package-private parts;
 *   <li>no cycles between packages.
 * </ul>
 */
@AnalyzeClasses(packages = "dev.veto", importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {
    /** The parts of control an enforcement point's replica runs. */
    /** Test jars another module shares with this one's tests (cedar's, with its generators): tests, not the product. */
    public static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    static final List<String> REPLICA_PARTS = List.of("Decisions", "EngineEffects", "Event", "EventCodec");
    static final List<String> MODULES = List.of("cedar", "engine", "ledger", "control", "server", "pep", "cli", "bench");

    @ArchTest
    static final ArchRule modulesDependInTheirOrder = layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("dev.veto..")
            .layer("cedar").definedBy("dev.veto.cedar..")
            .layer("engine").definedBy("dev.veto.engine..")
            .layer("ledger").definedBy("dev.veto.ledger..")
            .layer("control").definedBy("dev.veto.control..")
            .layer("server").definedBy("dev.veto.server..")
            .layer("pep").definedBy("dev.veto.pep..")
            .layer("cli").definedBy("dev.veto.cli..")
            .layer("bench").definedBy("dev.veto.bench..")
            .whereLayer("cedar").mayOnlyBeAccessedByLayers("engine", "control", "server", "pep", "cli", "bench")
            .whereLayer("engine").mayOnlyBeAccessedByLayers("control", "server", "pep", "cli", "bench")
            .whereLayer("ledger").mayOnlyBeAccessedByLayers("control", "server", "pep", "cli", "bench")
            .whereLayer("control").mayOnlyBeAccessedByLayers("server", "pep", "cli", "bench")
            .whereLayer("server").mayOnlyBeAccessedByLayers("cli", "bench")
            .whereLayer("pep").mayOnlyBeAccessedByLayers("cli", "bench")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("bench").mayNotBeAccessedByAnyLayer();

    /**
     * An enforcement point runs the server's own code on the log's events, and nothing else of
     * the governance domain: the events and their codec, what they do to the engine, and the
     * decision path's guards. Never the control plane, its commands, views or storage.
     */
    @ArchTest
    static final ArchRule theEnforcementPointUsesOnlyTheReplicaPartsOfControl = classes().that().resideInAPackage("dev.veto.pep..")
            .should().onlyDependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("outside control, or control's replica parts",
                    (JavaClass c) -> !c.getPackageName().startsWith("dev.veto.control") || REPLICA_PARTS.stream().anyMatch(
                            p -> c.getName().equals("dev.veto.control." + p) || c.getName().startsWith("dev.veto.control." + p + "$"))));

    @ArchTest
    static final ArchRule everyClassLivesInItsOwnModulesPackages = classes().that().resideInAPackage("dev.veto..")
            .should(liveInTheirModulesPackages());

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("dev.veto.(**)").should().beFreeOfCycles();

    /** Where a class was compiled from names its module: {@code cedar/target/classes/…} or {@code veto-cedar-….jar}. */
    private static final Pattern MODULE = Pattern.compile("(?:/(" + String.join("|", MODULES) + ")/target/|/veto-(" + String.join("|", MODULES) + ")-[^/]*\\.jar)");

    private static ArchCondition<JavaClass> liveInTheirModulesPackages() {
        return new ArchCondition<>("live in their module's packages (dev.veto.<module>…)") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String where = c.getSource().map(s -> s.getUri().toString()).orElse("");
                Matcher m = MODULE.matcher(where);
                if (!m.find()) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " comes from " + where + ", no module of ours"));
                    return;
                }
                String module = m.group(1) != null ? m.group(1) : m.group(2);
                String pkg = c.getPackageName();
                boolean own = pkg.equals("dev.veto." + module) || pkg.startsWith("dev.veto." + module + ".");
                events.add(new SimpleConditionEvent(c, own, c.getName() + " is compiled in module " + module
                        + (own ? "" : " but lives in package " + pkg + " of another")));
            }
        };
    }
}
