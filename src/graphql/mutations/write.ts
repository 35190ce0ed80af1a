import { brokenRowRules, models, type RecordBody, type RecordType, type Resolve } from '../../model/index.ts';
import type { Rows } from '../../store/layout.ts';
import { RecordWrites } from '../../store/record-writes.ts';
import { sameRow } from '../../store/same-row.ts';
import { prepareRow, type RowProblem } from '../../store/claim-checks.ts';
import { mergeIdentity } from '../../store/natural-keys.ts';
import { writeTransaction } from '../../db/client.ts';
import { announceChangedClaims, announceCommittedClaims, claimListeners } from '../../store/claim-events.ts';
import { store } from '../../store/store.ts';
import { contradictionKeysNaming } from '../aggregates/contradictions.ts';
import type { Context } from '../builder.ts';
import { ConflictError, InUseError, NotFoundError, validationError } from '../errors.ts';
import { decodeId, globalId, typenames } from './ids.ts';
import type { OnConflict } from './schemas.ts';
import { isPostgres } from '../../db/engine.ts';
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
  const refs: { ref: string; field: string }[] = [];
  const row = build((ref, field) => {
    refs.push({ ref, field });
    return decodeId(ref)!;
  });
  for (const { ref, field } of refs) {
    const { type, id } = decodeId(ref)!;
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
  const claimChanges = new ClaimChanges(ctx, type);
  const result = await insertOrMatch(ctx, type, input, claimChanges);
  // After the commit, so a subscription that loads the claim finds it.
  if (type === 'claim' && result.created && !isPostgres(ctx.db)) announceCommittedClaims(ctx.db.$client, [result.id]);
  claimChanges.announce();
  return result;
}

/**
 * A changed claim may form contradictions it did not form before. Live subscriptions are told,
 * after the commit, which held before the change, so that they announce only the new ones; taken
 * only while someone listens (on SQLite: PostgreSQL has no subscriptions yet).
 */
class ClaimChanges {
  private before: Set<string> | undefined;
  private claimId = 0;

  constructor(
    private readonly ctx: Context,
    private readonly type: RecordType,
  ) {}

  /** Inside the transaction, before the claim is written. */
  changing(id: number) {
    const db = this.ctx.db;
    if (this.type !== 'claim' || isPostgres(db) || claimListeners(db.$client) === 0) return;
    this.claimId = id;
    this.before = contradictionKeysNaming(db, [id]);
  }

  announce() {
    if (this.before && !isPostgres(this.ctx.db))
      announceChangedClaims(this.ctx.db.$client, [this.claimId], this.before);
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
      return { id: yield* writes.insert(type, row), created: true };
    }
    if (onConflict === 'ERROR') throw conflict(type, row, existing);
    if (onConflict === 'UPDATE') {
      refuseProblems(yield* prepareRow(type, existing, row));
      const stored = (yield* store.read(type, existing))!;
      row = mergeIdentity(type, stored, row);
      if (!sameRow(stored, row)) {
        claimChanges.changing(existing);
        yield* writes.update(type, existing, row);
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
  const claimChanges = new ClaimChanges(ctx, type);
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
      claimChanges.changing(id);
      yield* writes.update(type, id, row);
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
