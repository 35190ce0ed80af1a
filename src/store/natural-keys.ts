import type { RecordType } from '../model/index.ts';
import type { Rows } from './layout.ts';

/**
 * How a record is recognized, so that nothing is stored twice: the SQL that finds the row with
 * the same natural key (mirroring the unique indexes of src/db/schema.ts), its parameters, and
 * the key in words for error messages.
 * - actor: name (or any alias, on either side) and country; region: name and parent
 * - official: name (or any alias; unnamed, description) and the body of their first role
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
    find: (a) =>
      a.aliases.length === 0
        ? {
            sql: `select a.id from actors a where coalesce(a.country, '') = @country
              and (a.name = @name or exists (select 1 from actor_aliases x where x.actor_id = a.id and x.alias = @name))
              order by a.name <> @name, a.id limit 1`,
            params: [{ country: a.country ?? '', name: a.name }],
          }
        : {
            sql: `select a.id from actors a where coalesce(a.country, '') = @country
              and (a.name in (select value from json_each(@names))
                or exists (select 1 from actor_aliases x where x.actor_id = a.id and x.alias in (select value from json_each(@names))))
              order by a.name <> @name, a.id limit 1`,
            params: [{ country: a.country ?? '', names: JSON.stringify([a.name, ...a.aliases]), name: a.name }],
          },
    describe: (a) => `name "${a.name}" and ${a.country ? `country ${a.country}` : 'no country'}`,
  },
  official: {
    find: (o) => ({
      sql: `select o.id from officials o
        where o.anonymous = @anonymous
          and (coalesce(o.name, o.description) in (select value from json_each(@names))
            or (not @anonymous and exists (select 1 from official_aliases x
              where x.official_id = o.id and x.alias in (select value from json_each(@names)))))
          and coalesce((select r.actor_id from roles r where r.official_id = o.id order by r.id limit 1), 0) = @body
        order by coalesce(o.name, o.description) <> @label, o.id limit 1`,
      params: [
        {
          names: JSON.stringify([o.name ?? o.description, ...(o.name === null ? [] : o.aliases)]),
          anonymous: o.name === null ? 1 : 0,
          body: o.roles[0]?.actorId ?? 0,
          label: o.name ?? o.description,
        },
      ],
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

/**
 * A record that matched a stored row by an alias is the same identity: the stored name stays,
 * and every spelling either side knows becomes an alias.
 */
export function mergeIdentity<T extends RecordType>(type: T, stored: Rows[T], incoming: Rows[T]): Rows[T] {
  if (type !== 'actor' && type !== 'official') return incoming;
  const [before, after] = [stored as Rows['actor' | 'official'], incoming as Rows['actor' | 'official']];
  if (before.name === null || after.name === null) return incoming;
  const aliases = new Set([...before.aliases, ...after.aliases, after.name]);
  aliases.delete(before.name);
  return { ...incoming, name: before.name, aliases: [...aliases].sort() };
}
