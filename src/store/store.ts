import type Database from 'better-sqlite3';
import type { RecordType } from '../dataset/format.ts';
import type {
  ActorRow,
  ArticleRow,
  ClaimRow,
  OfficialRow,
  PeriodColumns,
  QuantityRow,
  RegionRow,
  Rows,
  TerritoryChangeRow,
} from './rows.ts';

/**
 * Reads and writes whole records (a row with its children) through prepared better-sqlite3
 * statements: the importer writes hundreds of thousands of rows, and drizzle's per-call query
 * building would cost more than the insert. One Store per connection; callers own the transaction.
 *
 * Natural keys, so that nothing is stored twice:
 * - actor: name and country (unique index actors_name_country)
 * - official: name (or, unnamed, description) and the body of their first role
 * - region: name and parent (unique index regions_name_parent)
 * - article: URL; without one, title, outlet and publication time (unique indexes)
 * - claim: article, statement and claimant (unique index claims_natural_key)
 * - territory change: region, sides, claim, article and period (everything but the amount)
 */

export interface Usage {
  /** GraphQL type of the referring objects. */
  type: string;
  /** Their field that refers. */
  field: string;
  count: number;
}

interface Table<R> {
  /** The SQL table. */
  name: string;
  /** The row with the same natural key, if any. */
  find(row: R): number | undefined;
  read(id: number): R | undefined;
  /** Inserts with `preferredId` when that id is free. */
  insert(row: R, preferredId?: number): number;
  update(id: number, row: R): void;
  /** The natural key in words, for error messages. */
  describeKey(row: R): string;
}

const bool = (value: boolean) => (value ? 1 : 0);
const periodParams = (p: PeriodColumns) => [p.periodStart, p.periodEnd, p.periodText];
const toQuantity = (q: Omit<QuantityRow, 'approximate'> & { approximate: number }): QuantityRow => ({
  metric: q.metric,
  unit: q.unit,
  best: q.best,
  low: q.low,
  high: q.high,
  approximate: q.approximate === 1,
  phrase: q.phrase,
});

const stores = new WeakMap<Database.Database, Store>();

export class Store {
  static of(sqlite: Database.Database): Store {
    let store = stores.get(sqlite);
    if (!store) stores.set(sqlite, (store = new Store(sqlite)));
    return store;
  }

  private readonly statements = new Map<string, Database.Statement>();

  private constructor(readonly sqlite: Database.Database) {}

  private statement(sql: string) {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.sqlite.prepare(sql)));
    return statement;
  }

  private get<T>(sql: string, ...params: unknown[]) {
    return this.statement(sql).get(...params) as T | undefined;
  }

  private all<T>(sql: string, ...params: unknown[]) {
    return this.statement(sql).all(...params) as T[];
  }

  private run(sql: string, ...params: unknown[]) {
    return this.statement(sql).run(...params);
  }

  private idOf(sql: string, ...params: unknown[]) {
    return this.get<{ id: number }>(sql, ...params)?.id;
  }

  /**
   * Inserts with the preferred id when that id is free, else with a fresh one. `sql` inserts
   * (id, ...); natural keys were checked before. (A plain insert and the last rowid: an upsert
   * clause or `returning` measurably slows the hot path.)
   */
  private insertRow(table: string, sql: string, preferredId: number | undefined, ...params: unknown[]): number {
    const id =
      preferredId !== undefined && this.get(`select 1 from ${table} where id = ?`, preferredId) === undefined
        ? preferredId
        : null;
    return Number(this.run(sql, id, ...params).lastInsertRowid);
  }

  private insertQuantities(owner: 'claim_id' | 'territory_change_id', ownerId: number, quantities: QuantityRow[]) {
    for (const q of quantities) {
      this.run(
        `insert into quantities (${owner}, metric, unit, best, low, high, approximate, phrase) values (?, ?, ?, ?, ?, ?, ?, ?)`,
        ownerId,
        q.metric,
        q.unit,
        q.best,
        q.low,
        q.high,
        bool(q.approximate),
        q.phrase,
      );
    }
  }

  private readQuantities(owner: 'claim_id' | 'territory_change_id', ownerId: number) {
    return this.all<Omit<QuantityRow, 'approximate'> & { approximate: number }>(
      `select metric, unit, best, low, high, approximate, phrase from quantities where ${owner} = ? order by id`,
      ownerId,
    ).map(toQuantity);
  }

  readonly tables: { [T in RecordType]: Table<Rows[T]> } = {
    actor: {
      name: 'actors',
      find: (a: ActorRow) =>
        this.idOf(`select id from actors where name = ? and coalesce(country, '') = ?`, a.name, a.country ?? ''),
      read: (id: number) =>
        this.get<ActorRow>(
          `select name, kind, country, description, parent_id as parentId from actors where id = ?`,
          id,
        ),
      insert: (a: ActorRow, preferredId?: number) =>
        this.insertRow(
          'actors',
          `insert into actors (id, name, kind, country, description, parent_id) values (?, ?, ?, ?, ?, ?)`,
          preferredId,
          a.name,
          a.kind,
          a.country,
          a.description,
          a.parentId,
        ),
      update: (id: number, a: ActorRow) => {
        this.run(
          `update actors set name = ?, kind = ?, country = ?, description = ?, parent_id = ? where id = ?`,
          a.name,
          a.kind,
          a.country,
          a.description,
          a.parentId,
          id,
        );
      },
      describeKey: (a: ActorRow) => `name "${a.name}" and ${a.country ? `country ${a.country}` : 'no country'}`,
    },

    official: {
      name: 'officials',
      find: (o: OfficialRow) =>
        this.idOf(
          `select o.id from officials o
           where coalesce(o.name, o.description) = ? and o.anonymous = ?
             and coalesce((select r.actor_id from roles r where r.official_id = o.id order by r.id limit 1), 0) = ?
           order by o.id limit 1`,
          o.name ?? o.description,
          bool(o.name === null),
          o.roles[0]?.actorId ?? 0,
        ),
      read: (id: number) => {
        const official = this.get<{ name: string | null; description: string }>(
          `select name, description from officials where id = ?`,
          id,
        );
        if (!official) return undefined;
        const roles = this.all<OfficialRow['roles'][number]>(
          `select title, actor_id as actorId, since, until from roles where official_id = ? order by id`,
          id,
        );
        return { ...official, roles };
      },
      insert: (o: OfficialRow, preferredId?: number) => {
        const id = this.insertRow(
          'officials',
          `insert into officials (id, name, description, anonymous) values (?, ?, ?, ?)`,
          preferredId,
          o.name,
          o.description,
          bool(o.name === null),
        );
        this.insertRoles(id, o);
        return id;
      },
      update: (id: number, o: OfficialRow) => {
        this.run(
          `update officials set name = ?, description = ?, anonymous = ? where id = ?`,
          o.name,
          o.description,
          bool(o.name === null),
          id,
        );
        this.run(`delete from roles where official_id = ?`, id);
        this.insertRoles(id, o);
      },
      describeKey: (o: OfficialRow) =>
        `${o.name === null ? `description "${o.description}"` : `name "${o.name}"`} and ${
          o.roles[0] ? `first body Actor ${o.roles[0].actorId}` : 'no role'
        }`,
    },

    region: {
      name: 'regions',
      find: (r: RegionRow) =>
        this.idOf(`select id from regions where name = ? and coalesce(parent_id, 0) = ?`, r.name, r.parentId ?? 0),
      read: (id: number) =>
        this.get<RegionRow>(`select name, kind, country, parent_id as parentId from regions where id = ?`, id),
      insert: (r: RegionRow, preferredId?: number) =>
        this.insertRow(
          'regions',
          `insert into regions (id, name, kind, country, parent_id) values (?, ?, ?, ?, ?)`,
          preferredId,
          r.name,
          r.kind,
          r.country,
          r.parentId,
        ),
      update: (id: number, r: RegionRow) => {
        this.run(
          `update regions set name = ?, kind = ?, country = ?, parent_id = ? where id = ?`,
          r.name,
          r.kind,
          r.country,
          r.parentId,
          id,
        );
      },
      describeKey: (r: RegionRow) => `name "${r.name}" and ${r.parentId ? `parent Region ${r.parentId}` : 'no parent'}`,
    },

    article: {
      name: 'articles',
      find: (a: ArticleRow) =>
        a.url !== null
          ? this.idOf(`select id from articles where url = ?`, a.url)
          : this.idOf(
              `select id from articles where url is null and title = ? and coalesce(outlet_id, 0) = ? and coalesce(published_at, '') = ?`,
              a.title,
              a.outletId ?? 0,
              a.publishedAt ?? '',
            ),
      read: (id: number) => {
        const article = this.get<Omit<ArticleRow, 'citedSourceIds'>>(
          `select title, url, outlet_id as outletId, published_at as publishedAt, summary from articles where id = ?`,
          id,
        );
        if (!article) return undefined;
        const sources = this.all<{ actorId: number }>(
          `select actor_id as actorId from article_cited_sources where article_id = ? order by actor_id`,
          id,
        );
        return { ...article, citedSourceIds: sources.map((s) => s.actorId) };
      },
      insert: (a: ArticleRow, preferredId?: number) => {
        const id = this.insertRow(
          'articles',
          `insert into articles (id, title, url, outlet_id, published_at, summary) values (?, ?, ?, ?, ?, ?)`,
          preferredId,
          a.title,
          a.url,
          a.outletId,
          a.publishedAt,
          a.summary,
        );
        this.insertCitedSources(id, a.citedSourceIds);
        return id;
      },
      update: (id: number, a: ArticleRow) => {
        this.run(
          `update articles set title = ?, url = ?, outlet_id = ?, published_at = ?, summary = ? where id = ?`,
          a.title,
          a.url,
          a.outletId,
          a.publishedAt,
          a.summary,
          id,
        );
        this.run(`delete from article_cited_sources where article_id = ?`, id);
        this.insertCitedSources(id, a.citedSourceIds);
      },
      describeKey: (a: ArticleRow) =>
        a.url !== null
          ? `URL ${a.url}`
          : `title "${a.title}", ${a.outletId ? `outlet Actor ${a.outletId}` : 'no outlet'} and ${
              a.publishedAt ? `publication time ${a.publishedAt}` : 'no publication time'
            } (and no URL)`,
    },

    claim: {
      name: 'claims',
      find: (c: ClaimRow) =>
        this.idOf(
          `select id from claims where article_id = ? and statement = ? and coalesce(claimant_official_id, 0) = ? and coalesce(claimant_actor_id, 0) = ?`,
          c.articleId,
          c.statement,
          c.claimantOfficialId ?? 0,
          c.claimantActorId ?? 0,
        ),
      read: (id: number) => {
        const claim = this.get<Omit<ClaimRow, 'subjectIds' | 'quantities'>>(
          `select article_id as articleId, statement, kind, attribution, claimant_actor_id as claimantActorId,
             claimant_official_id as claimantOfficialId, region_id as regionId, period_start as periodStart,
             period_end as periodEnd, period_text as periodText
           from claims where id = ?`,
          id,
        );
        if (!claim) return undefined;
        const subjects = this.all<{ actorId: number }>(
          `select actor_id as actorId from claim_subjects where claim_id = ? order by actor_id`,
          id,
        );
        return {
          ...claim,
          subjectIds: subjects.map((s) => s.actorId),
          quantities: this.readQuantities('claim_id', id),
        };
      },
      insert: (c: ClaimRow, preferredId?: number) => {
        const id = this.insertRow(
          'claims',
          `insert into claims (id, article_id, statement, kind, attribution, claimant_actor_id, claimant_official_id,
             region_id, period_start, period_end, period_text)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          preferredId,
          c.articleId,
          c.statement,
          c.kind,
          c.attribution,
          c.claimantActorId,
          c.claimantOfficialId,
          c.regionId,
          ...periodParams(c),
        );
        this.insertSubjects(id, c.subjectIds);
        this.insertQuantities('claim_id', id, c.quantities);
        return id;
      },
      update: (id: number, c: ClaimRow) => {
        this.run(
          `update claims set article_id = ?, statement = ?, kind = ?, attribution = ?, claimant_actor_id = ?,
             claimant_official_id = ?, region_id = ?, period_start = ?, period_end = ?, period_text = ?
           where id = ?`,
          c.articleId,
          c.statement,
          c.kind,
          c.attribution,
          c.claimantActorId,
          c.claimantOfficialId,
          c.regionId,
          ...periodParams(c),
          id,
        );
        this.run(`delete from claim_subjects where claim_id = ?`, id);
        this.insertSubjects(id, c.subjectIds);
        this.run(`delete from quantities where claim_id = ?`, id);
        this.insertQuantities('claim_id', id, c.quantities);
      },
      describeKey: (c: ClaimRow) =>
        `the same article, statement and ${
          c.claimantOfficialId
            ? `claimant Official ${c.claimantOfficialId}`
            : c.claimantActorId
              ? `claimant Actor ${c.claimantActorId}`
              : 'no claimant'
        }`,
    },

    territoryChange: {
      name: 'territory_changes',
      find: (t: TerritoryChangeRow) =>
        this.idOf(
          `select id from territory_changes
           where region_id = ? and gained_by_id is ? and lost_by_id is ? and claim_id is ? and article_id is ?
             and period_start is ? and period_end is ? and period_text is ?
           order by id limit 1`,
          t.regionId,
          t.gainedById,
          t.lostById,
          t.claimId,
          t.articleId,
          ...periodParams(t),
        ),
      read: (id: number) => {
        const change = this.get<Omit<TerritoryChangeRow, 'amount'>>(
          `select region_id as regionId, gained_by_id as gainedById, lost_by_id as lostById, claim_id as claimId,
             article_id as articleId, period_start as periodStart, period_end as periodEnd, period_text as periodText
           from territory_changes where id = ?`,
          id,
        );
        return change && { ...change, amount: this.readQuantities('territory_change_id', id) };
      },
      insert: (t: TerritoryChangeRow, preferredId?: number) => {
        const id = this.insertRow(
          'territory_changes',
          `insert into territory_changes (id, region_id, gained_by_id, lost_by_id, claim_id, article_id,
             period_start, period_end, period_text)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          preferredId,
          t.regionId,
          t.gainedById,
          t.lostById,
          t.claimId,
          t.articleId,
          ...periodParams(t),
        );
        this.insertQuantities('territory_change_id', id, t.amount);
        return id;
      },
      update: (id: number, t: TerritoryChangeRow) => {
        this.run(
          `update territory_changes set region_id = ?, gained_by_id = ?, lost_by_id = ?, claim_id = ?, article_id = ?,
             period_start = ?, period_end = ?, period_text = ?
           where id = ?`,
          t.regionId,
          t.gainedById,
          t.lostById,
          t.claimId,
          t.articleId,
          ...periodParams(t),
          id,
        );
        this.run(`delete from quantities where territory_change_id = ?`, id);
        this.insertQuantities('territory_change_id', id, t.amount);
      },
      describeKey: () => 'the same region, sides, claim, article and period',
    },
  };

  private insertRoles(officialId: number, o: OfficialRow) {
    for (const role of o.roles) {
      this.run(
        `insert into roles (official_id, actor_id, title, since, until) values (?, ?, ?, ?, ?)`,
        officialId,
        role.actorId,
        role.title,
        role.since,
        role.until,
      );
    }
  }

  private insertCitedSources(articleId: number, actorIds: number[]) {
    for (const actorId of actorIds)
      this.run(`insert into article_cited_sources (article_id, actor_id) values (?, ?)`, articleId, actorId);
  }

  private insertSubjects(claimId: number, actorIds: number[]) {
    for (const actorId of actorIds)
      this.run(`insert into claim_subjects (claim_id, actor_id) values (?, ?)`, claimId, actorId);
  }

  exists(type: RecordType, id: number): boolean {
    return this.get(`select 1 from ${tableNames[type]} where id = ?`, id) !== undefined;
  }

  /** Whether making `parentId` the parent of `id` would put `id` among its own ancestors. */
  wouldCycle(type: 'actor' | 'region', id: number, parentId: number): boolean {
    const table = tableNames[type];
    return (
      this.get(
        `with recursive up(id) as (
           select ? union select t.parent_id from ${table} t join up on t.id = up.id where t.parent_id is not null
         ) select 1 from up where id = ?`,
        parentId,
        id,
      ) !== undefined
    );
  }

  /** What still refers to a row that is about to be deleted (only restricting references). */
  usages(type: 'actor' | 'official' | 'region', id: number): Usage[] {
    const checks = usageChecks[type];
    return checks
      .map(({ type, field, sql }) => ({ type, field, count: this.get<{ n: number }>(sql, id)!.n }))
      .filter((u) => u.count > 0);
  }

  delete(type: RecordType, id: number): boolean {
    return this.run(`delete from ${tableNames[type]} where id = ?`, id).changes > 0;
  }

  /** Rows that deleting an article or claim takes with it, counted before the delete. */
  cascadeCounts(type: 'article' | 'claim', id: number) {
    if (type === 'article') {
      return this.get<{ claims: number; territoryChanges: number }>(
        `select (select count(*) from claims where article_id = @id) as claims,
           (select count(*) from territory_changes where article_id = @id
              or claim_id in (select id from claims where article_id = @id)) as territoryChanges`,
        { id },
      )!;
    }
    return this.get<{ claims: number; territoryChanges: number }>(
      `select 1 as claims, (select count(*) from territory_changes where claim_id = ?) as territoryChanges`,
      id,
    )!;
  }
}

export const tableNames: Record<RecordType, string> = {
  actor: 'actors',
  official: 'officials',
  region: 'regions',
  article: 'articles',
  claim: 'claims',
  territoryChange: 'territory_changes',
};

const count = (table: string, where: string) => `select count(*) as n from ${table} where ${where}`;
const usageChecks = {
  actor: [
    { type: 'Actor', field: 'parent', sql: count('actors', 'parent_id = ?') },
    { type: 'Official', field: 'roles', sql: count('roles', 'actor_id = ?') },
    { type: 'Article', field: 'outlet', sql: count('articles', 'outlet_id = ?') },
    { type: 'Article', field: 'citedSources', sql: count('article_cited_sources', 'actor_id = ?') },
    { type: 'Claim', field: 'claimant', sql: count('claims', 'claimant_actor_id = ?') },
    { type: 'Claim', field: 'subjects', sql: count('claim_subjects', 'actor_id = ?') },
    { type: 'TerritoryChange', field: 'gainedBy', sql: count('territory_changes', 'gained_by_id = ?') },
    { type: 'TerritoryChange', field: 'lostBy', sql: count('territory_changes', 'lost_by_id = ?') },
  ],
  official: [{ type: 'Claim', field: 'claimant', sql: count('claims', 'claimant_official_id = ?') }],
  region: [
    { type: 'Region', field: 'parent', sql: count('regions', 'parent_id = ?') },
    { type: 'Claim', field: 'region', sql: count('claims', 'region_id = ?') },
    { type: 'TerritoryChange', field: 'region', sql: count('territory_changes', 'region_id = ?') },
  ],
};
