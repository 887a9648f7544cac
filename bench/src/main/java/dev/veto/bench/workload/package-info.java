/**
 * The platform workload: a deterministic, seeded model of orgs, unit trees, accounts, a service
 * catalog, enforcement and general policies and requests ({@link dev.veto.bench.workload.PlatformWorkload}),
 * and a per-decision latency harness for any decider ({@link dev.veto.bench.workload.DecisionTimer}).
 */
package dev.veto.bench.workload;
