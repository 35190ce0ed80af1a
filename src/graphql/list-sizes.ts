import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.ts';
import { type AnyDb, isPostgres } from '../db/engine.ts';
import type { PostgresDb } from '../db/postgres/client.ts';
import { dataVersion } from '../db/data-version.ts';

/**
 * How many items each unpaged list can hold in this database, by schema coordinate, for the cost of
 * an operation: the most rows any one parent has (a claim's subjects, an article's territory
 * changes), and for `claimStats.byClaimant` one group per claimant there is. Measured from the
 * data (grouped counts over the foreign-key indexes, tens of milliseconds at 100,000 claims) and
 * measured again at most once a minute, so writes move the prices without each request paying.
 * It runs on the SQLite handle, beside drizzle's logger: it belongs to no request, and the
 * statement counts tests keep per request stay those of the request.
 */
const mostPerParent = (table: string, parent: string) =>
  sql.raw(
    `(select coalesce(max(n), 0) from (select count(*) as n from ${table} where ${parent} is not null group by ${parent}) as counts)`,
  );

const claimantGroups = sql`((select count(*) from actors) + (select count(*) from officials) + 1)`;

const measuredLists = {
  'Claim.subjects': mostPerParent('claim_subjects', 'claim_id'),
  'Claim.quantities': mostPerParent('quantities', 'claim_id'),
  'Claim.territoryChanges': mostPerParent('territory_changes', 'claim_id'),
  'Article.citedSources': mostPerParent('article_cited_sources', 'article_id'),
  'Article.territoryChanges': mostPerParent('territory_changes', 'article_id'),
  'Official.roles': mostPerParent('roles', 'official_id'),
  'TerritoryChange.amount': mostPerParent('quantities', 'territory_change_id'),
  'ClaimStats.byClaimant': claimantGroups,
  // A comparison lists one figure per claimant (its pairs come a page at a time).
  'FigureComparison.figures': claimantGroups,
  'ClaimantFigure.reports': sql.raw(
    `(select coalesce(max(n), 0) + 1 from (select count(*) as n from claim_relations where kind = 'REPEATS' group by related_claim_id) as counts)`,
  ),
  'ClaimantFigure.history': sql.raw(
    `(select coalesce(max(n), 0) from (select count(*) as n from claims group by claimant_actor_id, claimant_official_id) as counts)`,
  ),
  // The largest scopes an aggregate can be narrowed to (src/graphql/aggregate-cost.ts): every
  // claim, the most in one article, in one region with every region inside it (a claim placed in
  // two regions of one province counts twice there: a bound, not a count), by one claimant (the
  // size of the longest history, below).
  'Scope.claims': sql.raw('(select count(*) from claims)'),
  'Scope.article': sql.raw(
    '(select coalesce(max(n), 0) from (select count(*) as n from claims where article_id is not null group by article_id) as counts)',
  ),
  'Scope.region': sql.raw(
    `(with recursive placed(region_id, n) as (
        select region_id, count(*) from (
          select region_id from claims where region_id is not null union all select region_id from claim_regions
        ) as placements group by region_id
        union all
        select r.parent_id, p.n from placed p join regions r on r.id = p.region_id where r.parent_id is not null
      ) select coalesce(max(n), 0) from (select sum(n) as n from placed group by region_id) as sums)`,
  ),
  'ClaimComparison.comparisons': sql.raw(
    `(select coalesce(max(n), 0) from (select count(*) as n from (select distinct metric, unit, per, measure, modality from quantities) as kinds group by metric) as counts)`,
  ),
};

/** Coordinates whose size another coordinate's measurement already is. */
const sameSizes: Record<string, keyof typeof measuredLists> = { 'Scope.claimant': 'ClaimantFigure.history' };

export const listSizesMaxAgeMs = 60_000;

/** What the cost of an operation reads: how many items a list at a schema coordinate can hold. */
export interface ListSizes {
  get(coordinate: string): number | undefined;
}

/**
 * One measurement, taken on first use: an operation that selects no measured list (`{ __typename }`,
 * the first request after start-up) never waits for one.
 */
class Measurement implements ListSizes {
  constructor(
    private readonly db: Db,
    private sizes?: ReadonlyMap<string, number>,
    private readonly fallback?: Measurement,
  ) {}

  get(coordinate: string) {
    const measured = sameSizes[coordinate] ?? coordinate;
    if (!this.sizes && measured in measuredLists) {
      const pending = firstMeasurement.get(this.db);
      if (pending) throw new ListSizesPending(pending);
      this.sizes = measureOr(this.db, this.fallback);
    }
    return this.sizes?.get(measured);
  }
}

/**
 * Thrown by a price that needs the list sizes while a worker is still taking its first measurement
 * (at a million claims, seconds): the caller waits for `measured` and prices again, instead of
 * measuring on the request thread and holding every other request meanwhile.
 */
export class ListSizesPending extends Error {
  constructor(readonly measured: Promise<void>) {
    super('the list sizes are being measured');
  }
}

/** Databases whose worker has not posted its first measurement (watchListSizes). */
const firstMeasurement = new WeakMap<Db, Promise<void>>();

/** How long a request waits for a worker's first measurement before measuring for itself. */
const firstMeasurementWaitMs = 10_000;

const listSizesSql = sql`select ${sql.join(
  Object.values(measuredLists).map((size, i) => sql`${size} as ${sql.identifier(`s${i}`)}`),
  sql`, `,
)}`;
const listSizesQuery = new SQLiteSyncDialect().sqlToQuery(listSizesSql);

const sizesFromRow = (row: Record<string, number>): ReadonlyMap<string, number> =>
  new Map(Object.keys(measuredLists).map((coordinate, i) => [coordinate, row[`s${i}`] ?? 0]));

function measureOr(db: Db, fallback: Measurement | undefined): ReadonlyMap<string, number> {
  try {
    return sizesFromRow(db.$client.prepare(listSizesQuery.sql).get(...listSizesQuery.params) as Record<string, number>);
  } catch {
    // A database that cannot be measured (a table gone) fails its requests where they read it;
    // until the next measurement its lists keep their last prices, or the floor of ten.
    return new Map(Object.keys(measuredLists).map((c) => [c, fallback?.get(c) ?? 0]));
  }
}

interface Latest {
  at: number;
  /** This connection's writes and other connections' commits when it was taken (see dataVersion). */
  changes: string;
  sizes: Measurement;
}

const latest = new WeakMap<Db, Latest>();
/** Databases a worker thread measures (watchListSizes): their requests never measure again. */
const watched = new WeakSet<Db>();

/**
 * The list sizes prices use now. Measured again at most once a minute, and only when the data
 * changed since, so a read-only load never pays for it; a server started by startServer has a
 * worker thread measure instead (watchListSizes), and its requests never do.
 */
export function listSizesOf(db: AnyDb, now = performance.now()): ListSizes {
  if (isPostgres(db)) return postgresListSizes(db, now);
  const known = latest.get(db);
  if (known && (watched.has(db) || now - known.at < listSizesMaxAgeMs)) return known.sizes;
  const changes = dataVersion(db);
  if (known?.changes === changes) {
    known.at = now;
    return known.sizes;
  }
  const sizes = new Measurement(db, undefined, known?.sizes);
  latest.set(db, { at: now, changes, sizes });
  return sizes;
}

/**
 * Measures the list sizes of a database file on a worker thread with its own read-only connection,
 * at start and then whenever another connection committed (this process's writes included),
 * at most once per `intervalMs`: at a million claims one measurement takes seconds, which on the
 * request thread would hold every other request. Stops with the returned function.
 */
export function watchListSizes(db: Db, file: string, intervalMs = listSizesMaxAgeMs): () => Promise<void> {
  // '../graphql/' rather than './': the same file from src/graphql, dist/graphql and the server bundle in dist/cli.
  const worker = new Worker(new URL('../graphql/list-sizes-worker.mjs', import.meta.url), {
    workerData: { file, sql: listSizesQuery.sql, params: listSizesQuery.params, intervalMs },
  });
  worker.unref();
  watched.add(db);
  let measured!: () => void;
  const first = new Promise<void>((resolve) => (measured = resolve));
  firstMeasurement.set(db, first);
  const settle = () => {
    if (firstMeasurement.get(db) === first) firstMeasurement.delete(db);
    measured();
  };
  const waited = setTimeout(settle, firstMeasurementWaitMs);
  waited.unref();
  worker.on('message', (row: Record<string, number>) => {
    latest.set(db, { at: performance.now(), changes: '', sizes: new Measurement(db, sizesFromRow(row)) });
    settle();
  });
  // A worker that cannot measure (the file gone) leaves the last sizes and the request path's own measuring.
  worker.on('error', () => {
    watched.delete(db);
    settle();
  });
  return async () => {
    watched.delete(db);
    clearTimeout(waited);
    settle();
    await worker.terminate();
  };
}

interface PostgresSizes {
  at: number;
  sizes?: ReadonlyMap<string, number>;
  /** The measurement under way, if one is. */
  measuring?: Promise<void>;
}

const postgresSizes = new WeakMap<PostgresDb, PostgresSizes>();

/**
 * The list sizes on PostgreSQL, where no statement answers synchronously: measured in the
 * background at most once per `listSizesMaxAgeMs` while requests go on pricing with the last
 * sizes; only before the first measurement does a price wait (ListSizesPending). Other servers
 * on the same database write too, so the sizes age by time, not by this process's writes.
 */
function postgresListSizes(db: PostgresDb, now: number): ListSizes {
  let known = postgresSizes.get(db);
  if (!known || (now - known.at >= listSizesMaxAgeMs && !known.measuring)) {
    const state: PostgresSizes = known ?? { at: now };
    state.at = now;
    state.measuring = db.execute(listSizesSql).then(
      ({ rows }) => {
        state.sizes = sizesFromRow(rows[0] as Record<string, number>);
        state.measuring = undefined;
      },
      () => {
        // As on SQLite: a database that cannot be measured keeps its last prices, or the floor.
        state.sizes ??= new Map();
        state.measuring = undefined;
      },
    );
    postgresSizes.set(db, (known = state));
  }
  const state = known;
  return {
    get(coordinate) {
      const measured = sameSizes[coordinate] ?? coordinate;
      if (!(measured in measuredLists)) return undefined;
      if (!state.sizes) throw new ListSizesPending(state.measuring!);
      return state.sizes.get(measured);
    },
  };
}
