/** Benchmarks. */
package dev.veto.bench;
