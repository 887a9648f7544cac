/**
 * Cedar schemas: {@link dev.veto.cedar.schema.Schema#parseCedar} and
 * {@link dev.veto.cedar.schema.Schema#parseJson} read the two schema formats into one resolved,
 * immutable model of entity types, actions and attribute types.
 */
package dev.veto.cedar.schema;
