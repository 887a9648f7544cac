/** The HTTP API over the control plane: decisions, governance, log, metrics and health. */
package dev.veto.server;
