import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  TypeInfo,
  type ValueNode,
  visit,
  visitWithTypeInfo,
  type SelectionSetNode,
} from 'graphql';
import type { ListSizes } from './list-sizes.ts';
import { defaultPageSize, maxPageSize } from './builder.ts';

/**
 * What an unpaged list (a claim's quantities, an official's roles) is priced as when nothing says
 * more; `listSizes` raises it to what the data can put in one (src/graphql/list-sizes.ts).
 */
export const listSize = 10;

/**
 * A field's own price from its arguments, where it does more than return a value (a search, an
 * aggregate), and from the sizes measured in the data.
 */
export type FieldCost = (args: Record<string, unknown> | null, sizes: ListSizes) => number;

export interface OperationCost {
  /** Every field counts 1, once per item its parent lists can return. */
  cost: number;
  /** Every field selected, counted once per place it is selected (a fragment wherever it is spread). */
  fields: number;
}

/**
 * How many items a field can return: a connection up to `first`/`last` (the default page size
 * when neither is given), `nodes` one per id, another list `listSize`, anything else one. Sizes
 * outside the allowed range count as the largest page; the field's own validation refuses them.
 */
function itemsOf(
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown> | null,
  listSizes: ListSizes,
  parent: string,
): number {
  const clamp = (n: unknown) => (typeof n === 'number' && n >= 0 && n <= maxPageSize ? n : maxPageSize);
  if (field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) {
    if (!args) return maxPageSize;
    const size = args.first ?? args.last;
    return size === undefined || size === null ? defaultPageSize : clamp(size);
  }
  if (field.args.some((arg) => arg.name === 'ids')) return clamp(Array.isArray(args?.ids) ? args.ids.length : -1);
  // A connection's edges (and its `nodes`, the same items) are as many as its page, already
  // counted on the connection field.
  if (field.name === 'edges' || (field.name === 'nodes' && parent.endsWith('Connection'))) return 1;
  const type = isNonNullType(field.type) ? field.type.ofType : field.type;
  return isListType(type) ? Math.max(listSize, listSizes.get(`${parent}.${field.name}`) ?? 0) : 1;
}

const ownCost = (
  field: GraphQLField<unknown, unknown> | undefined,
  args: Record<string, unknown> | null,
  sizes: ListSizes,
) => (field?.extensions?.cost as FieldCost | undefined)?.(args, sizes) ?? 1;

/**
 * The cost of the operation a request runs, from its validated document and its variables, before
 * anything executes. Null when the variables do not fit the operation (execution refuses it then).
 *
 * Not @pothos/plugin-complexity, whose model (own cost plus multiplier times what is inside) is the
 * same: its `complexityFromQuery` measures the first operation of a document whatever the request's
 * operationName, it maps every argument through Pothos' argument mappers first, so one malformed
 * global id anywhere makes the whole operation unmeasurable (here it counts as the largest page
 * and execution reports it at its field), and its own check runs inside the root resolvers, so a
 * refusal would be a field error after other root fields ran, not a refusal before execution.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  listSizes: ListSizes = new Map(),
): OperationCost | null {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  // A fragment spread many times is measured once per type it is spread on.
  const measured = new Map<SelectionSetNode, Map<GraphQLNamedType, OperationCost>>();
  const measure = (selectionSet: SelectionSetNode, type: GraphQLNamedType): OperationCost => {
    const known = measured.get(selectionSet)?.get(type);
    if (known) return known;
    const total = { cost: 0, fields: 0 };
    const add = (part: OperationCost, times = 1) => {
      total.cost += part.cost * times;
      total.fields += part.fields;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total.fields += 1;
        const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
        let args: Record<string, unknown> | null = {};
        if (field?.args.length) {
          try {
            args = getArgumentValues(field, selection, coerced.coerced);
          } catch {
            args = null; // execution reports the argument; until then it counts as the largest page
          }
        }
        total.cost += ownCost(field, args, listSizes);
        if (!field || !selection.selectionSet) continue;
        add(measure(selection.selectionSet, getNamedType(field.type)), itemsOf(field, args, listSizes, type.name));
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition && schema.getType(fragment.typeCondition.name.value);
        add(measure(fragment.selectionSet, condition ?? type));
      }
    }
    if (!measured.has(selectionSet)) measured.set(selectionSet, new Map());
    measured.get(selectionSet)!.set(type, total);
    return total;
  };
  return measure(operation.selectionSet, root);
}

const variablesPriced = new WeakMap<DocumentNode, readonly string[]>();

/**
 * The variables that reach an argument the price reads: a page size (`first`, `last`, `ids`) or
 * any argument of a field with its own price (search). Found once per parsed document; the other
 * variables (a cursor, a node id) cannot change what an operation costs.
 */
export function variablesThePriceReads(schema: GraphQLSchema, document: DocumentNode): readonly string[] {
  const known = variablesPriced.get(document);
  if (known !== undefined) return known;
  const typeInfo = new TypeInfo(schema);
  const names = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (!field || !node.arguments?.length) return;
        const priced = field.extensions?.cost !== undefined;
        for (const argument of node.arguments)
          if (priced || pageArguments.has(argument.name.value)) addVariables(argument.value, names);
      },
    }),
  );
  const read = [...names];
  variablesPriced.set(document, read);
  return read;
}

const pageArguments = new Set(['first', 'last', 'ids']);

function addVariables(value: ValueNode, names: Set<string>) {
  switch (value.kind) {
    case Kind.VARIABLE:
      names.add(value.name.value);
      break;
    case Kind.LIST:
      for (const item of value.values) addVariables(item, names);
      break;
    case Kind.OBJECT:
      for (const field of value.fields) addVariables(field.value, names);
      break;
  }
}
