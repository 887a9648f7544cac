/**
 * The Cedar reference implementation (cedar-java, Rust through JNI) as a decider, its JMH
 * benchmark and a side-by-side runner, for checking and timing our Cedar and engine against it.
 */
package dev.veto.bench.cedarjava;
