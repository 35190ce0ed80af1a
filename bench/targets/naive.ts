import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { type DocumentNode, parse, specifiedDirectives, visit } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { countedClaimsSql, figureEnvelopesSql, overallEnvelopes, shownEnvelope } from './claim-stats-rules.ts';
import { closingBoth, openReader } from './floor.ts';
import { fromCursor, fromGlobalId, listen, type Target, toCursor, toGlobalId } from './target.ts';
import {
  ftsQuery,
  highlight,
  regionSubtreeSql,
  searchCountSql,
  searchCursor,
  searchHitsSql,
  searchSources,
  type SearchSourceCode,
} from './sql.ts';

/**
 * The naive server: claimgraph's schema, as SDL, with resolvers for the part the mix reads, written
 * the way most teams start: a resolver per field, each relation one query for the row at hand
 * (N+1), served by Yoga. Its database access is as fast as it gets (better-sqlite3
 * prepared statements, cached), so what it loses, it loses to N+1 and per-field resolution.
 */
export const naive: Target = {
  name: 'naive',
  description: 'graphql-js per-field resolvers, one query per relation (N+1), Yoga',
  answersMix: true,
  async start(file) {
    const sqlite = openReader(file);
    const yoga = createYoga({
      schema: naiveSchema(sqlite),
      graphqlEndpoint: '/graphql',
      landingPage: false,
      graphiql: false,
    });
    const http = await listen(yoga);
    return closingBoth(http, sqlite);
  },
};

/**
 * claimgraph's own schema, as `npm run schema:print` commits it, without its federation
 * markings (the schema extension that links the federation spec, and `@key`/`@shareable`):
 * the naive server serves the same types, fields and arguments, and resolves the ones the mix reads.
 */
function claimgraphTypeDefs(): DocumentNode {
  const sdl = readFileSync(new URL('../../src/graphql/subgraph.graphql', import.meta.url), 'utf8');
  const builtIn = new Set(specifiedDirectives.map((d) => d.name));
  return visit(parse(sdl), {
    SchemaExtension: () => null,
    Directive: (node) => (builtIn.has(node.name.value) ? undefined : null),
  });
}

type Row = Record<string, any>;
/** Rows carry their GraphQL type name, so interfaces and unions can resolve them. */
const typed = (type: string, row: Row | undefined) => (row ? { ...row, __typename: type } : null);

function naiveSchema(sqlite: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };
  const one = (sql: string, ...params: unknown[]) => statement(sql).get(...params) as Row | undefined;
  const many = (sql: string, ...params: unknown[]) => statement(sql).all(...params) as Row[];

  const byPrimaryKey = (type: string, table: string) => (id: number) =>
    typed(type, one(`select * from ${table} where id = ?`, id));
  const load = {
    Claim: byPrimaryKey('Claim', 'claims'),
    Actor: byPrimaryKey('Actor', 'actors'),
    Official: byPrimaryKey('Official', 'officials'),
    Region: byPrimaryKey('Region', 'regions'),
    Article: byPrimaryKey('Article', 'articles'),
    TerritoryChange: byPrimaryKey('TerritoryChange', 'territory_changes'),
  };

  const claimConnection = (where: string, params: unknown[], first: number, after: string | null | undefined) => {
    const rows = many(
      `select * from claims where ${where} and id > ? order by id limit ?`,
      ...params,
      fromCursor(after),
      first + 1,
    );
    const edges = rows.slice(0, first).map((row) => ({ cursor: toCursor(row.id), node: row }));
    return {
      edges,
      totalCount: () => one(`select count(*) as n from claims where ${where}`, ...params)!.n,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  };

  const filterSql = (filter: { kinds?: string[]; regionId?: string } | null | undefined) => {
    const conditions = ['1'];
    const params: unknown[] = [];
    if (filter?.kinds) {
      conditions.push('kind in (select value from json_each(?))');
      params.push(JSON.stringify(filter.kinds));
    }
    if (filter?.regionId) {
      conditions.push(`region_id in ${regionSubtreeSql}`);
      params.push(fromGlobalId(filter.regionId)?.id ?? 0);
    }
    return { where: conditions.join(' and '), params };
  };

  /** claimStats by the product's rules: the counted claims as a condition, and the figure envelopes. */
  const statsOf = (filter: { kinds?: string[]; regionId?: string } | null | undefined) => {
    const region = filter?.regionId ? fromGlobalId(filter.regionId) : null;
    if (!filter?.kinds || !region) throw new Error('the naive server answers claimStats for kinds in a region');
    const rules = { kinds: filter.kinds, regionId: region.id };
    return { where: countedClaimsSql(rules), params: [] as unknown[], envelopes: figureEnvelopesSql(rules) };
  };
  type Stats = ReturnType<typeof statsOf>;

  const resolvers = {
    Node: { __resolveType: (row: Row) => row.__typename },
    Claimant: { __resolveType: (row: Row) => row.__typename },
    SearchHit: { __resolveType: (row: Row) => row.__typename },
    Query: {
      node: (_: unknown, args: { id: string }) => {
        const decoded = fromGlobalId(args.id);
        const loader = decoded && load[decoded.type as keyof typeof load];
        return loader ? loader(decoded.id) : null;
      },
      claims: (_: unknown, args: { first?: number; after?: string; filter?: any }) => {
        const { where, params } = filterSql(args.filter);
        return claimConnection(where, params, args.first ?? 20, args.after);
      },
      claimStats: (_: unknown, args: { filter?: any }) => statsOf(args.filter),
      search: (_: unknown, args: { query: string; first?: number }) => {
        const match = ftsQuery(args.query);
        const limit = args.first ?? 20;
        const hits = match ? many(searchHitsSql, match, match, limit + 1, 0) : [];
        const edges = hits.slice(0, limit).map((hit, i) => ({
          cursor: searchCursor(i),
          score: hit.score,
          snippet: highlight(hit.snippet),
          key: hit.key,
        }));
        return {
          edges,
          totalCount: () => (match ? one(searchCountSql, match)!.n : 0),
          pageInfo: {
            hasNextPage: hits.length > limit,
            hasPreviousPage: false,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        };
      },
    },
    ClaimConnection: { totalCount: (c: { totalCount: () => number }) => c.totalCount() },
    SearchConnection: { totalCount: (c: { totalCount: () => number }) => c.totalCount() },
    SearchEdge: {
      // One query per hit.
      node: (edge: { key: number }) => {
        const { type } = searchSources[(edge.key % 8) as SearchSourceCode];
        return load[type](Math.floor(edge.key / 8));
      },
    },
    Claim: {
      id: (c: Row) => toGlobalId('Claim', c.id),
      claimant: (c: Row) =>
        c.claimant_official_id !== null
          ? load.Official(c.claimant_official_id)
          : c.claimant_actor_id !== null
            ? load.Actor(c.claimant_actor_id)
            : null,
      article: (c: Row) => load.Article(c.article_id),
      region: (c: Row) => (c.region_id === null ? null : load.Region(c.region_id)),
      subjects: (c: Row) =>
        many(
          'select actors.* from claim_subjects join actors on actors.id = claim_subjects.actor_id where claim_subjects.claim_id = ? order by actors.id',
          c.id,
        ),
      period: (c: Row) =>
        c.period_start === null && c.period_end === null && c.period_text === null
          ? null
          : { start: c.period_start, end: c.period_end, text: c.period_text },
      quantities: (c: Row) => many('select * from quantities where claim_id = ? order by id', c.id),
    },
    Actor: {
      id: (a: Row) => toGlobalId('Actor', a.id),
      label: (a: Row) => a.name,
      claims: (a: Row, args: { first?: number; after?: string }) =>
        claimConnection('claimant_actor_id = ?', [a.id], args.first ?? 20, args.after),
    },
    Official: {
      id: (o: Row) => toGlobalId('Official', o.id),
      label: (o: Row) => o.name ?? o.description,
      anonymous: (o: Row) => o.anonymous === 1,
      roles: (o: Row) => many('select * from roles where official_id = ? order by id', o.id),
    },
    Role: { actor: (r: Row) => load.Actor(r.actor_id) },
    Region: { id: (r: Row) => toGlobalId('Region', r.id) },
    Article: {
      id: (a: Row) => toGlobalId('Article', a.id),
      publishedAt: (a: Row) => a.published_at,
    },
    Quantity: { approximate: (q: Row) => q.approximate === 1 },
    ClaimStats: {
      count: (f: Stats) => one(`select count(*) as n from claims where ${f.where}`, ...f.params)!.n,
      byKind: (f: Stats) =>
        many(
          `select kind, count(*) as count from claims where ${f.where} group by kind order by count(*) desc, kind`,
          ...f.params,
        ),
      byClaimant: (f: Stats) =>
        many(
          `select claimant_actor_id, claimant_official_id, count(*) as count from claims where ${f.where}
           group by claimant_actor_id, claimant_official_id
           order by count(*) desc, claimant_official_id is null, claimant_official_id,
                    claimant_actor_id is null, claimant_actor_id`,
          ...f.params,
        ).map((g) => ({ ...g, filter: f })),
      quantities: (f: Stats) => overallEnvelopes(many(f.envelopes) as never[]).map(shownEnvelope),
    },
    ClaimantStats: {
      // One query per claimant row, and one more for its quantities.
      claimant: (g: Row) =>
        g.claimant_official_id !== null
          ? load.Official(g.claimant_official_id)
          : g.claimant_actor_id !== null
            ? load.Actor(g.claimant_actor_id)
            : null,
      quantities: (g: Row) =>
        many(g.filter.envelopes)
          .filter((e) => e.actorId === g.claimant_actor_id && e.officialId === g.claimant_official_id)
          .map((e) => shownEnvelope(e as never)),
    },
  };

  return createSchema({ typeDefs: claimgraphTypeDefs(), resolvers });
}
