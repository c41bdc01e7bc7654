/**
 * What one operation will fetch, as the cost estimate must see it: page sizes as
 * they will run (literal, from a variable, or the connection's default page size when neither
 * `first` nor `last` is given) and list arguments by their length (`nodes(ids:)` of 2,000 ids costs
 * 2,000 nodes).
 */
import {
  type ArgumentNode,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLSchema,
  getNullableType,
  isListType,
  Kind,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
} from 'graphql';

type Variables = Readonly<Record<string, unknown>>;

/** The variables sent, plus the defaults the operation declares for the others. */
export function withDefaults(document: DocumentNode, variables: Variables): Variables {
  const merged: Record<string, unknown> = {};
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      if (variable.defaultValue)
        merged[variable.variable.name.value] = valueFromASTUntyped(variable.defaultValue);
    }
  }
  return { ...merged, ...variables };
}

function argumentValue(argument: ArgumentNode | undefined, variables: Variables): unknown {
  return argument ? valueFromASTUntyped(argument.value, variables) : undefined;
}

const isList = (argument: GraphQLArgument) => isListType(getNullableType(argument.type));

/**
 * How many items the field returns at most, as far as its arguments tell: the page size of a
 * connection (`defaultPageSize` without `first`/`last`), the length of a list argument of a list
 * field; null when the arguments say nothing.
 */
function itemsAsked(
  field: GraphQLField<unknown, unknown>,
  given: readonly ArgumentNode[],
  variables: Variables,
  defaultPageSize: number,
): number | null {
  const byName = new Map(given.map((argument) => [argument.name.value, argument]));
  if (field.args.some((argument) => argument.name === 'first' || argument.name === 'last')) {
    const sizes = [
      argumentValue(byName.get('first'), variables),
      argumentValue(byName.get('last'), variables),
    ].filter((size): size is number => typeof size === 'number' && Number.isInteger(size));
    return sizes.length > 0 ? Math.max(...sizes) : defaultPageSize;
  }
  if (!isListType(getNullableType(field.type))) return null;
  const lengths = field.args
    .filter(isList)
    .map((argument) => argumentValue(byName.get(argument.name), variables))
    .filter((value): value is unknown[] => Array.isArray(value))
    .map((value) => value.length);
  return lengths.length > 0 ? Math.max(...lengths) : null;
}

const intArgument = (name: string, value: number): ArgumentNode => ({
  kind: Kind.ARGUMENT,
  name: { kind: Kind.NAME, value: name },
  value: { kind: Kind.INT, value: String(value) },
});

/**
 * The document with every field that returns several items given a literal `first:` of that many,
 * for graphql-armor's cost rule (which multiplies a field's cost by a literal `first`/`last` only).
 */
export function documentForCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Variables,
  defaultPageSize: number,
): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (!field) return undefined;
        const items = itemsAsked(field, node.arguments ?? [], variables, defaultPageSize);
        if (items === null) return undefined;
        const others = (node.arguments ?? []).filter(
          (a) => a.name.value !== 'first' && a.name.value !== 'last',
        );
        return { ...node, arguments: [intArgument('first', items), ...others] };
      },
    }),
  );
}
