import type Database from 'better-sqlite3';
import { countedClaimsSql, figureEnvelopesSql, type RegionStatsFilter } from './claim-stats-rules.ts';
import { closingBoth, openReader } from './floor.ts';
import { fromCursor, fromGlobalId, listen, readBody, type Target } from './target.ts';
import { ftsQuery, markEnd, markStart, metricOrderOf, rankedMatchSql } from './sql.ts';

/**
 * The floor's second variant: SQLite builds the whole response, `{"data": ...}` included, with
 * json_object/json_group_array in one statement per request, and node:http sends those bytes
 * untouched. Global ids and cursors are base64, which SQLite's core lacks: three deterministic
 * one-line JavaScript functions registered on the connection encode them.
 */
export const floorJson: Target = {
  name: 'floor-json',
  description: 'one SQL statement per request builds the whole JSON (json_object/json_group_array)',
  answersMix: true,
  async start(file) {
    const sqlite = openReader(file);
    const operations = floorJsonOperations(sqlite);
    const http = await listen(async (request, response) => {
      try {
        const { operationName, variables } = JSON.parse(await readBody(request));
        const operation = operations[operationName as keyof typeof operations];
        if (!operation) throw new Error(`floor-json does not know operation ${operationName}`);
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(operation(variables ?? {}));
      } catch (error) {
        response
          .writeHead(400, { 'content-type': 'application/json; charset=utf-8' })
          .end(JSON.stringify({ errors: [{ message: String(error) }] }));
      }
    });
    return closingBoth(http, sqlite);
  },
};

const base64 = (text: string) => Buffer.from(text).toString('base64');
const bool = (expression: string) => `json(iif(${expression}, 'true', 'false'))`;
const html = (expression: string) =>
  [
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
  ].reduce((e, [from, to]) => `replace(${e}, '${from!.replace("'", "''")}', '${to}')`, expression);
const highlightSql = (expression: string) =>
  `replace(replace(${html(expression)}, '${markStart}', '<mark>'), '${markEnd}', '</mark>')`;

const claimNode = (c: string, deep: boolean) => `json_object(
  'id', gid('Claim', ${c}.id),
  'statement', ${c}.statement,
  'kind', ${c}.kind,
  'attribution', ${c}.attribution,
  'period', case when ${c}.period_start is null and ${c}.period_end is null and ${c}.period_text is null then null
    else json_object('start', ${c}.period_start, 'end', ${c}.period_end, 'text', ${c}.period_text) end,
  'claimant', json(case
    when ${c}.claimant_official_id is not null then (
      select json_object('__typename', 'Official', 'id', gid('Official', o.id), 'label', coalesce(o.name, o.description),
        'anonymous', ${bool('o.anonymous')},
        'roles', json((select json_group_array(json_object('title', r.title, 'since', r.since, 'until', r.until,
            'actor', json_object('id', gid('Actor', ra.id), 'name', ra.name, 'kind', ra.kind)) order by r.id)
          from roles r join actors ra on ra.id = r.actor_id where r.official_id = o.id)))
      from officials o where o.id = ${c}.claimant_official_id)
    when ${c}.claimant_actor_id is not null then (
      select json_object('__typename', 'Actor', 'id', gid('Actor', ca.id), 'label', ca.name, 'kind', ca.kind, 'country', ca.country)
      from actors ca where ca.id = ${c}.claimant_actor_id)
    end),
  'region', json((select json_object('id', gid('Region', g.id), 'name', g.name, 'kind', g.kind) from regions g where g.id = ${c}.region_id)),
  'article', json((select json_object('id', gid('Article', ar.id), 'title', ar.title, 'url', ar.url, 'publishedAt', ar.published_at)
    from articles ar where ar.id = ${c}.article_id)),
  'quantities', json((select json_group_array(json_object('metric', q.metric, 'unit', q.unit, 'best', q.best, 'low', q.low,
      'high', q.high, 'approximate', ${bool('q.approximate')}, 'phrase', q.phrase) order by q.id)
    from quantities q where q.claim_id = ${c}.id)),
  'subjects', json((select json_group_array(json_object('id', gid('Actor', sa.id), 'name', sa.name, 'kind', sa.kind${
    deep
      ? `,
      'claims', json_object(
        'totalCount', (select count(*) from claims x where x.claimant_actor_id = sa.id),
        'edges', json((select json_group_array(json_object('node', json_object('id', gid('Claim', x.id), 'statement', x.statement,
            'kind', x.kind,
            'region', json((select json_object('id', gid('Region', xg.id), 'name', xg.name) from regions xg where xg.id = x.region_id)),
            'article', json((select json_object('id', gid('Article', xa.id), 'title', xa.title) from articles xa where xa.id = x.article_id))
          )) order by x.id)
          from (select * from claims where claimant_actor_id = sa.id order by id limit 3) x)))`
      : ''
  }) order by sa.id)
    from claim_subjects cs join actors sa on sa.id = cs.actor_id where cs.claim_id = ${c}.id))
)`;

const claimPageSql = (deep: boolean) => `
  with page as materialized (select * from claims where id > :after order by id limit :first + 1),
  shown as materialized (select * from page order by id limit :first)
  select json_object('data', json_object('claims', json_object(
    'totalCount', (select count(*) from claims),
    'pageInfo', json_object(
      'hasNextPage', ${bool('(select count(*) from page) > :first')},
      'endCursor', (select cursor(max(id)) from shown)),
    'edges', json((select json_group_array(json_object('cursor', cursor(c.id), 'node', ${claimNode('c', deep)}) order by c.id)
      from shown c))
  ))) as body`;

const envelope = (e: string) =>
  `json_object('metric', ${e}.metric, 'claims', ${e}.claims, 'low', ${e}.low, 'high', iif(${e}.open_ended > 0, null, ${e}.high))`;
const identityOrder = (e: string) =>
  `${metricOrderOf(`${e}.metric`)}, ${e}.unit, ${e}.per, ${e}.measure, ${e}.modality`;

/** claimStats in one statement, by the product's rules (claim-stats-rules.ts); the filter's values are written in. */
const regionStatsSql = (filter: RegionStatsFilter) => `
  with matching as materialized (
    select id, kind, claimant_actor_id, claimant_official_id from claims where ${countedClaimsSql(filter)}
  ),
  groups as materialized (
    select claimant_actor_id as actor_id, claimant_official_id as official_id, count(*) as n from matching
    group by claimant_actor_id, claimant_official_id
  ),
  envelopes as materialized (
    select actorId as actor_id, officialId as official_id, metric, unit, per, measure, modality, claims, low, high,
      openEnded as open_ended
    from (${figureEnvelopesSql(filter)})
  )
  select json_object('data', json_object('claimStats', json_object(
    'count', (select count(*) from matching),
    'byKind', json((select json_group_array(json_object('kind', kind, 'count', n) order by n desc, kind)
      from (select kind, count(*) as n from matching group by kind))),
    'byClaimant', json((select json_group_array(json_object(
        'claimant', json(case
          when g.official_id is not null then (select json_object('__typename', 'Official', 'id', gid('Official', o.id),
            'label', coalesce(o.name, o.description)) from officials o where o.id = g.official_id)
          when g.actor_id is not null then (select json_object('__typename', 'Actor', 'id', gid('Actor', a.id), 'label', a.name)
            from actors a where a.id = g.actor_id)
          end),
        'count', g.n,
        'quantities', json((select json_group_array(${envelope('e')} order by ${identityOrder('e')}) from envelopes e
          where e.actor_id is g.actor_id and e.official_id is g.official_id))
      ) order by g.n desc, g.official_id is null, g.official_id, g.actor_id is null, g.actor_id) from groups g)),
    'quantities', json((select json_group_array(${envelope('t')} order by ${identityOrder('t')})
      from (select metric, unit, per, measure, modality, sum(claims) as claims, min(low) as low, max(high) as high,
              sum(open_ended) as open_ended from envelopes group by metric, unit, per, measure, modality) t))
  ))) as body`;

const searchNode = `json(case key % 8
  when 1 then (select json_object('__typename', 'Article', 'id', gid('Article', id), 'title', title, 'publishedAt', published_at)
    from articles where id = key / 8)
  when 2 then (select json_object('__typename', 'Claim', 'id', gid('Claim', id), 'statement', statement, 'kind', kind)
    from claims where id = key / 8)
  when 3 then (select json_object('__typename', 'Official', 'id', gid('Official', id), 'label', coalesce(name, description))
    from officials where id = key / 8)
  when 4 then (select json_object('__typename', 'Actor', 'id', gid('Actor', id), 'name', name) from actors where id = key / 8)
  when 5 then (select json_object('__typename', 'Region', 'id', gid('Region', id), 'name', name) from regions where id = key / 8)
  end)`;

// The ranked hits stay a plain subquery: as a materialized CTE, FTS5 computed every match's snippet.
const searchSql = `
  select json_object('data', json_object('search', json_object(
    'totalCount', (select count(*) from search_index where search_index match :match),
    'pageInfo', json_object(
      'hasNextPage', ${bool('coalesce(max(n), 0) > :first')},
      'endCursor', search_cursor(max(position) filter (where position < :first))),
    'edges', json(coalesce(json_group_array(json_object('cursor', search_cursor(position), 'score', score,
        'snippet', ${highlightSql('snippet')}, 'node', ${searchNode}) order by position) filter (where position < :first), '[]'))
  ))) as body
  from (
    select *, row_number() over (order by score desc, key) - 1 as position, count(*) over () as n
    from (
      select rowid as key, -bm25(search_index, 2.0, 1.0) as score,
             snippet(search_index, -1, '${markStart}', '${markEnd}', '…', 16) as snippet
      from search_index where ${rankedMatchSql(':match')}
      order by bm25(search_index, 2.0, 1.0), rowid limit :first + 1
    )
  )`;

const nodeSql = (table: string, fields: string) => `
  select json_object('data', json_object('node', json((select json_object('id', :id${fields}) from ${table} where id = :key))))
    as body`;

export function floorJsonOperations(sqlite: Database.Database) {
  sqlite.function('gid', { deterministic: true }, (type, id) => base64(`${type}:${id}`));
  sqlite.function('cursor', { deterministic: true }, (id) => (id === null ? null : base64(`DC:N:${id}`)));
  sqlite.function('search_cursor', { deterministic: true }, (n) => (n === null ? null : base64(`search:${n}`)));
  const body = (statement: Database.Statement, params: Record<string, unknown>) =>
    (statement.get(params) as { body: string }).body;

  const claimPage = sqlite.prepare(claimPageSql(false));
  const deepClaimPage = sqlite.prepare(claimPageSql(true));
  // One statement per filter: the product's rules write the filter's values into the SQL.
  const regionStats = new Map<string, Database.Statement>();
  const search = sqlite.prepare(searchSql);
  const nodes = {
    Claim: sqlite.prepare(nodeSql('claims', `, 'statement', statement, 'kind', kind, 'attribution', attribution`)),
    Actor: sqlite.prepare(nodeSql('actors', '')),
    Official: sqlite.prepare(nodeSql('officials', '')),
    Region: sqlite.prepare(nodeSql('regions', '')),
    Article: sqlite.prepare(nodeSql('articles', '')),
    TerritoryChange: sqlite.prepare(nodeSql('territory_changes', '')),
  };

  return {
    ClaimPage: (v: any) => body(claimPage, { after: fromCursor(v.after), first: v.first }),
    DeepClaimPage: (v: any) => body(deepClaimPage, { after: fromCursor(v.after), first: v.first }),
    RegionStats: (v: any) => {
      const region = fromGlobalId(v.filter.regionId);
      if (!region || region.type !== 'Region') throw new Error('filter.regionId must be a Region id');
      const filter = { kinds: v.filter.kinds as string[], regionId: region.id };
      const key = JSON.stringify(filter);
      const statement = regionStats.get(key) ?? regionStats.set(key, sqlite.prepare(regionStatsSql(filter))).get(key)!;
      return body(statement, {});
    },
    Search: (v: any) => {
      const match = ftsQuery(v.query);
      if (!match || v.first === 0) throw new Error('floor-json only answers searches with words and a page size');
      return body(search, { match, first: v.first });
    },
    NodeById: (v: any) => {
      const decoded = fromGlobalId(v.id);
      const statement = decoded && nodes[decoded.type as keyof typeof nodes];
      return statement ? body(statement, { id: v.id, key: decoded.id }) : '{"data":{"node":null}}';
    },
  };
}
