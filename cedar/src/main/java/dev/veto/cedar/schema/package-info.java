/**
 * Cedar schemas: {@link dev.veto.cedar.schema.Schema#parseCedar} and
 * {@link dev.veto.cedar.schema.Schema#parseJson} read the two schema formats into one resolved,
 * immutable model of entity types, actions and attribute types; {@link dev.veto.cedar.schema.Schema#of}
 * builds one in code, {@link dev.veto.cedar.schema.SchemaPrinter} writes one in either format, and
 * {@link dev.veto.cedar.schema.SchemaFragment} reads a text against another schema's declarations,
 * for a caller that combines the two.
 */
package dev.veto.cedar.schema;
