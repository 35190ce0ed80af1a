import type Database from 'better-sqlite3';
import type { RecordType } from '../model/index.ts';

export interface KeyEntry {
  type: RecordType;
  /** The row the record became; null when the record was rejected. */
  id: number | null;
  line: number;
  key: string;
}

let tables = 0;

/**
 * The file's keys and the rows they became, for resolving references. Every key goes to a
 * temporary table (on disk: SQLite keeps it in temp files with a bounded page cache), with the
 * most recent ones in two bounded in-memory generations in front, so memory stays flat however
 * large the file while most references (to the article or actors just before) never touch SQL.
 */
export class KeyIndex {
  private readonly table = `import_keys_${process.pid}_${++tables}`;
  private young = new Map<string, KeyEntry>();
  private old = new Map<string, KeyEntry>();
  private readonly insert: Database.Statement;
  private readonly byKey: Database.Statement;
  private readonly byRow: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly generationSize = 50_000,
  ) {
    sqlite.exec(
      `create temp table ${this.table} (key text primary key, type text not null, id integer, line integer not null) without rowid;
       create index temp.${this.table}_row on ${this.table} (type, id);`,
    );
    this.insert = sqlite.prepare(`insert into temp.${this.table} (key, type, id, line) values (?, ?, ?, ?)`);
    this.byKey = sqlite.prepare(`select key, type, id, line from temp.${this.table} where key = ?`);
    this.byRow = sqlite.prepare(`select key, type, id, line from temp.${this.table} where type = ? and id = ?`);
  }

  get(key: string): KeyEntry | undefined {
    const cached = this.young.get(key) ?? this.old.get(key);
    if (cached) return cached;
    const found = this.byKey.get(key) as KeyEntry | undefined;
    if (found) this.remember(found);
    return found;
  }

  add(entry: KeyEntry) {
    this.insert.run(entry.key, entry.type, entry.id, entry.line);
    this.remember(entry);
  }

  /** The earlier record of this file that became (or matched) the row, if any. */
  byRowId(type: RecordType, id: number): KeyEntry | undefined {
    return this.byRow.get(type, id) as KeyEntry | undefined;
  }

  private remember(entry: KeyEntry) {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(entry.key, entry);
  }

  drop() {
    this.young.clear();
    this.old.clear();
    this.sqlite.exec(`drop table if exists temp.${this.table}`);
  }
}
