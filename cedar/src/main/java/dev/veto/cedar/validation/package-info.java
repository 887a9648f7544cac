/**
 * Cedar's strict validator. {@link dev.veto.cedar.validation.Validator#forSchema} computes what a
 * schema implies once; {@link dev.veto.cedar.validation.Validator#validate} then checks policy
 * sets (every static policy and template in every request environment the schema allows, with
 * the typing rules of Cedar's Lean model and the Rust validator's name and scope checks) and
 * {@link dev.veto.cedar.validation.Validator#validateRequest} checks a request. Findings are
 * {@link dev.veto.cedar.validation.ValidationIssue}s: a kind, the policy id, the place and a
 * message in Cedar's words.
 *
 * <p>Everything else here is package-private: {@code SchemaTables} (the schema, numbered and
 * closed), {@code PolicyChecker} (the walk over environments), {@code Typechecker} (the rules for
 * one environment), {@code EntityReferences} and {@code ActionApplication} (the reference's
 * per-policy checks), {@code RequestValidation}.
 */
package dev.veto.cedar.validation;
