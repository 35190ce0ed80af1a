import { brokenRowRules, models, type RecordBody, type RecordType, type Resolve } from '../../model/index.ts';
import type { Rows } from '../../store/layout.ts';
import { RecordWrites } from '../../store/record-writes.ts';
import { sameRow } from '../../store/same-row.ts';
import { prepareRow, type RowProblem } from '../../store/claim-checks.ts';
import { mergeIdentity } from '../../store/natural-keys.ts';
import { writeTransaction } from '../../db/client.ts';
import { announceClaims, type CommittedClaims, claimListeners } from '../../store/claim-events.ts';
import { anyoneListening, notifyClaims } from '../../store/claim-notices.ts';
import { store } from '../../store/store.ts';
import { contradictionKeysNaming } from '../aggregates/contradictions.ts';
import type { Context } from '../builder.ts';
import { ConflictError, InUseError, NotFoundError, validationError } from '../errors.ts';
import { decodeId, globalId, typenames } from './ids.ts';
import type { OnConflict } from './schemas.ts';
import { type AnyDb, isPostgres } from '../../db/engine.ts';
import { runOnSqlite, type Work } from '../../db/statements.ts';
import { writeOnPostgres } from '../../db/postgres/statements.ts';

/**
 * What the mutations do, each in one transaction: anything thrown (a typed error included) rolls
 * the whole mutation back. Inputs become stored rows through the model's codec, as the importer's
 * records do, so natural keys and comparisons are the same whichever way data comes in; the
 * writes themselves go through drizzle.
 */

/** `roles[0].actor` as an input path: ["input", "roles", "0", "actor"]. */
const inputPath = (field: string) => ['input', ...field.split(/[.[\]]+/).filter(Boolean)];

/**
 * The row `build` makes from an input, with its references resolved: well-formed global ids of
 * the right type (the input was validated), which must also exist.
 */
function* resolving<R>(build: (resolve: Resolve) => R): Work<R> {
  const refs: { ref: string; field: string; type: RecordType; id: number }[] = [];
  const row = build((ref, field) => {
    const decoded = decodeId(ref)!;
    refs.push({ ref, field, ...decoded });
    return decoded;
  });
  for (const { ref, field, type, id } of refs) {
    if (!(yield* store.exists(type, id)))
      throw new NotFoundError(ref, inputPath(field), `${field}: there is no ${typenames[type]} with the id ${ref}`);
  }
  return row;
}

/**
 * Runs a write in one transaction on the request's database. SQLite's waits its turn for the write
 * lock (up to the busy timeout) without blocking other requests; PostgreSQL's takes the write lock
 * that every server and import shares.
 */
function transaction<R>(ctx: Context, work: (writes: RecordWrites) => Work<R>): Promise<R> {
  if (isPostgres(ctx.db)) return writeOnPostgres(ctx.db, work(writesByHand));
  const sqlite = ctx.db.$client;
  return writeTransaction(sqlite, () => runOnSqlite(sqlite, work(writesUnderTriggers)));
}

const writesByHand = new RecordWrites(true);
const writesUnderTriggers = new RecordWrites(false);

/** Refuses a parent that would make the row its own ancestor. */
function* checkTree(type: RecordType, id: number, row: Rows[RecordType]): Work<void> {
  if (type !== 'actor' && type !== 'region') return;
  const parentId = (row as Rows['actor' | 'region']).parentId;
  if (parentId !== null && (yield* store.wouldCycle(type, id, parentId)))
    throw validationError([{ path: ['input', 'parent'], message: `would make this ${type} its own ancestor` }]);
}

/** Problems found against the database, as one validation error naming each input field. */
function refuseProblems(problems: RowProblem[]) {
  if (problems.length > 0)
    throw validationError(problems.map((p) => ({ path: inputPath(p.field), message: p.message })));
}

function conflict(type: RecordType, row: Rows[RecordType], existing: number) {
  const id = globalId(type, existing);
  return new ConflictError(`${typenames[type]} ${id} already has ${store.describeKey(type, row)}`, id);
}

export interface WriteResult {
  id: number;
  created: boolean;
}

export async function createRecord<T extends RecordType>(
  ctx: Context,
  type: T,
  input: RecordBody<T> & { onConflict: OnConflict },
): Promise<WriteResult> {
  const claimChanges = new ClaimChanges(ctx.db, type);
  const result = await insertOrMatch(ctx, type, input, claimChanges);
  claimChanges.announce();
  return result;
}

/**
 * Tells the live subscriptions of a claim written: a new one, or a changed one with the
 * contradictions it formed before the change (so that they announce only new ones), taken only
 * while someone listens. On SQLite this process's subscriptions are told after the commit; on
 * PostgreSQL every server's, by a notice inside the transaction that PostgreSQL delivers on commit.
 */
class ClaimChanges {
  private batch: CommittedClaims | undefined;
  private before: Set<string> | undefined;

  constructor(
    private readonly db: AnyDb,
    private readonly type: RecordType,
  ) {}

  /** Inside the transaction, before a claim is changed. */
  *changing(id: number): Work<void> {
    if (this.type !== 'claim') return;
    const listening = isPostgres(this.db) ? yield* anyoneListening() : claimListeners(this.db.$client) > 0;
    if (listening) this.before = yield* contradictionKeysNaming(this.db, [id]);
  }

  /** Inside the transaction, once the claim is written. */
  *written(id: number, created: boolean): Work<void> {
    if (this.type !== 'claim') return;
    if (created) this.batch = { created, claimIds: [id] };
    else if (this.before) this.batch = { created, claimIds: [id], contradictionsBefore: this.before };
    if (this.batch && isPostgres(this.db)) yield* notifyClaims(this.batch);
  }

  /** After the commit. */
  announce() {
    if (this.batch && !isPostgres(this.db)) announceClaims(this.db.$client, this.batch);
  }
}

function insertOrMatch<T extends RecordType>(
  ctx: Context,
  type: T,
  input: RecordBody<T> & { onConflict: OnConflict },
  claimChanges: ClaimChanges,
): Promise<WriteResult> {
  return transaction(ctx, function* (writes) {
    const { onConflict, ...body } = input;
    let row = (yield* resolving((resolve) => models[type].toRow(body, resolve))) as Rows[T];
    const existing = yield* store.find(type, row);
    if (existing === undefined) {
      refuseProblems(yield* prepareRow(type, undefined, row));
      const id = yield* writes.insert(type, row);
      yield* claimChanges.written(id, true);
      return { id, created: true };
    }
    if (onConflict === 'ERROR') throw conflict(type, row, existing);
    if (onConflict === 'UPDATE') {
      refuseProblems(yield* prepareRow(type, existing, row));
      const stored = (yield* store.read(type, existing))!;
      row = mergeIdentity(type, stored, row);
      if (!sameRow(stored, row)) {
        yield* claimChanges.changing(existing);
        yield* writes.update(type, existing, row);
        yield* claimChanges.written(existing, false);
      }
    }
    return { id: existing, created: false };
  });
}

/**
 * Applies a patch (validated field by field already) to the stored row: a field left out keeps
 * its columns, null clears them, a value replaces them. Then checks the merged row as a whole.
 */
export async function updateRecord<T extends RecordType>(
  ctx: Context,
  type: T,
  patch: { id: string } & Record<string, unknown>,
): Promise<WriteResult> {
  const claimChanges = new ClaimChanges(ctx.db, type);
  const result = await transaction(ctx, function* (writes) {
    const { id: gid, ...changes } = patch;
    const id = decodeId(gid)!.id;
    const current = yield* store.read(type, id);
    if (!current) throw new NotFoundError(gid, ['input', 'id'], `there is no ${typenames[type]} with the id ${gid}`);

    const row = (yield* resolving((resolve) => models[type].patchRow(current, changes, resolve))) as Rows[T];
    const broken = brokenRowRules(type, row);
    if (broken.length > 0)
      throw validationError(broken.map((b) => ({ path: ['input', ...b.path.map(String)], message: b.message })));
    yield* checkTree(type, id, row);
    refuseProblems(yield* prepareRow(type, id, row));
    const existing = yield* store.find(type, row);
    if (existing !== undefined && existing !== id) throw conflict(type, row, existing);
    if (!sameRow(current, row)) {
      yield* claimChanges.changing(id);
      yield* writes.update(type, id, row);
      yield* claimChanges.written(id, false);
    }
    return { id, created: false };
  });
  claimChanges.announce();
  return result;
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
  return transaction(ctx, function* (writes) {
    const id = decodeId(gid)!.id;
    if (!(yield* store.exists(type, id)))
      throw new NotFoundError(gid, ['input', 'id'], `there is no ${typenames[type]} with the id ${gid}`);
    if (restricted.has(type)) {
      const usages = yield* store.usages(type as 'actor' | 'official' | 'region', id);
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
      type === 'article' || type === 'claim'
        ? yield* store.cascadeCounts(type, id)
        : { claims: 0, territoryChanges: 0 };
    yield* writes.delete(type, id);
    return {
      deletedId: gid,
      deletedClaims: type === 'claim' ? 1 : cascade.claims,
      deletedTerritoryChanges: type === 'territoryChange' ? 1 : cascade.territoryChanges,
    };
  });
}
