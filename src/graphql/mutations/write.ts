import type { RecordType } from '../../dataset/format.ts';
import { type QuantityRow, type RecordBody, type Resolve, type Rows, sameRow, toRow } from '../../store/rows.ts';
import { writeTransaction } from '../../db/client.ts';
import { Store } from '../../store/store.ts';
import type { Context } from '../builder.ts';
import { ConflictError, InUseError, NotFoundError, validationError } from '../errors.ts';
import { decodeId, globalId, typenames } from './ids.ts';
import { bodySchemas, dropNulls, type OnConflict } from './schemas.ts';

/**
 * What the mutations do, each in one better-sqlite3 transaction: anything thrown (a typed
 * error included) rolls the whole mutation back. Rows go through the same Store as the importer,
 * so natural keys, comparisons and writes are the same whichever way data comes in.
 */

/** `roles[0].actor` as an input path: ["input", "roles", "0", "actor"]. */
const inputPath = (field: string) => ['input', ...field.split(/[.[\]]+/).filter(Boolean)];

/** References in a validated input are well-formed global ids of the right type; here they must also exist. */
function resolver(store: Store): Resolve {
  return (ref, field) => {
    const decoded = decodeId(ref)!;
    if (!store.exists(decoded.type, decoded.id))
      throw new NotFoundError(
        ref,
        inputPath(field),
        `${field}: there is no ${typenames[decoded.type]} with the id ${ref}`,
      );
    return decoded;
  };
}

const rowOf = <T extends RecordType>(type: T, body: object, resolve: Resolve) =>
  (toRow[type] as unknown as (body: object, resolve: Resolve) => Rows[T])(body, resolve);

const ref = (type: RecordType, id: number | null) => (id === null ? null : globalId(type, id));
const period = (r: { periodStart: string | null; periodEnd: string | null; periodText: string | null }) =>
  r.periodStart === null && r.periodEnd === null && r.periodText === null
    ? null
    : { start: r.periodStart, end: r.periodEnd, text: r.periodText };
const quantity = (q: QuantityRow) => ({ ...q });

/** A stored row as the fields of an input (global ids, nulls dropped), to merge an update into. */
const toBody: { [T in RecordType]: (row: Rows[T]) => Record<string, unknown> } = {
  actor: ({ parentId, ...a }) => ({ ...a, parent: ref('actor', parentId) }),
  official: (o) => ({
    name: o.name,
    description: o.description,
    roles: o.roles.map((r) => ({
      title: r.title,
      actor: globalId('actor', r.actorId),
      since: r.since,
      until: r.until,
    })),
  }),
  region: ({ parentId, ...r }) => ({ ...r, parent: ref('region', parentId) }),
  article: (a) => ({
    title: a.title,
    url: a.url,
    outlet: ref('actor', a.outletId),
    publishedAt: a.publishedAt,
    summary: a.summary,
    citedSources: a.citedSourceIds.map((id) => globalId('actor', id)),
  }),
  claim: (c) => ({
    article: globalId('article', c.articleId),
    statement: c.statement,
    kind: c.kind,
    attribution: c.attribution,
    claimant: ref('official', c.claimantOfficialId) ?? ref('actor', c.claimantActorId),
    subjects: c.subjectIds.map((id) => globalId('actor', id)),
    region: ref('region', c.regionId),
    period: period(c),
    quantities: c.quantities.map(quantity),
  }),
  territoryChange: (t) => ({
    region: globalId('region', t.regionId),
    gainedBy: ref('actor', t.gainedById),
    lostBy: ref('actor', t.lostById),
    claim: ref('claim', t.claimId),
    article: ref('article', t.articleId),
    period: period(t),
    amount: t.amount.map(quantity),
  }),
};

/** Waits its turn for the write lock (up to the busy timeout) without blocking other requests. */
function transaction<R>(ctx: Context, work: (store: Store) => R): Promise<R> {
  const store = Store.of(ctx.db.$client);
  return writeTransaction(ctx.db.$client, () => work(store));
}

/** Refuses a parent that would make the row its own ancestor. */
function checkTree(store: Store, type: RecordType, id: number, row: Rows[RecordType]) {
  if (type !== 'actor' && type !== 'region') return;
  const parentId = (row as Rows['actor' | 'region']).parentId;
  if (parentId !== null && store.wouldCycle(type, id, parentId))
    throw validationError([{ path: ['input', 'parent'], message: `would make this ${type} its own ancestor` }]);
}

function conflict(store: Store, type: RecordType, row: Rows[RecordType], existing: number) {
  const table = store.tables[type] as { describeKey(row: Rows[RecordType]): string };
  const id = globalId(type, existing);
  return new ConflictError(`${typenames[type]} ${id} already has ${table.describeKey(row)}`, id);
}

export interface WriteResult {
  id: number;
  created: boolean;
}

export function createRecord<T extends RecordType>(
  ctx: Context,
  type: T,
  input: RecordBody<T> & { onConflict: OnConflict },
): Promise<WriteResult> {
  return transaction(ctx, (store) => {
    const { onConflict, ...body } = input;
    const row = rowOf(type, body, resolver(store));
    const table = store.tables[type] as unknown as {
      find(row: Rows[T]): number | undefined;
      read(id: number): Rows[T] | undefined;
      insert(row: Rows[T]): number;
      update(id: number, row: Rows[T]): void;
    };
    const existing = table.find(row);
    if (existing === undefined) return { id: table.insert(row), created: true };
    if (onConflict === 'ERROR') throw conflict(store, type, row, existing);
    if (onConflict === 'UPDATE' && !sameRow(table.read(existing), row)) table.update(existing, row);
    return { id: existing, created: false };
  });
}

/** Applies a patch (validated field by field already) to the stored object and checks the result as a whole. */
export function updateRecord<T extends RecordType>(
  ctx: Context,
  type: T,
  patch: { id: string } & Record<string, unknown>,
): Promise<WriteResult> {
  return transaction(ctx, (store) => {
    const { id: gid, ...changes } = patch;
    const id = decodeId(gid)!.id;
    const table = store.tables[type] as unknown as {
      find(row: Rows[T]): number | undefined;
      read(id: number): Rows[T] | undefined;
      update(id: number, row: Rows[T]): void;
    };
    const current = table.read(id);
    if (!current) throw new NotFoundError(gid, ['input', 'id'], `there is no ${typenames[type]} with the id ${gid}`);

    const merged = dropNulls(toBody[type](current)) as Record<string, unknown>;
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const checked = bodySchemas[type].safeParse(merged);
    if (!checked.success)
      throw validationError(checked.error.issues.map((i) => ({ path: ['input', ...i.path], message: i.message })));

    const row = rowOf(type, checked.data, resolver(store));
    checkTree(store, type, id, row);
    const existing = table.find(row);
    if (existing !== undefined && existing !== id) throw conflict(store, type, row, existing);
    if (!sameRow(current, row)) table.update(id, row);
    return { id, created: false };
  });
}

export interface DeleteResult {
  deletedId: string;
  deletedClaims: number;
  deletedTerritoryChanges: number;
}

const restricted = new Set<RecordType>(['actor', 'official', 'region']);

/**
 * Deletes an object. Articles take their claims (with quantities and subjects) and territory
 * changes with them, claims their quantities and the territory changes recorded from them (the
 * foreign keys cascade); actors, officials and regions are refused while anything refers to them.
 */
export function deleteRecord(ctx: Context, type: RecordType, gid: string): Promise<DeleteResult> {
  return transaction(ctx, (store) => {
    const id = decodeId(gid)!.id;
    if (!store.exists(type, id))
      throw new NotFoundError(gid, ['input', 'id'], `there is no ${typenames[type]} with the id ${gid}`);
    if (restricted.has(type)) {
      const usages = store.usages(type as 'actor' | 'official' | 'region', id);
      if (usages.length > 0) {
        const uses = usages.map((u) => `${u.count} ${u.type}${u.count === 1 ? '' : 's'} (${u.field})`).join(', ');
        throw new InUseError(
          `${typenames[type]} ${gid} is still referred to by ${uses}: change or delete those first`,
          gid,
          usages,
        );
      }
    }
    const cascade =
      type === 'article' || type === 'claim' ? store.cascadeCounts(type, id) : { claims: 0, territoryChanges: 0 };
    store.delete(type, id);
    return {
      deletedId: gid,
      deletedClaims: type === 'claim' ? 1 : cascade.claims,
      deletedTerritoryChanges: type === 'territoryChange' ? 1 : cascade.territoryChanges,
    };
  });
}
