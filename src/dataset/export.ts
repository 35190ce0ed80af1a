import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import type { Db } from '../db/client.ts';
import { type DatasetRecordInput, formatName, formatVersion, type RecordType } from './format.ts';
import type { DatasetFormat } from './read.ts';

/**
 * Writes the whole database in the dataset format, streaming: rows are read a page at a time
 * and written as they come, so memory does not grow with the database. Records come type by type
 * (every reference points back), in id order (actors and regions: parents before children), each
 * with its row id, so importing the export into an empty database gives back the same rows with
 * the same global ids. Keys are the type and the id (`claim-17`); values the record leaves out
 * (null, empty lists, `approximate: false`) are left out.
 */

const pageSize = 1000;

export const exportKey = (type: RecordType, id: number) =>
  `${type === 'territoryChange' ? 'territory-change' : type}-${id}`;

type Row = Record<string, unknown> & { id: number };

/** Drops nulls, empty lists and false flags, as a hand-written record would. */
function compact<T extends Record<string, unknown>>(record: T): T {
  for (const [k, v] of Object.entries(record)) {
    if (v === null || v === undefined || v === false || (Array.isArray(v) && v.length === 0)) delete record[k];
  }
  return record;
}

const ref = (type: RecordType, id: unknown) => (id === null || id === undefined ? null : exportKey(type, id as number));
const period = (row: Row) =>
  row.periodStart === null && row.periodEnd === null && row.periodText === null
    ? null
    : compact({ start: row.periodStart, end: row.periodEnd, text: row.periodText });
const quantity = (q: Row) =>
  compact({
    metric: q.metric,
    unit: q.unit,
    best: q.best,
    low: q.low,
    high: q.high,
    approximate: q.approximate === 1,
    phrase: q.phrase,
  });

/** Rows of `sql` (which takes the last id seen and a limit) a page at a time, by id. */
function* pages(sqlite: Database.Database, sql: string): Generator<Row[]> {
  const statement = sqlite.prepare(sql);
  for (let after = 0; ;) {
    const rows = statement.all(after, pageSize) as Row[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

/** Children of a page of rows, grouped by owner id. */
function childrenOf(sqlite: Database.Database, sql: string, rows: Row[]) {
  const byOwner = new Map<number, Row[]>();
  const children = sqlite.prepare(sql).all(rows[0]!.id, rows[rows.length - 1]!.id) as (Row & { owner: number })[];
  for (const child of children) {
    let list = byOwner.get(child.owner);
    if (!list) byOwner.set(child.owner, (list = []));
    list.push(child);
  }
  return (id: number) => byOwner.get(id) ?? [];
}

/** Rows of a self-referencing table, parents first, otherwise in id order. */
function treeOrder(sqlite: Database.Database, table: 'actors' | 'regions', columns: string) {
  // A row's place is the largest id on its way up to the root: a row after its parent stays in id order.
  return sqlite
    .prepare(
      `with recursive chain(id, place, depth) as (
         select id, id, 0 from ${table} where parent_id is null
         union all
         select t.id, max(t.id, chain.place), chain.depth + 1 from ${table} t join chain on t.parent_id = chain.id
       )
       select ${columns} from chain join ${table} t using (id) order by chain.place, chain.depth, t.id`,
    )
    .iterate() as IterableIterator<Row>;
}

export function* exportRecords(sqlite: Database.Database): Generator<DatasetRecordInput> {
  for (const a of treeOrder(
    sqlite,
    'actors',
    't.id, t.name, t.kind, t.country, t.description, t.parent_id as parentId',
  )) {
    yield compact({
      type: 'actor',
      key: exportKey('actor', a.id),
      id: a.id,
      name: a.name,
      kind: a.kind,
      country: a.country,
      description: a.description,
      parent: ref('actor', a.parentId),
    }) as DatasetRecordInput;
  }

  for (const officials of pages(
    sqlite,
    `select id, name, description from officials where id > ? order by id limit ?`,
  )) {
    const roles = childrenOf(
      sqlite,
      `select official_id as owner, title, actor_id as actorId, since, until from roles
       where official_id between ? and ? order by official_id, id`,
      officials,
    );
    for (const o of officials) {
      yield compact({
        type: 'official',
        key: exportKey('official', o.id),
        id: o.id,
        name: o.name,
        description: o.description,
        roles: roles(o.id).map((r) =>
          compact({ title: r.title, actor: ref('actor', r.actorId), since: r.since, until: r.until }),
        ),
      }) as DatasetRecordInput;
    }
  }

  for (const r of treeOrder(sqlite, 'regions', 't.id, t.name, t.kind, t.country, t.parent_id as parentId')) {
    yield compact({
      type: 'region',
      key: exportKey('region', r.id),
      id: r.id,
      name: r.name,
      kind: r.kind,
      country: r.country,
      parent: ref('region', r.parentId),
    }) as DatasetRecordInput;
  }

  for (const articles of pages(
    sqlite,
    `select id, title, url, outlet_id as outletId, published_at as publishedAt, summary from articles
     where id > ? order by id limit ?`,
  )) {
    const sources = childrenOf(
      sqlite,
      `select article_id as owner, actor_id as actorId from article_cited_sources
       where article_id between ? and ? order by article_id, actor_id`,
      articles,
    );
    for (const a of articles) {
      yield compact({
        type: 'article',
        key: exportKey('article', a.id),
        id: a.id,
        title: a.title,
        url: a.url,
        outlet: ref('actor', a.outletId),
        publishedAt: a.publishedAt,
        summary: a.summary,
        citedSources: sources(a.id).map((s) => ref('actor', s.actorId)),
      }) as DatasetRecordInput;
    }
  }

  for (const claims of pages(
    sqlite,
    `select id, article_id as articleId, statement, kind, attribution, claimant_actor_id as claimantActorId,
       claimant_official_id as claimantOfficialId, region_id as regionId, period_start as periodStart,
       period_end as periodEnd, period_text as periodText
     from claims where id > ? order by id limit ?`,
  )) {
    const subjects = childrenOf(
      sqlite,
      `select claim_id as owner, actor_id as actorId from claim_subjects
       where claim_id between ? and ? order by claim_id, actor_id`,
      claims,
    );
    const quantities = childrenOf(
      sqlite,
      `select claim_id as owner, metric, unit, best, low, high, approximate, phrase from quantities
       where claim_id between ? and ? order by claim_id, id`,
      claims,
    );
    for (const c of claims) {
      yield compact({
        type: 'claim',
        key: exportKey('claim', c.id),
        id: c.id,
        article: ref('article', c.articleId),
        statement: c.statement,
        kind: c.kind,
        attribution: c.attribution,
        claimant: ref('official', c.claimantOfficialId) ?? ref('actor', c.claimantActorId),
        subjects: subjects(c.id).map((s) => ref('actor', s.actorId)),
        region: ref('region', c.regionId),
        period: period(c),
        quantities: quantities(c.id).map(quantity),
      }) as DatasetRecordInput;
    }
  }

  for (const changes of pages(
    sqlite,
    `select id, region_id as regionId, gained_by_id as gainedById, lost_by_id as lostById, claim_id as claimId,
       article_id as articleId, period_start as periodStart, period_end as periodEnd, period_text as periodText
     from territory_changes where id > ? order by id limit ?`,
  )) {
    const amounts = childrenOf(
      sqlite,
      `select territory_change_id as owner, metric, unit, best, low, high, approximate, phrase from quantities
       where territory_change_id between ? and ? order by territory_change_id, id`,
      changes,
    );
    for (const t of changes) {
      yield compact({
        type: 'territoryChange',
        key: exportKey('territoryChange', t.id),
        id: t.id,
        region: ref('region', t.regionId),
        gainedBy: ref('actor', t.gainedById),
        lostBy: ref('actor', t.lostById),
        claim: ref('claim', t.claimId),
        article: ref('article', t.articleId),
        period: period(t),
        amount: amounts(t.id).map(quantity),
      }) as DatasetRecordInput;
    }
  }
}

export interface ExportOptions {
  format?: DatasetFormat;
  /** Called after every record written. */
  onRecord?: (written: number) => void;
}

/**
 * Writes every record to `out` in one read transaction (a consistent snapshot, even while a
 * server writes). Uses the connection alone while it runs: give it its own.
 */
export async function exportDataset(db: Db | Database.Database, out: Writable, options: ExportOptions = {}) {
  const sqlite = '$client' in db ? db.$client : db;
  const format = options.format ?? 'ndjson';
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const header = JSON.stringify({ format: formatName, version: formatVersion });
  let written = 0;
  sqlite.exec('begin');
  try {
    const counts = sqlite
      .prepare(`select (select count(*) from actors) as actors, (select count(*) from regions) as regions`)
      .get() as { actors: number; regions: number };
    const treeRows = { actor: 0, region: 0 };
    await write(format === 'json' ? `${header.slice(0, -1)},"records":[` : `${header}\n`);
    for (const record of exportRecords(sqlite)) {
      if (record.type === 'actor' || record.type === 'region') treeRows[record.type]++;
      const line = JSON.stringify(record);
      await write(format === 'json' ? `${written === 0 ? '\n' : ',\n'}${line}` : `${line}\n`);
      written++;
      options.onRecord?.(written);
    }
    await write(format === 'json' ? '\n]}\n' : '');
    // A parent cycle (which the API refuses to make) would hide rows from the tree walk: never drop them silently.
    if (treeRows.actor !== counts.actors || treeRows.region !== counts.regions)
      throw new Error('some actors or regions are their own ancestors; the export would be incomplete');
  } finally {
    sqlite.exec('commit');
  }
  return written;
}
