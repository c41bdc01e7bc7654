/**
 * The introspection switch (LABGRAPH_INTROSPECTION, off by default in production): graphql's own
 * rule refuses `__schema` and `__type` during validation, with its own message; `__typename` stays.
 */
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
