package dev.veto.cedar.validation;

import dev.veto.cedar.authz.PolicySet;
import dev.veto.cedar.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How long validating a platform's whole policy set takes: 11,000 enforcement {@code forbid}s
 * (a unit, one to three service groups, a context condition, half with an export window) and one
 * access policy, against a schema of 10 entity types and 100 actions. Validation runs on every
 * policy write, so the whole set must validate well within a second.
 *
 * <p>Not a unit test (timing on a shared machine is no assertion). Run it by hand after
 * {@code mvn -o -q test-compile -pl cedar}:
 * <pre>
 * java -cp cedar/target/classes:cedar/target/test-classes dev.veto.cedar.validation.ValidatorSpeed [FORBIDS [ROUNDS]]
 * </pre>
 * Measured on the project's 2-core machine (JDK 25, other builds idle): the first round, in a
 * fresh JVM, 330-350 ms (about 290 ms of CPU); warm, 45-50 ms. Parsing the text once took
 * 265 ms more. With the machine saturated by other builds the first round took up to 1.5 s
 * of wall time for the same 300 ms of CPU.
 */
public final class ValidatorSpeed {
    private static final String[] SERVICES = {"storage", "ai", "compute", "network", "db", "queue", "search", "mail", "access", "media"};
    private static final String[] OPERATIONS = {"read", "write", "delete", "list", "create", "admin", "export", "import", "invoke"};

    private ValidatorSpeed() {}

    public static void main(String[] args) {
        int forbids = args.length > 0 ? Integer.parseInt(args[0]) : 11_000;
        Schema schema = Schema.parseCedar(schema(), "platform.cedarschema");
        String text = policies(forbids, new Random(42));
        long t0 = System.nanoTime();
        PolicySet policies = PolicySet.parseWithIds(text, "platform.cedar");
        long parsed = System.nanoTime() - t0;
        System.out.printf("parsed %d policies in %d ms%n", policies.size(), parsed / 1_000_000);

        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            long cpuStart = cpu.getCurrentThreadCpuTime();
            Validator validator = Validator.forSchema(schema);
            ValidationResult r = validator.validate(policies);
            long took = System.nanoTime() - start;
            long cpuTook = cpu.getCurrentThreadCpuTime() - cpuStart;
            System.out.printf("round %2d: validated %d policies in %d ms (%d ms of CPU; %d errors, %d warnings)%n",
                    round, policies.size(), took / 1_000_000, cpuTook / 1_000_000, r.errors().size(), r.warnings().size());
            if (!r.passed()) {
                System.out.println(r.errors().get(0));
            }
        }
    }

    /** 10 entity types; 10 services of one group action ({@code svc:*}) and 9 operations each: 100 actions. */
    static String schema() {
        StringBuilder b = new StringBuilder("""
                namespace Org {
                  entity Organization;
                  entity Unit in [Organization, Unit];
                  entity Group in [Unit];
                  entity User in [Unit, Group] { email: String, level: Long, clearance?: String };
                  entity Account in [Unit] { region: String };
                  entity ServiceAccount in [Account];
                }
                namespace Service {
                  type Ctx = { x: Long, region: String, now: datetime, mfa?: Bool, ip?: ipaddr };
                  entity Bucket in [Org::Account] { owner: Org::User, public: Bool };
                  entity Object in [Bucket] { size: Long };
                  entity Model in [Org::Account];
                  entity Endpoint in [Org::Account] { tier?: String };
                """);
        for (String s : SERVICES) {
            b.append("  action \"").append(s).append(":*\";\n");
            for (String op : OPERATIONS) {
                b.append("  action \"").append(s).append(':').append(op).append("\" in [\"").append(s).append(":*\"] appliesTo {\n")
                        .append("    principal: [Org::User, Org::ServiceAccount],\n")
                        .append("    resource: [Bucket, Object, Model, Endpoint, Org::Account],\n")
                        .append("    context: Ctx\n  };\n");
            }
        }
        return b.append("}\n").toString();
    }

    static String policies(int forbids, Random r) {
        List<String> out = new ArrayList<>(forbids + 1);
        for (int i = 0; i < forbids; i++) {
            StringBuilder actions = new StringBuilder();
            int n = 1 + r.nextInt(3);
            for (int k = 0; k < n; k++) {
                actions.append(k == 0 ? "" : ", ").append("Service::Action::\"").append(SERVICES[r.nextInt(SERVICES.length)]).append(":*\"");
            }
            String window = i % 2 == 0 ? ""
                    : "\nunless { (action in Service::Action::\"access:read\" || action in Service::Action::\"access:export\")"
                            + " && context.now < datetime(\"2026-09-01T00:00:00Z\") }";
            out.add("@id(\"enf-" + i + "\") forbid (principal in Org::Unit::\"u" + r.nextInt(1000) + "\", action in ["
                    + actions + "], resource)\nwhen { context.x > 3 && context.region == \"eu\" }" + window + ";");
        }
        out.add("""
                @id("access") permit (principal is Org::User, action in [Service::Action::"storage:*", Service::Action::"ai:*"], resource)
                when { principal.level >= 3 && (principal has clearance && principal.clearance == "high") }
                unless { resource is Service::Bucket && resource.public && !(context has mfa && context.mfa) };""");
        return String.join("\n", out);
    }
}
