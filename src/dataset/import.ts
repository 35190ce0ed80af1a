import type Database from 'better-sqlite3';
import type { Db } from '../db/client.ts';
import { pauseSearchIndexing } from '../db/search-indexing.ts';
import { models, type RecordType, recordTypes, type Resolve } from '../model/index.ts';
import { type Rows, tableName } from '../store/layout.ts';
import { sameRow } from '../store/same-row.ts';
import { prepareRow } from '../store/claim-checks.ts';
import { mergeIdentity } from '../store/natural-keys.ts';
import { store } from '../store/store.ts';
import { run, runOnSqlite, type Work } from '../db/statements.ts';
import { announceClaims } from '../store/claim-events.ts';
import { fieldsValidAlone, formatPath, headerSchema, key as keySchema, recordSchema } from './format.ts';
import { type KeyEntry, KeyIndex } from './key-index.ts';
import { pauseClaimFigures } from '../store/claim-figures.ts';
import type { ImportCounts, ImportOptions, ImportSummary, Problem } from './import-report.ts';
import type { DatasetItem } from './read.ts';

/** Tables in an order that deletes children before the rows they point at. */
const tablesChildrenFirst = [
  'claim_figures',
  'quantities',
  'territory_changes',
  'claim_relations',
  'claim_hops',
  'claim_joint_claimants',
  'claim_regions',
  'claim_subjects',
  'claims',
  'article_cited_sources',
  'articles',
  'roles',
  'official_aliases',
  'officials',
  'actor_aliases',
  'regions',
  'actors',
];

const isRecordType = (type: unknown): type is RecordType => recordTypes.includes(type as RecordType);
const article = (type: RecordType) => (/^[aeiou]/.test(type) ? 'an' : 'a');

/** Empties every table (an import with `replace`), children first. */
export function* clearAll(): Work<void> {
  // Self-references (parents) are cleared first so each table empties in one statement.
  yield* run('update actors set parent_id = null');
  yield* run('update regions set parent_id = null');
  yield* run('update officials set same_source_as_id = null, same_source_reviewed_by = null');
  for (const table of tablesChildrenFirst) yield* run(`delete from ${table}`);
}

/** Undoes the record's writes and drops its savepoint, so savepoints never pile up however many records are rejected. */
function* undoRecord(): Work<void> {
  yield* run('rollback to savepoint import_record');
  yield* run('release savepoint import_record');
}

/** Where an import writes, besides the statements it runs: see SqliteImport and src/dataset/on-postgres.ts. */
export interface ImportTarget {
  /** The file's keys, in a SQLite file of their own or the database's own temp tables. */
  keys: KeyIndex;
  /** Whether an error thrown by a statement is the database refusing the row (the record is rejected). */
  refuses(error: unknown): boolean;
  /** Each record written inside a savepoint of its own, so that a refusal undoes that record only. */
  savepoints: boolean;
  /** Told of each row inserted (SQLite indexes their text for search after the commit). */
  inserted?(table: string, id: number): void;
}

/**
 * One import's rules, the same on either engine: records are added one at a time, each validated
 * (its shape, and its references against the keys before it), matched against the database by its
 * natural key, and inserted, updated or left unchanged, through statements (src/db/statements.ts)
 * that the engine's import runs inside its transaction. `shouldCommit` and `summary` say how it ended.
 */
export class ImportSession {
  readonly counts: ImportCounts = { records: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  private readonly problems: Problem[] = [];
  private problemCount = 0;
  private readonly keys: KeyIndex;
  /** The claims this import inserted, announced to live subscriptions once it commits. */
  readonly insertedClaims: number[] = [];
  /** Claims and articles it changed: their claims' figures are worked out again before the commit. */
  readonly updatedClaims: number[] = [];
  readonly updatedArticles: number[] = [];
  /** A problem with the file itself was found: nothing will be committed. */
  private fatal = false;

  constructor(
    private readonly target: ImportTarget,
    private readonly options: ImportOptions = {},
  ) {
    this.keys = target.keys;
  }

  /** A chunk of the file's items, in order. */
  *feed(items: DatasetItem[]): Work<void> {
    for (const item of items) {
      if (item.kind === 'record') yield* this.add(item.value, item.line);
      else if (item.kind === 'header') this.header(item.value, item.line);
      else if (item.kind === 'unreadable') this.unreadable(item.line, item.message, item.text);
      else this.fileProblem(item.line, '', item.message);
    }
  }

  /** The header of the NDJSON form (its first line) or of the JSON form (its top-level fields). */
  header(value: unknown, line: number) {
    const parsed = headerSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        this.fileProblem(line, `header ${formatPath(issue.path)}`.trim(), issue.message);
    }
  }

  /** A problem with the file itself (unreadable JSON, a bad header): nothing is committed, whatever the mode. */
  fileProblem(line: number, field: string, message: string) {
    this.fatal = true;
    this.note({ line, field, message });
  }

  /** A line that is not JSON: the record on it is rejected. */
  unreadable(line: number, message: string, text?: string) {
    this.counts.records++;
    this.reject(line, undefined, [{ line, field: '', message }], text);
  }

  *add(value: unknown, line: number): Work<void> {
    this.counts.records++;
    const raw = (typeof value === 'object' && value !== null ? value : {}) as { type?: unknown; key?: unknown };
    const parsed = recordSchema.safeParse(value);
    // A record that fails validation is still registered under its key (when that is well-formed),
    // so records referring to it are told it was rejected rather than that the key is unknown.
    const key = parsed.success
      ? parsed.data.key
      : keySchema.safeParse(raw.key).success
        ? (raw.key as string)
        : undefined;
    const type = parsed.success ? parsed.data.type : isRecordType(raw.type) ? raw.type : undefined;
    const problems: Problem[] = [];
    const problem = (field: string, message: string) => problems.push({ line, key, field, message });
    if (!parsed.success) for (const issue of parsed.error.issues) problem(formatPath(issue.path), issue.message);

    let duplicateKey = false;
    if (key !== undefined) {
      const earlier = this.keys.get(key);
      if (earlier) {
        duplicateKey = true;
        problem('key', `"${key}" is already the key of the ${earlier.type} on line ${earlier.line}`);
      }
    }

    let row: Rows[RecordType] | undefined;
    if (type !== undefined) {
      const resolve: Resolve = (ref, field, types) => {
        const entry = this.keys.get(ref);
        if (!entry) return void problem(field, `"${ref}" is not the key of an earlier record`);
        if (!types.includes(entry.type))
          return void problem(
            field,
            `"${ref}" is ${article(entry.type)} ${entry.type}, expected ${types.join(' or ')}`,
          );
        if (entry.id === null)
          return void problem(field, `"${ref}" is the ${entry.type} on line ${entry.line}, which was rejected`);
        return { type: entry.type, id: entry.id };
      };
      // An invalid record's references are checked too (those in fields valid on their own), so
      // that it is rejected once with every problem it has rather than one kind per attempt.
      if (parsed.success) {
        const { type: _type, key: _key, id: _id, ...body } = parsed.data;
        row = models[type].toRow(body, resolve) as Rows[RecordType];
      } else models[type].toRow(fieldsValidAlone(type, raw), resolve);
    }

    if (problems.length > 0 || !parsed.success || !row) {
      this.reject(line, key, problems, value);
      if (key !== undefined && type !== undefined && !duplicateKey) this.keys.add({ key, type, id: null, line });
      return;
    }

    const record = parsed.data;
    const savepoint = this.target.savepoints;
    if (savepoint) yield* run('savepoint import_record');
    try {
      const id = yield* this.write(record.type, row, record.id, problem);
      if (id === undefined) {
        if (savepoint) yield* undoRecord();
        this.reject(line, record.key, problems, value);
        this.keys.add({ key: record.key, type: record.type, id: null, line });
        return;
      }
      if (savepoint) yield* run('release savepoint import_record');
      this.keys.add({ key: record.key, type: record.type, id, line });
    } catch (error) {
      if (!this.target.refuses(error)) throw error;
      if (savepoint) yield* undoRecord();
      problem('', `the database refused it: ${(error as Error).message}`);
      this.reject(line, record.key, problems, value);
      this.keys.add({ key: record.key, type: record.type, id: null, line });
    }
  }

  /** Inserts, updates or keeps the row; answers its id, or undefined after reporting why not. */
  private *write<T extends RecordType>(
    type: T,
    row: Rows[T],
    preferredId: number | undefined,
    problem: (field: string, message: string) => void,
  ): Work<number | undefined> {
    const existing = yield* store.find(type, row);
    const problems = yield* prepareRow(type, existing, row);
    if (problems.length > 0) {
      for (const p of problems) problem(p.field, p.message);
      return undefined;
    }
    if (existing === undefined) {
      this.counts.inserted++;
      const id = yield* store.insert(type, row, preferredId);
      this.target.inserted?.(tableName(type), id);
      if (type === 'claim') this.insertedClaims.push(id);
      return id;
    }
    const earlier: KeyEntry | undefined = this.keys.byRowId(type, existing);
    if (earlier) {
      problem(
        '',
        `has the same natural key (${store.describeKey(type, row)}) as "${earlier.key}" on line ${earlier.line}: the file describes one ${type} twice`,
      );
      return undefined;
    }
    const stored = (yield* store.read(type, existing))!;
    row = mergeIdentity(type, stored, row);
    if (sameRow(stored, row)) this.counts.unchanged++;
    else {
      yield* store.update(type, existing, row);
      this.counts.updated++;
      if (type === 'claim') this.updatedClaims.push(existing);
      if (type === 'article') this.updatedArticles.push(existing);
    }
    return existing;
  }

  private reject(line: number, key: string | undefined, problems: Problem[], record: unknown) {
    this.counts.rejected++;
    for (const p of problems) this.note(p);
    this.options.onRejected?.({ line, key, problems, record });
  }

  private note(problem: Problem) {
    this.problemCount++;
    if (this.problems.length < (this.options.maxProblems ?? 10_000)) this.problems.push(problem);
  }

  /** Whether what was written should be committed: nothing is wrong with the file, and every record was valid or errors are skipped. */
  shouldCommit() {
    return !this.fatal && (this.options.continueOnError || this.counts.rejected === 0);
  }

  summary(committed: boolean): ImportSummary {
    const summary = { ...this.counts, committed, problems: this.problems, problemCount: this.problemCount };
    // Nothing was written: what would have been inserted or updated was not.
    if (!committed) summary.inserted = summary.updated = summary.unchanged = 0;
    return summary;
  }
}

/**
 * An import into SQLite: one write transaction (`begin immediate`), committed or rolled back as a
 * whole. The caller feeds chunks of the file in (`feed`) and calls `finish` exactly once, or `abort`.
 */
export class SqliteImport {
  readonly session: ImportSession;
  private readonly sqlite: Database.Database;
  private readonly keys: KeyIndex;
  /** Full-text indexing waits for the commit: see pauseSearchIndexing. */
  private readonly searchIndexing: ReturnType<typeof pauseSearchIndexing>;
  /** Figures wait for the commit too: see pauseClaimFigures. */
  private readonly resumeClaimFigures: ReturnType<typeof pauseClaimFigures>;
  private open = true;

  constructor(db: Db | Database.Database, options: ImportOptions = {}) {
    const sqlite = '$client' in db ? db.$client : db;
    this.sqlite = sqlite;
    sqlite.exec('begin immediate');
    try {
      this.resumeClaimFigures = pauseClaimFigures(sqlite);
      if (options.replace) runOnSqlite(sqlite, clearAll());
      this.keys = new KeyIndex(sqlite);
      this.searchIndexing = pauseSearchIndexing(sqlite);
      const searchIndexing = this.searchIndexing;
      this.session = new ImportSession(
        {
          keys: this.keys,
          refuses: (error) => error instanceof Error && error.name === 'SqliteError',
          // SQLite undoes a refused statement by itself; a savepoint is needed only to undo the rest of its record.
          savepoints: options.continueOnError === true,
          inserted: (table, id) => searchIndexing.inserted(table, id),
        },
        options,
      );
    } catch (error) {
      sqlite.exec('rollback');
      throw error;
    }
  }

  feed(items: DatasetItem[]) {
    runOnSqlite(this.sqlite, this.session.feed(items));
  }

  /** Commits (or, when something was wrong and errors are not to be skipped, rolls back) and reports. */
  finish(): ImportSummary {
    if (!this.open) throw new Error('this import has already finished');
    const commit = this.session.shouldCommit();
    this.close(commit ? 'commit' : 'rollback');
    return this.session.summary(commit);
  }

  /** Rolls everything back (an interrupted import). */
  abort() {
    if (this.open) this.close('rollback');
  }

  private close(how: 'commit' | 'rollback') {
    this.open = false;
    const { insertedClaims, updatedClaims, updatedArticles } = this.session;
    try {
      if (how === 'commit') {
        this.searchIndexing.resume();
        const ofArticles = this.sqlite
          .prepare('select id from claims where article_id in (select value from json_each(?))')
          .pluck()
          .all(JSON.stringify(updatedArticles)) as number[];
        this.resumeClaimFigures([...insertedClaims, ...updatedClaims, ...ofArticles]);
      }
      this.sqlite.exec(how);
      if (how === 'commit') announceClaims(this.sqlite, { created: true, claimIds: insertedClaims });
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
      throw error;
    } finally {
      this.keys.drop();
    }
  }
}
