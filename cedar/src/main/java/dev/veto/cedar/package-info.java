/** The Cedar policy language. */
package dev.veto.cedar;
