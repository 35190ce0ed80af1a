import type { z } from 'zod';
import type { recordFields, RecordType } from '../dataset/format.ts';
import type { ActorKind, Attribution, ClaimKind, Metric, RegionKind } from '../db/schema.ts';

/**
 * Rows as the store reads and writes them: one object per record, children included (roles,
 * subjects, quantities), references resolved to row ids, absent values as null. Both the importer
 * and the mutations turn a validated record into a row, then let the store find, compare and write it.
 */

export interface QuantityRow {
  metric: Metric;
  unit: string | null;
  best: number | null;
  low: number | null;
  high: number | null;
  approximate: boolean;
  phrase: string | null;
}

export interface ActorRow {
  name: string;
  kind: ActorKind;
  country: string | null;
  description: string | null;
  parentId: number | null;
}

export interface RoleRow {
  title: string;
  actorId: number;
  since: string | null;
  until: string | null;
}

export interface OfficialRow {
  name: string | null;
  description: string;
  roles: RoleRow[];
}

export interface RegionRow {
  name: string;
  kind: RegionKind;
  country: string | null;
  parentId: number | null;
}

export interface ArticleRow {
  title: string;
  url: string | null;
  outletId: number | null;
  publishedAt: string | null;
  summary: string | null;
  /** Ascending, without repeats. */
  citedSourceIds: number[];
}

export interface PeriodColumns {
  periodStart: string | null;
  periodEnd: string | null;
  periodText: string | null;
}

export interface ClaimRow extends PeriodColumns {
  articleId: number;
  statement: string;
  kind: ClaimKind;
  attribution: Attribution;
  claimantActorId: number | null;
  claimantOfficialId: number | null;
  regionId: number | null;
  /** Ascending, without repeats. */
  subjectIds: number[];
  quantities: QuantityRow[];
}

export interface TerritoryChangeRow extends PeriodColumns {
  regionId: number;
  gainedById: number | null;
  lostById: number | null;
  claimId: number | null;
  articleId: number | null;
  amount: QuantityRow[];
}

export interface Rows {
  actor: ActorRow;
  official: OfficialRow;
  region: RegionRow;
  article: ArticleRow;
  claim: ClaimRow;
  territoryChange: TerritoryChangeRow;
}

type Fields = ReturnType<typeof recordFields>;
/** A validated record's fields (no `type`, `key` or `id`), references still as keys or global ids. */
export type RecordBody<T extends RecordType> = z.output<z.ZodObject<Fields[T]>>;

export interface ResolvedRef {
  type: RecordType;
  id: number;
}

/**
 * Turns a reference into the row it names; `field` is where it sits in the record. Reports a
 * reference it cannot resolve itself and answers undefined.
 */
export type Resolve = (ref: string, field: string, types: readonly RecordType[]) => ResolvedRef | undefined;

const idOf = (resolved: ResolvedRef | undefined) => resolved?.id ?? 0;
const optionalRef = (resolve: Resolve, ref: string | undefined, field: string, ...types: RecordType[]) =>
  ref === undefined ? null : idOf(resolve(ref, field, types));
const refList = (resolve: Resolve, refs: string[], field: string, type: RecordType) =>
  [...new Set(refs.map((ref, i) => idOf(resolve(ref, `${field}[${i}]`, [type]))))].sort((a, b) => a - b);

export function quantityRow(q: RecordBody<'claim'>['quantities'][number]): QuantityRow {
  return {
    metric: q.metric,
    unit: q.unit ?? null,
    best: q.best ?? null,
    low: q.low ?? null,
    high: q.high ?? null,
    approximate: q.approximate,
    phrase: q.phrase ?? null,
  };
}

function periodColumns(period: RecordBody<'claim'>['period']): PeriodColumns {
  return { periodStart: period?.start ?? null, periodEnd: period?.end ?? null, periodText: period?.text ?? null };
}

/** An instant as the database stores it: UTC, milliseconds, `Z`. */
export const storedInstant = (instant: string) => new Date(instant).toISOString();

export const toRow: { [T in RecordType]: (record: RecordBody<T>, resolve: Resolve) => Rows[T] } = {
  actor: (r, resolve) => ({
    name: r.name,
    kind: r.kind,
    country: r.country ?? null,
    description: r.description ?? null,
    parentId: optionalRef(resolve, r.parent, 'parent', 'actor'),
  }),
  official: (r, resolve) => ({
    name: r.name ?? null,
    description: r.description,
    roles: r.roles.map((role, i) => ({
      title: role.title,
      actorId: idOf(resolve(role.actor, `roles[${i}].actor`, ['actor'])),
      since: role.since ?? null,
      until: role.until ?? null,
    })),
  }),
  region: (r, resolve) => ({
    name: r.name,
    kind: r.kind,
    country: r.country ?? null,
    parentId: optionalRef(resolve, r.parent, 'parent', 'region'),
  }),
  article: (r, resolve) => ({
    title: r.title,
    url: r.url ?? null,
    outletId: optionalRef(resolve, r.outlet, 'outlet', 'actor'),
    publishedAt: r.publishedAt === undefined ? null : storedInstant(r.publishedAt),
    summary: r.summary ?? null,
    citedSourceIds: refList(resolve, r.citedSources, 'citedSources', 'actor'),
  }),
  claim: (r, resolve) => {
    const claimant = r.claimant === undefined ? undefined : resolve(r.claimant, 'claimant', ['official', 'actor']);
    return {
      articleId: idOf(resolve(r.article, 'article', ['article'])),
      statement: r.statement,
      kind: r.kind,
      attribution: r.attribution,
      claimantActorId: claimant?.type === 'actor' ? claimant.id : null,
      claimantOfficialId: claimant?.type === 'official' ? claimant.id : null,
      regionId: optionalRef(resolve, r.region, 'region', 'region'),
      ...periodColumns(r.period),
      subjectIds: refList(resolve, r.subjects, 'subjects', 'actor'),
      quantities: r.quantities.map(quantityRow),
    };
  },
  territoryChange: (r, resolve) => ({
    regionId: idOf(resolve(r.region, 'region', ['region'])),
    gainedById: optionalRef(resolve, r.gainedBy, 'gainedBy', 'actor'),
    lostById: optionalRef(resolve, r.lostBy, 'lostBy', 'actor'),
    claimId: optionalRef(resolve, r.claim, 'claim', 'claim'),
    articleId: optionalRef(resolve, r.article, 'article', 'article'),
    ...periodColumns(r.period),
    amount: r.amount.map(quantityRow),
  }),
};

/** Deep equality of plain row data (objects, arrays, scalars). */
export function sameRow(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameRow(x, b[i]));
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameRow((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
