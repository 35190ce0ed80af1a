import { type DocumentNode, GraphQLError, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.ts';
import { operationCost, type OperationCost, variablesThePriceReads } from './cost.ts';
import { type ListSizes, ListSizesPending, listSizesOf } from './list-sizes.ts';

export interface CostLimits {
  /** Most fields an operation may select, each counted wherever it is selected. */
  fields: number;
  /** Most an operation may cost (src/graphql/cost.ts). */
  cost: number;
}

/** The request header that asks for the cost of an operation beside its answer (`extensions.cost`). */
export const costPreviewHeader = 'x-query-cost';

/** Refused before execution: 400 to clients that accept application/graphql-response+json. */
const refusal = (message: string, code: string, extensions: Record<string, unknown>) =>
  new GraphQLError(message, { extensions: { code, ...extensions, http: { spec: true, status: 400 } } });

/**
 * Refuses an operation whose cost (page sizes multiply what is inside them, unpaged lists count
 * what the data can put in them) or number of selected fields is over the limit, before any
 * resolver runs. The cost depends on the variables (`first: $n`), so it is measured per request,
 * not in the cached validation.
 */
export function useCostLimit(limits: CostLimits): Plugin {
  return {
    onExecute: (payload) => whenSized(() => limitExecution(payload, limits)),
    // A subscription is priced per event, as the query of its selection would be: refused before
    // it starts listening when one event could cost more than the limit.
    onSubscribe: ({ args, setResultAndStopExecution }) =>
      whenSized(() => {
        const measured = measure(args);
        const refused = measured && refusalOf(measured, limits);
        if (refused) setResultAndStopExecution({ errors: [refused] });
      }),
  };
}

/** Runs `price`, again once the list sizes are known if they were still being measured. */
function whenSized<T>(price: () => T): T | Promise<T> {
  try {
    return price();
  } catch (error) {
    if (error instanceof ListSizesPending) return error.measured.then(price);
    throw error;
  }
}

type ExecutePayload = Parameters<NonNullable<Plugin['onExecute']>>[0];
type ExecuteHookResult = Exclude<ReturnType<NonNullable<Plugin['onExecute']>>, Promise<unknown>>;

/** Refuses the operation when it is over a limit; with the preview header, adds its cost to the answer. */
function limitExecution({ args, setResultAndStopExecution }: ExecutePayload, limits: CostLimits): ExecuteHookResult {
  const measured = measure(args);
  if (!measured) return;
  const refused = refusalOf(measured, limits);
  const request = (args.contextValue as { request?: Request }).request;
  const preview = request?.headers.has(costPreviewHeader)
    ? { cost: { requested: measured.cost, limit: limits.cost, fields: measured.fields, fieldLimit: limits.fields } }
    : undefined;
  if (refused) setResultAndStopExecution({ errors: [refused] });
  else if (preview)
    return {
      // A streamed (incremental) result has no single body to carry it; only plain results get it.
      onExecuteDone({ result, setResult }) {
        if (!(Symbol.asyncIterator in result))
          setResult({ ...result, extensions: { ...result.extensions, ...preview } });
      },
    };
}

type OperationArgs = ExecutePayload['args'];

const measure = (args: OperationArgs) =>
  costOf(
    args.schema,
    args.document,
    args.operationName,
    args.variableValues,
    listSizesOf((args.contextValue as unknown as Context).db),
  );

/** The refusal of an operation over a limit, or null when it is within both. */
function refusalOf(measured: OperationCost, limits: CostLimits): GraphQLError | null {
  if (measured.fields > limits.fields)
    return refusal(
      `This query selects ${measured.fields} fields, more than the limit of ${limits.fields}.`,
      'FIELD_LIMIT',
      { fields: { max: limits.fields, actual: measured.fields } },
    );
  if (measured.cost > limits.cost)
    return refusal(
      `This query could cost ${measured.cost}, more than the limit of ${limits.cost}: every field counts once ` +
        'per item it can return, so ask for smaller pages (first/last) or fewer nested lists.',
      'COST_LIMIT',
      { cost: { max: limits.cost, actual: measured.cost } },
    );
  return null;
}

/**
 * Costs measured, by document, measurement of the list sizes, operation name and priced variables
 * (`costKey`). One map for the process: a search sent with ever new words, or many documents each
 * with their own, cannot grow it past `maxKnownCosts` entries of at most `maxKeyLength` characters.
 */
const knownCosts = new Map<string, OperationCost>();
const maxKnownCosts = 4_096;
const maxKeyLength = 1_024;

/**
 * An operation costs the same on every request with the same values of the variables its price
 * reads (see variablesThePriceReads: page sizes, a search's text), until the list sizes are
 * measured again. So its cost is measured once per document, operation, those values and
 * measurement: walking the document took 4% of a search's CPU profile over HTTP, 2% of a page of
 * claims' and 4% of a node lookup's.
 */
function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  listSizes: ListSizes,
): OperationCost | null {
  const key = costKey(document, listSizes, operationName, variablesThePriceReads(schema, document), variables);
  const known = knownCosts.get(key);
  if (known) return known;
  const cost = operationCost(schema, document, operationName, variables, listSizes);
  // Variables that do not fit leave it unmeasured; the next request's may fit.
  if (!cost) return null;
  if (key.length > maxKeyLength) return cost;
  if (knownCosts.size >= maxKnownCosts) knownCosts.delete(knownCosts.keys().next().value!);
  knownCosts.set(key, cost);
  return cost;
}

/** A number per parsed document and per measurement of the list sizes, for `costKey`. */
const numbers = new WeakMap<object, number>();
let lastNumber = 0;
const numberOf = (object: object) => {
  let number = numbers.get(object);
  if (number === undefined) numbers.set(object, (number = ++lastNumber));
  return number;
};

/**
 * The document's and the measurement's numbers, the operation name and each priced variable's value
 * as JSON, joined by NUL (which JSON writes escaped, and no name holds, so no two different lists
 * join to one key); a variable not given is the empty string, which no JSON value is, since a
 * missing variable and a null one can price differently.
 */
function costKey(
  document: DocumentNode,
  listSizes: ListSizes,
  operationName: string | null | undefined,
  names: readonly string[],
  variables: Record<string, unknown> | null | undefined,
) {
  let key = `${numberOf(document)}\u0000${numberOf(listSizes)}\u0000${operationName ?? ''}`;
  for (const name of names)
    key += `\u0000${variables && Object.hasOwn(variables, name) ? JSON.stringify(variables[name]) : ''}`;
  return key;
}
