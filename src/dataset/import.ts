import type Database from 'better-sqlite3';
import type { Db } from '../db/client.ts';
import { pauseSearchIndexing } from '../db/search-indexing.ts';
import { models, type RecordType, recordTypes, type Resolve } from '../model/index.ts';
import { type Rows, tableName } from '../store/layout.ts';
import { sameRow } from '../store/same-row.ts';
import { prepareRow } from '../store/claim-checks.ts';
import { mergeIdentity } from '../store/natural-keys.ts';
import { store } from '../store/store.ts';
import { runOnSqlite, type Work } from '../db/statements.ts';
import { announceClaims } from '../store/claim-events.ts';
import { fieldsValidAlone, formatPath, headerSchema, key as keySchema, recordSchema } from './format.ts';
import { type KeyEntry, KeyIndex } from './key-index.ts';
import { pauseClaimFigures } from '../store/claim-figures.ts';
import type { ImportCounts, ImportOptions, ImportSummary, Problem } from './import-report.ts';

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

/**
 * One import: a transaction that records are added to one at a time, then committed or rolled
 * back as a whole. Each record is validated (its shape and its references against the keys before it),
 * matched against the database by its natural key, and inserted, updated or left unchanged.
 * The caller streams records in (`add`) and calls `finish` exactly once, or `abort`.
 */
export class ImportSession {
  readonly counts: ImportCounts = { records: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  private readonly problems: Problem[] = [];
  private problemCount = 0;
  private readonly sqlite: Database.Database;
  private readonly keys: KeyIndex;
  /** Full-text indexing waits for the commit: see pauseSearchIndexing. */
  private readonly searchIndexing: ReturnType<typeof pauseSearchIndexing>;
  /** The claims this import inserted, announced to live subscriptions once it commits. */
  private readonly insertedClaims: number[] = [];
  /** Figures wait for the commit too: see pauseClaimFigures. */
  private readonly resumeClaimFigures: ReturnType<typeof pauseClaimFigures>;
  private readonly updatedClaims: number[] = [];
  private open = true;
  /** A problem with the file itself was found: nothing will be committed. */
  private fatal = false;

  constructor(
    db: Db | Database.Database,
    private readonly options: ImportOptions = {},
  ) {
    this.sqlite = '$client' in db ? db.$client : db;
    this.sqlite.exec('begin immediate');
    try {
      this.resumeClaimFigures = pauseClaimFigures(this.sqlite);
      if (options.replace) this.clear();
      this.keys = new KeyIndex(this.sqlite);
      this.searchIndexing = pauseSearchIndexing(this.sqlite);
    } catch (error) {
      this.sqlite.exec('rollback');
      throw error;
    }
  }

  private clear() {
    // Self-references (parents) are cleared first so each table empties in one statement.
    this.sqlite.exec(
      `update actors set parent_id = null; update regions set parent_id = null; update officials set same_source_as_id = null, same_source_reviewed_by = null;`,
    );
    for (const table of tablesChildrenFirst) this.sqlite.exec(`delete from ${table}`);
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

  add(value: unknown, line: number) {
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
    const savepoint = this.options.continueOnError;
    if (savepoint) this.sqlite.exec('savepoint record');
    try {
      const id = this.write(record.type, row, record.id, problem);
      if (id === undefined) {
        if (savepoint) this.sqlite.exec('rollback to record; release record');
        this.reject(line, record.key, problems, value);
        this.keys.add({ key: record.key, type: record.type, id: null, line });
        return;
      }
      if (savepoint) this.sqlite.exec('release record');
      this.keys.add({ key: record.key, type: record.type, id, line });
    } catch (error) {
      if (savepoint) this.sqlite.exec('rollback to record; release record');
      if (!(error instanceof Error && error.name === 'SqliteError')) throw error;
      problem('', `the database refused it: ${error.message}`);
      this.reject(line, record.key, problems, value);
      this.keys.add({ key: record.key, type: record.type, id: null, line });
    }
  }

  /** Inserts, updates or keeps the row; answers its id, or undefined after reporting why not. */
  private write<T extends RecordType>(
    type: T,
    row: Rows[T],
    preferredId: number | undefined,
    problem: (field: string, message: string) => void,
  ): number | undefined {
    const existing = this.run(store.find(type, row));
    const problems = this.run(prepareRow(type, existing, row));
    if (problems.length > 0) {
      for (const p of problems) problem(p.field, p.message);
      return undefined;
    }
    if (existing === undefined) {
      this.counts.inserted++;
      const id = this.run(store.insert(type, row, preferredId));
      this.searchIndexing.inserted(tableName(type), id);
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
    const stored = this.run(store.read(type, existing))!;
    row = mergeIdentity(type, stored, row);
    if (sameRow(stored, row)) this.counts.unchanged++;
    else {
      this.run(store.update(type, existing, row));
      this.counts.updated++;
      if (type === 'claim') this.updatedClaims.push(existing);
    }
    return existing;
  }

  private run<T>(work: Work<T>): T {
    return runOnSqlite(this.sqlite, work);
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

  /** Commits (or, when something was wrong and errors are not to be skipped, rolls back) and reports. */
  finish(): ImportSummary {
    if (!this.open) throw new Error('this import has already finished');
    const commit = !this.fatal && (this.options.continueOnError || this.counts.rejected === 0);
    this.close(commit ? 'commit' : 'rollback');
    const summary = { ...this.counts, committed: commit, problems: this.problems, problemCount: this.problemCount };
    if (!commit) {
      // Nothing was written: what would have been inserted or updated was not.
      summary.inserted = summary.updated = summary.unchanged = 0;
    }
    return summary;
  }

  /** Rolls everything back (an interrupted import). */
  abort() {
    if (this.open) this.close('rollback');
  }

  private close(how: 'commit' | 'rollback') {
    this.open = false;
    try {
      if (how === 'commit') {
        this.searchIndexing.resume();
        this.resumeClaimFigures([...this.insertedClaims, ...this.updatedClaims]);
      }
      this.sqlite.exec(how);
      if (how === 'commit') announceClaims(this.sqlite, { created: true, claimIds: this.insertedClaims });
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
      throw error;
    } finally {
      this.keys.drop();
    }
  }
}
