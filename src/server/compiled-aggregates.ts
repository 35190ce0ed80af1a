import { useGraphQlJit } from '@envelop/graphql-jit';
import { type DocumentNode, getOperationAST, Kind } from 'graphql';

/** The Query fields that compute an aggregate over many claims. */
const aggregates = new Set([
  'claimStats',
  'compareClaims',
  'claimSeries',
  'claimGroups',
  'contradictions',
  'trackRecords',
  'territoryBalance',
]);

const verdicts = new WeakMap<DocumentNode, Map<string, boolean>>();

/** Whether the operation asks for aggregates and nothing else at its root. */
export function asksForAggregatesAlone(document: DocumentNode, operationName: string | null | undefined): boolean {
  let byName = verdicts.get(document);
  if (!byName) verdicts.set(document, (byName = new Map()));
  const known = byName.get(operationName ?? '');
  if (known !== undefined) return known;
  const operation = getOperationAST(document, operationName);
  const verdict =
    operation?.operation === 'query' &&
    operation.selectionSet.selections.every(
      (selection) =>
        selection.kind === Kind.FIELD &&
        (aggregates.has(selection.name.value) || selection.name.value === '__typename'),
    );
  byName.set(operationName ?? '', verdict);
  return verdict;
}

/**
 * Compiled execution (graphql-jit) for operations that ask for aggregates alone. An aggregate's
 * answer is thousands of small objects (a province's comparison at a million claims is 317 KB of
 * figures and pairs), and graphql-js's field-by-field execution of them took longer than the SQL
 * behind them. Everything else keeps graphql-js: under jit the drizzle plugin cannot find its
 * selection plan (jit's `info.path` differs), and a page of claims would read each level with a
 * statement of its own instead of one for the whole page.
 */
export function useCompiledAggregates() {
  return useGraphQlJit(
    {},
    { enableIf: ({ document, operationName }) => asksForAggregatesAlone(document, operationName) },
  );
}
