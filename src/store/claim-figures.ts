import type Database from 'better-sqlite3';
import { type SQL, sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { isDatabaseBusy } from '../db/client.ts';
import { type Bound, phraseRules, shapeRules } from '../model/conventions.ts';

/**
 * The claim_figures table (src/db/tables/figures.ts): each claim's figures with their intervals
 * worked out under the number conventions, kept in step with quantities and claims by triggers.
 * The triggers are made here from the conventions in code, not in a migration, so that a change of
 * convention can never leave stored intervals behind: `keepClaimFigures` finds triggers that differ
 * from the code's (or none, in a new or imported file) and refills the table in the same transaction.
 */

const boundSql = (bound: Bound, q: string, postgres: boolean): SQL =>
  bound === null
    ? sql`null`
    : 'constant' in bound
      ? sql.raw(String(bound.constant))
      : bound.times === 1
        ? sql.raw(`${q}.${bound.of}`)
        : // Rounded, so 1.1 x 3,000 is 3,300 and equals a coded 3,300 (binary floats make it 3,300.0000000000005).
          // PostgreSQL rounds to places only a numeric.
          sql.raw(
            postgres
              ? `round(cast(${q}.${bound.of} * ${bound.times} as numeric), 9)`
              : `round(${q}.${bound.of} * ${bound.times}, 9)`,
          );

const phraseBound = (q: string, side: 'low' | 'high') =>
  sql.join(
    [
      sql.raw(`case lower(trim(${q}.phrase))`),
      ...phraseRules.map((r) => sql`when ${r.phrase} then ${sql.raw(String(r[side] ?? 'null'))}`),
      sql`end`,
    ],
    sql` `,
  );

/** A quantity's lower or upper bound under the conventions, as SQL over the quantities row `q` (on SQLite, or `postgres`). */
export function boundOfQuantity(q: string, side: 'low' | 'high', postgres = false): SQL {
  const given = sql.raw(`${q}.${side}`);
  const cases = shapeRules.map((r) =>
    r.shape === 'WORDS'
      ? sql`when 'WORDS' then case when coalesce(${sql.raw(`${q}.low, ${q}.high, ${q}.best`)}) is null then ${phraseBound(q, side)} else ${given} end`
      : sql`when ${r.shape} then coalesce(${given}, ${boundSql(side === 'low' ? r.low : r.high, q, postgres)})`,
  );
  return sql.join([sql.raw(`case ${q}.shape`), ...cases, sql`end`], sql` `);
}

const inclusiveSql = (q: string, side: 'lowInclusive' | 'highInclusive') =>
  sql.raw(
    `case ${q}.shape ${shapeRules
      .filter((r) => !r[side])
      .map((r) => `when '${r.shape}' then 0`)
      .join(' ')} else 1 end`,
  );

const columns =
  'claim_id, quantity_id, summed, region_id, stance, article_date, metric, unit, per, measure, modality, low, high, best, low_inclusive, high_inclusive';

/** An article's publication date as articleDateOf reads it (src/graphql/claim-dates.ts), over the articles row `a`. */
export const articleDate = (a: string) => `coalesce(${a}.published_on, substr(${a}.published_at, 1, 10))`;

/**
 * The rows of the claims `claimIds` (SQL naming a list of claim ids, as in `in (...)`): each quantity
 * with its interval, and killed plus wounded of one identity (with no killed-or-wounded figure of the
 * claim's own) once more as their sum. On SQLite (a trigger's body) or `postgres`.
 */
function figureRows(claimIds: SQL, postgres = false): SQL {
  const same = sql.raw(postgres ? 'is not distinct from' : 'is');
  // PostgreSQL's `and` takes booleans only; the flags are 0 or 1 on both engines.
  const both = (flag: string) => sql.raw(postgres ? `k.${flag} * w.${flag}` : `k.${flag} and w.${flag}`);
  return sql`insert into claim_figures (${sql.raw(columns)})
    with given as (
      select q.claim_id, q.id as quantity_id, c.region_id, c.stance, ${sql.raw(articleDate('a'))} as article_date, q.metric, q.unit, q.per, q.measure, q.modality,
        ${boundOfQuantity('q', 'low', postgres)} as low, ${boundOfQuantity('q', 'high', postgres)} as high, q.best as best,
        ${inclusiveSql('q', 'lowInclusive')} as low_inclusive, ${inclusiveSql('q', 'highInclusive')} as high_inclusive
      from quantities q join claims c on c.id = q.claim_id join articles a on a.id = c.article_id
      where q.claim_id in ${claimIds}
    )
    select claim_id, quantity_id, 0, region_id, stance, article_date, metric, unit, per, measure, modality, low, high, best, low_inclusive, high_inclusive
      from given
    union all
    select k.claim_id, k.quantity_id, 1, k.region_id, k.stance, k.article_date, 'KILLED_OR_WOUNDED', k.unit, k.per, k.measure, k.modality,
        k.low + w.low, k.high + w.high, k.best + w.best, ${both('low_inclusive')}, ${both('high_inclusive')}
      from given k join given w on w.claim_id = k.claim_id and w.metric = 'WOUNDED'
        and w.unit ${same} k.unit and w.per ${same} k.per and w.measure = k.measure and w.modality = k.modality
      where k.metric = 'KILLED'
        and not exists (select 1 from given x where x.claim_id = k.claim_id and x.metric = 'KILLED_OR_WOUNDED')`;
}

/**
 * The statements that work the figures of the claims `claimIds` out afresh: SQLite's triggers and
 * the importer's catch-up run them, and on PostgreSQL (`postgres`), which has no triggers for
 * them, a write runs them after it wrote the claims.
 */
export const refillClaimFigures = (claimIds: SQL, postgres = false): SQL[] => [
  sql`delete from claim_figures where claim_id in ${claimIds}`,
  figureRows(claimIds, postgres),
];

/** The statement with its parameters written in: a trigger's body takes no bound parameters (they are the code's constants). */
const inline = (query: SQL) => {
  const { sql: text, params } = new SQLiteSyncDialect().sqlToQuery(query);
  let i = 0;
  return text.replace(/\?/g, () => {
    const value = params[i++];
    return typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);
  });
};

const refill = (claimIds: string) =>
  refillClaimFigures(sql.raw(claimIds))
    .map((statement) => `${inline(statement)};`)
    .join('\n  ');

/**
 * The triggers, by name: a claim's figures made again whenever one of its quantities changes, and
 * what they copy from the claim and its article brought along.
 */
const triggers: Record<string, string> = {
  claim_figures_quantity_insert: `CREATE TRIGGER claim_figures_quantity_insert after insert on quantities when new.claim_id is not null begin
  ${refill('(new.claim_id)')}
end`,
  claim_figures_quantity_update: `CREATE TRIGGER claim_figures_quantity_update after update on quantities begin
  ${refill('(old.claim_id, new.claim_id)')}
end`,
  claim_figures_quantity_delete: `CREATE TRIGGER claim_figures_quantity_delete after delete on quantities when old.claim_id is not null begin
  ${refill('(old.claim_id)')}
end`,
  claim_figures_claim_update: `CREATE TRIGGER claim_figures_claim_update after update of region_id, stance, article_id on claims begin
  update claim_figures set region_id = new.region_id, stance = new.stance,
    article_date = (select ${articleDate('a')} from articles a where a.id = new.article_id)
  where claim_id = new.id;
end`,
  claim_figures_article_update: `CREATE TRIGGER claim_figures_article_update after update of published_on, published_at on articles begin
  update claim_figures set article_date = ${articleDate('new')} where claim_id in (select id from claims where article_id = new.id);
end`,
  claim_figures_claim_delete: `CREATE TRIGGER claim_figures_claim_delete after delete on claims begin
  delete from claim_figures where claim_id = old.id;
end`,
};

const triggerNames = Object.keys(triggers);

const storedTriggers = (sqlite: Database.Database) =>
  new Map(
    (
      sqlite
        .prepare(
          `select name, sql from sqlite_master where type = 'trigger' and name like 'claim\\_figures\\_%' escape '\\'`,
        )
        .all() as { name: string; sql: string }[]
    ).map((t) => [t.name, t.sql]),
  );

const dropTriggers = (sqlite: Database.Database) => {
  for (const name of storedTriggers(sqlite).keys()) sqlite.exec(`drop trigger "${name}"`);
};

const createTriggers = (sqlite: Database.Database) => {
  for (const name of triggerNames) sqlite.exec(triggers[name]!);
};

const current = (sqlite: Database.Database) => {
  const stored = storedTriggers(sqlite);
  return stored.size === triggerNames.length && triggerNames.every((name) => stored.get(name) === triggers[name]);
};

/** Empties claim_figures and fills it again from every claim's quantities. */
function rebuild(sqlite: Database.Database) {
  sqlite.exec('delete from claim_figures');
  sqlite.exec(inline(figureRows(sql.raw('(select distinct claim_id from quantities where claim_id is not null)'))));
}

/**
 * Makes sure the triggers are the code's and the table is filled under them: on a new database, a
 * file written while the triggers were away (an import, a build of benchmark data) or after the
 * conventions changed, they are made anew and every claim's figures refilled, in one transaction.
 * Answers whether it had to (at a million claims that takes seconds, once).
 */
export function keepClaimFigures(sqlite: Database.Database): boolean {
  const refill = sqlite.transaction(() => {
    // Checked again under the write lock: another process may have just done it.
    if (current(sqlite)) return false;
    dropTriggers(sqlite);
    createTriggers(sqlite);
    rebuild(sqlite);
    return true;
  });
  // Two servers started at once on a file to refill: the second waits for the first's transaction,
  // which at a million claims outlasts the busy timeout, then finds the work done.
  for (let waited = 0; ; waited += 100) {
    if (current(sqlite)) return false;
    try {
      return refill.immediate();
    } catch (error) {
      if (!isDatabaseBusy(error) || waited >= 120_000) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

/**
 * Sets the triggers aside for a bulk write (an import inside its transaction) and answers a
 * function that puts them back and refills the figures of the claims written meanwhile: one
 * statement for all of them instead of one per quantity.
 */
export function pauseClaimFigures(sqlite: Database.Database) {
  const wasCurrent = current(sqlite);
  dropTriggers(sqlite);
  return (claimIds: Iterable<number>) => {
    // Triggers that were not the code's are left off: the next keepClaimFigures rebuilds everything.
    if (!wasCurrent) return;
    createTriggers(sqlite);
    const written = '(select value from json_each(:ids))';
    const ids = { ids: JSON.stringify([...new Set(claimIds)]) };
    for (const statement of refillClaimFigures(sql.raw(written))) sqlite.prepare(inline(statement)).run(ids);
  };
}
