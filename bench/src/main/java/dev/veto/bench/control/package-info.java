/**
 * The control plane's own work at platform scale: validating the platform's policies against
 * its platform schema ({@link dev.veto.bench.control.PlatformSchemaBench}).
 */
package dev.veto.bench.control;
