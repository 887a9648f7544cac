package dev.veto.cli;

import dev.veto.control.Actor;
import dev.veto.control.ControlPlane;
import dev.veto.control.Event;
import dev.veto.control.Inputs;
import dev.veto.control.Role;
import dev.veto.cedar.json.CedarJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's fictional scenario, seeded through the control plane as the people involved would:
 * the Ministry of Example with Unit 42 and Unit 17, a catalog of storage, compute, speech-to-text,
 * translation and AI services, the principle "no mass surveillance of civilians", and case C-0001
 * with evidence, a finding and a pending proposal. The walk-through approves, enforces, appeals
 * and reverses over HTTP.
 */
final class DemoScenario {
    static final String WALKTHROUGH_RESOURCE = "demo-walkthrough.sh";

    private DemoScenario() {}

    /** The walk-through commands, as the demo prints them and the README shows them. */
    static String walkthrough() {
        try (InputStream in = DemoScenario.class.getResourceAsStream(WALKTHROUGH_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seeds the scenario and returns one token per walk-through variable (ADMIN, PEP, …). */
    static Map<String, String> seed(ControlPlane plane) {
        Actor operator = Actor.OPERATOR;
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("ADMIN", token(plane, "admin", "adam", null));
        plane.commands().putEntities(operator, CedarJson.readTree("""
                [{"uid": {"type": "Org", "id": "mx"}, "attrs": {"name": "Ministry of Example"}, "parents": []},
                 {"uid": {"type": "Unit", "id": "mx/u42"}, "attrs": {"name": "Unit 42"}, "parents": [{"type": "Org", "id": "mx"}]},
                 {"uid": {"type": "Unit", "id": "mx/u17"}, "attrs": {"name": "Unit 17"}, "parents": [{"type": "Org", "id": "mx"}]},
                 {"uid": {"type": "Account", "id": "mx-u42-prod"}, "attrs": {}, "parents": [{"type": "Unit", "id": "mx/u42"}]},
                 {"uid": {"type": "Account", "id": "mx-u17-prod"}, "attrs": {}, "parents": [{"type": "Unit", "id": "mx/u17"}]},
                 {"uid": {"type": "User", "id": "analyst-7"}, "attrs": {}, "parents": [{"type": "Account", "id": "mx-u42-prod"}]},
                 {"uid": {"type": "User", "id": "clerk-3"}, "attrs": {}, "parents": [{"type": "Account", "id": "mx-u17-prod"}]},
                 {"uid": {"type": "Bucket", "id": "u42-intercepts"}, "attrs": {}, "parents": [{"type": "Account", "id": "mx-u42-prod"}]},
                 {"uid": {"type": "Bucket", "id": "u17-archive"}, "attrs": {}, "parents": [{"type": "Account", "id": "mx-u17-prod"}]}]
                """, "demo entities"));
        service(plane, "storage", "GetObject:read", "PutObject:write", "ExportBucket:export", "DeleteBucket:admin");
        service(plane, "compute", "RunInstance:write", "DescribeInstances:read");
        service(plane, "speech-to-text", "Transcribe:write", "GetTranscript:read", "ExportTranscripts:export");
        service(plane, "translation", "Translate:write");
        service(plane, "ai", "InvokeModel:write", "ExportResults:export");
        plane.commands().putPrinciple(operator, "no-mass-surveillance", new Inputs.PutPrinciple("No mass surveillance of civilians",
                "Customers may not use the services to monitor civilian populations indiscriminately, including bulk interception, "
                        + "transcription or analysis of communications of people not individually suspected of a crime.",
                "Acceptable Use Policy, section 4.2", null));

        tokens.put("REVIEWER", token(plane, "reviewer", "rita", null));
        // The approvers: the operator names the first two at installation; a third joins through a
        // roster change that both approve, as every later change must be.
        plane.commands().bootstrapRoster(operator, List.of("anna", "ben"));
        tokens.put("APPROVER_A", token(plane, "approver", "anna", null));
        tokens.put("APPROVER_B", token(plane, "approver", "ben", null));
        String change = plane.commands().proposeRosterChange(new Actor("adam", Role.ADMIN, null),
                new Inputs.ProposeRosterChange("add", "carl", "a second line of approvers for appeals")).id();
        plane.commands().approveRosterChange(new Actor("anna", Role.APPROVER, null), change, new Inputs.Approve("known to us"));
        plane.commands().approveRosterChange(new Actor("ben", Role.APPROVER, null), change, new Inputs.Approve(null));
        tokens.put("APPEALS", token(plane, "approver", "carl", null));
        tokens.put("AUDITOR", token(plane, "auditor", "audrey", null));
        tokens.put("PEP", token(plane, "pep", "gateway", null));
        tokens.put("CUSTOMER", token(plane, "customer", "mx-legal", "mx"));

        Actor rita = new Actor("rita", Role.REVIEWER, null);
        Instant now = plane.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        plane.commands().openCase(rita, new Inputs.OpenCase(new Event.Ref("Unit", "mx/u42"), "no-mass-surveillance",
                "Unit 42 of the Ministry of Example appears to run bulk speech-to-text and AI analysis over intercepted calls of civilians."));
        plane.commands().addEvidence(rita, "C-0001", new Inputs.AddEvidence("metering", "speech-to-text metering, accounts of Unit 42",
                "Transcription volume by hour over 30 days: 2.1 million hours, 40 times the unit's previous peak",
                "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea", now.minus(2, ChronoUnit.DAYS), false));
        plane.commands().addEvidence(rita, "C-0001", new Inputs.AddEvidence("press", "investigative report, national newspaper",
                "Report that the ministry transcribes calls of civilians in bulk, citing internal procurement documents",
                "a1fce4363854ff888cff4b8e7875d600c2682390412a8cf79b37d0b11148b0fa", now.minus(1, ChronoUnit.DAYS), false));
        plane.commands().recordFinding(rita, "C-0001", new Inputs.RecordFinding("no-mass-surveillance",
                "Unit 42 uses speech-to-text, AI and storage to transcribe and analyse communications of civilians in bulk, without individual suspicion.",
                List.of("EV-1", "EV-2")));
        plane.commands().propose(rita, "C-0001", new Inputs.Propose(new Event.Ref("Unit", "mx/u42"), List.of("storage", "speech-to-text", "ai"),
                null, 30, null, null, "Acceptable Use Policy, section 4.2 (Customer Agreement, clause 9: suspension for breach)",
                "The finding shows the services are used for mass surveillance of civilians. Restricting exactly these services for exactly "
                        + "Unit 42 ends that use while the rest of the ministry keeps its service; the export window keeps its data available.",
                null, false));
        return tokens;
    }

    private static String token(ControlPlane plane, String role, String name, String org) {
        return plane.commands().createToken(Actor.OPERATOR, new Inputs.CreateToken(role, name, org)).token();
    }

    private static void service(ControlPlane plane, String name, String... ops) {
        plane.commands().putService(Actor.OPERATOR, name, new Inputs.PutService(java.util.Arrays.stream(ops)
                .map(o -> new Event.Operation(o.substring(0, o.indexOf(':')), o.substring(o.indexOf(':') + 1))).toList()));
    }
}
