import type { RecordType } from '../model/index.ts';
import type { Rows } from './layout.ts';

/**
 * How a record is recognized, so that nothing is stored twice: the SQL that finds the row with
 * the same natural key (mirroring the unique indexes of src/db/schema.ts), its parameters, and
 * the key in words for error messages.
 * - actor: name and country; region: name and parent
 * - official: name (or, unnamed, description) and the body of their first role
 * - article: URL; without one, title, outlet and publication time
 * - claim: article, statement and claimant
 * - territory change: region, sides, claim, article and period (everything but the amount)
 */
export interface NaturalKey<R> {
  /** One query per shape of key (an article with a URL or without), each answering the row's id. */
  find(row: R): { sql: string; params: unknown[] };
  describe(row: R): string;
}

export const naturalKeys: { [T in RecordType]: NaturalKey<Rows[T]> } = {
  actor: {
    find: (a) => ({
      sql: `select id from actors where name = ? and coalesce(country, '') = ?`,
      params: [a.name, a.country ?? ''],
    }),
    describe: (a) => `name "${a.name}" and ${a.country ? `country ${a.country}` : 'no country'}`,
  },
  official: {
    find: (o) => ({
      sql: `select o.id from officials o
        where coalesce(o.name, o.description) = ? and o.anonymous = ?
          and coalesce((select r.actor_id from roles r where r.official_id = o.id order by r.id limit 1), 0) = ?
        order by o.id limit 1`,
      params: [o.name ?? o.description, o.name === null ? 1 : 0, o.roles[0]?.actorId ?? 0],
    }),
    describe: (o) =>
      `${o.name === null ? `description "${o.description}"` : `name "${o.name}"`} and ${
        o.roles[0] ? `first body Actor ${o.roles[0].actorId}` : 'no role'
      }`,
  },
  region: {
    find: (r) => ({
      sql: `select id from regions where name = ? and coalesce(parent_id, 0) = ?`,
      params: [r.name, r.parentId ?? 0],
    }),
    describe: (r) => `name "${r.name}" and ${r.parentId ? `parent Region ${r.parentId}` : 'no parent'}`,
  },
  article: {
    find: (a) =>
      a.url !== null
        ? { sql: `select id from articles where url = ?`, params: [a.url] }
        : {
            sql: `select id from articles where url is null and title = ? and coalesce(outlet_id, 0) = ? and coalesce(published_at, '') = ?`,
            params: [a.title, a.outletId ?? 0, a.publishedAt ?? ''],
          },
    describe: (a) =>
      a.url !== null
        ? `URL ${a.url}`
        : `title "${a.title}", ${a.outletId ? `outlet Actor ${a.outletId}` : 'no outlet'} and ${
            a.publishedAt ? `publication time ${a.publishedAt}` : 'no publication time'
          } (and no URL)`,
  },
  claim: {
    find: (c) => ({
      sql: `select id from claims where article_id = ? and statement = ? and coalesce(claimant_official_id, 0) = ? and coalesce(claimant_actor_id, 0) = ?`,
      params: [c.articleId, c.statement, c.claimantOfficialId ?? 0, c.claimantActorId ?? 0],
    }),
    describe: (c) =>
      `the same article, statement and ${
        c.claimantOfficialId
          ? `claimant Official ${c.claimantOfficialId}`
          : c.claimantActorId
            ? `claimant Actor ${c.claimantActorId}`
            : 'no claimant'
      }`,
  },
  territoryChange: {
    find: (t) => ({
      sql: `select id from territory_changes
        where region_id = ? and gained_by_id is ? and lost_by_id is ? and claim_id is ? and article_id is ?
          and period_start is ? and period_end is ? and period_text is ?
        order by id limit 1`,
      params: [t.regionId, t.gainedById, t.lostById, t.claimId, t.articleId, t.periodStart, t.periodEnd, t.periodText],
    }),
    describe: () => 'the same region, sides, claim, article and period',
  },
};
