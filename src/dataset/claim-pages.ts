import type Database from 'better-sqlite3';
import { type AnyDb, isPostgres } from '../db/engine.ts';

/**
 * Claims as the analyst exports (CSV, ClaimReview) read them: each claim with its article, its
 * claimant, chain, regions and subjects as names, and the flags an analyst filters on. Read a page
 * of claims at a time, in id order, so memory does not grow with the database.
 */

export interface ExportedClaim {
  id: number;
  statement: string;
  kind: string;
  stance: string;
  statedOn: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  periodText: string | null;
  articleTitle: string;
  articleUrl: string | null;
  outlet: string | null;
  /** The publication instant, or the day, month or year when only that is known. */
  published: string | null;
  claimant: string | null;
  /** Whether the claimant is a person (an official) rather than a body (an actor). */
  claimantIsPerson: boolean;
  /** Origin, then every hop in order, by name. */
  chain: string[];
  region: string | null;
  otherRegions: string[];
  subjects: string[];
  /** A later claim REVISES this one. */
  superseded: boolean;
  /** This claim REPEATS a statement reported elsewhere. */
  repeat: boolean;
}

const pageSize = 500;

// A speaker's name: an unnamed official is known by the description reporting gives.
const speakerName = (actor: string, official: string) =>
  `coalesce((select name from actors where id = ${actor}), (select coalesce(name, description) from officials where id = ${official}))`;

/** A list of names as JSON text (SQLite) or JSON (PostgreSQL), in the order the subquery gives. */
const namesOf = (subquery: string, postgres: boolean) =>
  postgres
    ? `(select coalesce(json_agg(name), '[]') from (${subquery}) as names)`
    : `(select json_group_array(name) from (${subquery}) as names)`;

const selectClaims = (postgres: boolean) => `
  select c.id, c.statement, c.kind, c.stance, c.stated_on as "statedOn",
    c.period_start as "periodStart", c.period_end as "periodEnd", c.period_text as "periodText",
    a.title as "articleTitle", a.url as "articleUrl", o.name as outlet,
    coalesce(a.published_at, a.published_on) as published,
    ${speakerName('c.claimant_actor_id', 'c.claimant_official_id')} as claimant,
    c.claimant_official_id is not null as "claimantIsPerson",
    ${namesOf(`select ${speakerName('h.actor_id', 'h.official_id')} as name from claim_hops h where h.claim_id = c.id order by h.id`, postgres)} as hops,
    r.name as region,
    ${namesOf('select x.name from claim_regions cr join regions x on x.id = cr.region_id where cr.claim_id = c.id order by x.name', postgres)} as "otherRegions",
    ${namesOf('select s.name from claim_subjects cs join actors s on s.id = cs.actor_id where cs.claim_id = c.id order by s.name', postgres)} as subjects,
    exists (select 1 from claim_relations v where v.related_claim_id = c.id and v.kind = 'REVISES') as superseded,
    exists (select 1 from claim_relations p where p.claim_id = c.id and p.kind = 'REPEATS') as repeat
  from claims c
  join articles a on a.id = c.article_id
  left join actors o on o.id = a.outlet_id
  left join regions r on r.id = c.region_id`;

const claimsSelect = selectClaims(false);

const claimsPage = `${claimsSelect}
  where c.id > ? and (? = 0 or exists (select 1 from quantities q where q.claim_id = c.id))
  order by c.id limit ?`;

const claimsById = `${claimsSelect} where c.id in (select value from json_each(?)) order by c.id`;
const claimsByIdOnPostgres = `${selectClaims(true)} where c.id = any($1::integer[]) order by c.id`;

/** A list as SQLite gives it (JSON text) or PostgreSQL does (parsed). */
const list = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as string[];

function exportedClaim(row: Record<string, unknown>): ExportedClaim {
  const hops = list(row.hops);
  return {
    ...(row as unknown as ExportedClaim),
    claimantIsPerson: Boolean(row.claimantIsPerson),
    chain: row.claimant === null ? hops : [row.claimant as string, ...hops],
    otherRegions: list(row.otherRegions),
    subjects: list(row.subjects),
    superseded: Boolean(row.superseded),
    repeat: Boolean(row.repeat),
  };
}

/** The claims with these ids (one query for a page of them), by id. */
export async function claimsWithIds(db: AnyDb, ids: readonly number[]) {
  const rows = isPostgres(db)
    ? (await db.$client.query<Record<string, unknown>>(claimsByIdOnPostgres, [ids])).rows
    : (db.$client.prepare(claimsById).all(JSON.stringify(ids)) as Record<string, unknown>[]);
  return new Map(rows.map((row) => [row.id as number, exportedClaim(row)]));
}

/** Every claim (or only those with figures), a page at a time, in id order. */
export function* claimPages(sqlite: Database.Database, options: { withFiguresOnly?: boolean } = {}) {
  const statement = sqlite.prepare(claimsPage);
  for (let after = 0; ;) {
    const raw = statement.all(after, options.withFiguresOnly ? 1 : 0, pageSize) as Record<string, unknown>[];
    if (raw.length === 0) return;
    yield raw.map(exportedClaim);
    after = raw[raw.length - 1]!.id as number;
  }
}
