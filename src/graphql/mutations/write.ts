import { brokenRowRules, models, type RecordBody, type RecordType, type Resolve } from '../../model/index.ts';
import type { Rows } from '../../store/layout.ts';
import { RecordWrites } from '../../store/record-writes.ts';
import { sameRow } from '../../store/same-row.ts';
import { prepareRow, type RowProblem } from '../../store/claim-checks.ts';
import { mergeIdentity } from '../../store/natural-keys.ts';
import { writeTransaction } from '../../db/client.ts';
import { announceChangedClaims, announceCommittedClaims, claimListeners } from '../../store/claim-events.ts';
import { Store } from '../../store/store.ts';
import { contradictionKeysNaming } from '../aggregates/contradictions.ts';
import type { Context } from '../builder.ts';
import { ConflictError, InUseError, NotFoundError, validationError } from '../errors.ts';
import { decodeId, globalId, typenames } from './ids.ts';
import type { OnConflict } from './schemas.ts';
import { sqliteOf } from '../sqlite-only.ts';

/**
 * What the mutations do, each in one transaction: anything thrown (a typed error included) rolls
 * the whole mutation back. Inputs become stored rows through the model's codec, as the importer's
 * records do, so natural keys and comparisons are the same whichever way data comes in; the
 * writes themselves go through drizzle.
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

interface Stores {
  store: Store;
  writes: RecordWrites;
}

/** Waits its turn for the write lock (up to the busy timeout) without blocking other requests. */
function transaction<R>(ctx: Context, work: (stores: Stores) => R): Promise<R> {
  const sqlite = sqliteOf(ctx, 'mutations').$client;
  const stores = { store: Store.of(sqlite), writes: new RecordWrites(sqlite) };
  return writeTransaction(sqlite, () => work(stores));
}

/** Refuses a parent that would make the row its own ancestor. */
function checkTree(store: Store, type: RecordType, id: number, row: Rows[RecordType]) {
  if (type !== 'actor' && type !== 'region') return;
  const parentId = (row as Rows['actor' | 'region']).parentId;
  if (parentId !== null && store.wouldCycle(type, id, parentId))
    throw validationError([{ path: ['input', 'parent'], message: `would make this ${type} its own ancestor` }]);
}

/** Problems found against the database, as one validation error naming each input field. */
function refuseProblems(problems: RowProblem[]) {
  if (problems.length > 0)
    throw validationError(problems.map((p) => ({ path: inputPath(p.field), message: p.message })));
}

function conflict(store: Store, type: RecordType, row: Rows[RecordType], existing: number) {
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
  if (type === 'claim' && result.created) announceCommittedClaims(sqliteOf(ctx, 'mutations').$client, [result.id]);
  claimChanges.announce();
  return result;
}

/**
 * A changed claim may form contradictions it did not form before. Live subscriptions are told,
 * after the commit, which held before the change, so that they announce only the new ones; taken
 * only while someone listens.
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
    if (this.type !== 'claim' || claimListeners(sqliteOf(this.ctx, 'mutations').$client) === 0) return;
    this.claimId = id;
    this.before = contradictionKeysNaming(sqliteOf(this.ctx, 'mutations'), [id]);
  }

  announce() {
    if (this.before) announceChangedClaims(sqliteOf(this.ctx, 'mutations').$client, [this.claimId], this.before);
  }
}

function insertOrMatch<T extends RecordType>(
  ctx: Context,
  type: T,
  input: RecordBody<T> & { onConflict: OnConflict },
  claimChanges: ClaimChanges,
): Promise<WriteResult> {
  return transaction(ctx, ({ store, writes }) => {
    const { onConflict, ...body } = input;
    let row = models[type].toRow(body, resolver(store)) as Rows[T];
    const existing = store.find(type, row);
    if (existing === undefined) {
      refuseProblems(prepareRow(store, type, undefined, row));
      return { id: writes.insert(type, row), created: true };
    }
    if (onConflict === 'ERROR') throw conflict(store, type, row, existing);
    if (onConflict === 'UPDATE') {
      refuseProblems(prepareRow(store, type, existing, row));
      const stored = store.read(type, existing)!;
      row = mergeIdentity(type, stored, row);
      if (!sameRow(stored, row)) {
        claimChanges.changing(existing);
        writes.update(type, existing, row);
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
  const result = await transaction(ctx, ({ store, writes }) => {
    const { id: gid, ...changes } = patch;
    const id = decodeId(gid)!.id;
    const current = store.read(type, id);
    if (!current) throw new NotFoundError(gid, ['input', 'id'], `there is no ${typenames[type]} with the id ${gid}`);

    const row = models[type].patchRow(current, changes, resolver(store)) as Rows[T];
    const broken = brokenRowRules(type, row);
    if (broken.length > 0)
      throw validationError(broken.map((b) => ({ path: ['input', ...b.path.map(String)], message: b.message })));
    checkTree(store, type, id, row);
    refuseProblems(prepareRow(store, type, id, row));
    const existing = store.find(type, row);
    if (existing !== undefined && existing !== id) throw conflict(store, type, row, existing);
    if (!sameRow(current, row)) {
      claimChanges.changing(id);
      writes.update(type, id, row);
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
  return transaction(ctx, ({ store, writes }) => {
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
    writes.delete(type, id);
    return {
      deletedId: gid,
      deletedClaims: type === 'claim' ? 1 : cascade.claims,
      deletedTerritoryChanges: type === 'territoryChange' ? 1 : cascade.territoryChanges,
    };
  });
}
