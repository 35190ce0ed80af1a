import { intervalOf, type StoredQuantity } from '../model/index.ts';
import type { Rows } from './layout.ts';
import type { Work } from '../db/statements.ts';
import { store } from './store.ts';

/**
 * What a claim needs from the database before it is written: the values of its derived figures,
 * computed from the figures they derive from, and the rules its relations must keep (a revision
 * revises its own claimant's figure and never closes a circle; a repeat is in another article).
 * Each problem names the field it is about, as the record's own paths do.
 */

export interface RowProblem {
  field: string;
  message: string;
}

type Quantity = Rows['claim']['quantities'][number];
type Bounds = { best: number | null; low: number | null; high: number | null };

const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
const times = (a: number | null, f: number) => (a === null ? null : a * f);

function compute(q: Quantity, sources: Bounds[]): Bounds {
  if (q.derivation === 'RELATIVE') {
    const [s] = sources as [Bounds];
    return { best: times(s.best, q.factor!), low: times(s.low, q.factor!), high: times(s.high, q.factor!) };
  }
  if (q.derivation === 'DIFFERENCE') {
    const [a, b] = sources as [Bounds, Bounds];
    return { best: minus(a.best, b.best), low: minus(a.low, b.high), high: minus(a.high, b.low) };
  }
  return sources.reduce((sum, s) => ({
    best: add(sum.best, s.best),
    low: add(sum.low, s.low),
    high: add(sum.high, s.high),
  }));
}

/** Fills in the numbers of each derived figure in `quantities` (the list stored at `field`). */
export function* computeDerivedFigures(quantities: Quantity[], field: string): Work<RowProblem[]> {
  const problems: RowProblem[] = [];
  for (const [i, q] of quantities.entries()) {
    if (q.derivation === null || q.derivedFrom === null) continue;
    const sources: Bounds[] = [];
    for (const [j, { claimId, index }] of q.derivedFrom.entries()) {
      const source = yield* store.quantityAt(claimId, index);
      if (!source) {
        problems.push({
          field: `${field}[${i}].derivedFrom[${j}]`,
          message: `the claim named has no quantity at index ${index}: a derived figure needs every figure it derives from`,
        });
        continue;
      }
      if (q.derivation !== 'RELATIVE' && (source.metric !== q.metric || source.unit !== q.unit))
        problems.push({
          field: `${field}[${i}].derivedFrom[${j}]`,
          message: `is a ${source.metric}${source.unit ? ` in ${source.unit}` : ''}: a ${q.derivation} adds or subtracts figures of its own metric and unit only`,
        });
      const interval = intervalOf(source as unknown as StoredQuantity);
      sources.push({ best: interval.best, low: interval.low, high: interval.high });
    }
    if (sources.length === q.derivedFrom.length) Object.assign(q, compute(q, sources));
  }
  return problems;
}

/** The rules of a claim's relations that depend on the claims they name. */
export function* relationProblems(id: number | undefined, claim: Rows['claim']): Work<RowProblem[]> {
  const problems: RowProblem[] = [];
  for (const [i, relation] of claim.relations.entries()) {
    const field = `relations[${i}].claim`;
    if (relation.relatedClaimId === id) {
      problems.push({ field, message: 'a claim cannot relate to itself' });
      continue;
    }
    const related = yield* store.claimHead(relation.relatedClaimId);
    if (!related) continue;
    if (relation.kind === 'REVISES') {
      if (related.claimantActorId !== claim.claimantActorId || related.claimantOfficialId !== claim.claimantOfficialId)
        problems.push({
          field,
          message: "a revision revises its own claimant's earlier claim; that claim has another claimant",
        });
      if (id !== undefined && (yield* store.revisionReaches(relation.relatedClaimId, id)))
        problems.push({ field, message: 'would make a circle of revisions: that claim already revises this one' });
    }
    if (relation.kind === 'REPEATS' && related.articleId === claim.articleId)
      problems.push({
        field,
        message: 'a repeat is the same statement in another article; that claim is in this article',
      });
  }
  return problems;
}

/** Everything above for a row about to be written as `id` (undefined for a new row). */
export function* prepareRow<T extends keyof Rows>(type: T, id: number | undefined, row: Rows[T]): Work<RowProblem[]> {
  if (type === 'claim') {
    const claim = row as Rows['claim'];
    return [...(yield* computeDerivedFigures(claim.quantities, 'quantities')), ...(yield* relationProblems(id, claim))];
  }
  if (type === 'territoryChange')
    return yield* computeDerivedFigures((row as Rows['territoryChange']).amount, 'amount');
  return [];
}
