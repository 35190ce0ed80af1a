import Database from 'better-sqlite3';
import { readConfig } from '../../src/config.ts';
import { readPagesFast } from '../../src/db/client.ts';
import {
  countedClaimsSql,
  figureEnvelopesSql,
  overallEnvelopes,
  type RegionStatsFilter,
  shownEnvelope,
} from './claim-stats-rules.ts';
import {
  fromCursor,
  fromGlobalId,
  listen,
  readBody,
  type RunningTarget,
  type Target,
  toCursor,
  toGlobalId,
} from './target.ts';
import {
  ftsQuery,
  highlight,
  inIds,
  searchCountSql,
  searchCursor,
  searchHitsSql,
  searchSources,
  type SearchSourceCode,
} from './sql.ts';

/**
 * The floor: the rows each query needs, read with hand-written prepared statements (one per
 * relation level, ids batched into one IN list), assembled into the response in plain JS and sent
 * with JSON.stringify from a bare node:http handler. No GraphQL engine: it dispatches on the
 * operation name and knows each shape of the mix by heart. What a server cannot beat without
 * changing what it reads.
 */
export const floor: Target = {
  name: 'floor',
  description: 'hand-written better-sqlite3 statements, one per level, JSON.stringify in node:http',
  answersMix: true,
  async start(file) {
    const sqlite = openReader(file);
    const operations = floorOperations(sqlite);
    const http = await listen(async (request, response) => {
      try {
        const { operationName, variables } = JSON.parse(await readBody(request));
        const operation = operations[operationName as keyof typeof operations];
        if (!operation) throw new Error(`the floor does not know operation ${operationName}`);
        const body = JSON.stringify({ data: operation(variables ?? {}) });
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
      } catch (error) {
        response
          .writeHead(400, { 'content-type': 'application/json; charset=utf-8' })
          .end(JSON.stringify({ errors: [{ message: String(error) }] }));
      }
    });
    return closingBoth(http, sqlite);
  },
};

/**
 * Opens the bench database the way claimgraph does (WAL, foreign keys, its page cache and memory
 * map), without running migrations: the targets differ in their code, not in how SQLite reads.
 */
export function openReader(file: string) {
  const sqlite = new Database(file, { fileMustExist: true });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  readPagesFast(sqlite, readConfig().sqliteMmapMb);
  return sqlite;
}

export function closingBoth(http: { url: string; close(): Promise<void> }, sqlite: Database.Database): RunningTarget {
  return {
    url: `${http.url}/graphql`,
    close: async () => {
      await http.close();
      sqlite.close();
    },
  };
}

type Row = Record<string, any>;
const bool = (v: unknown) => v === 1 || v === true;
const groupBy = <T extends Row>(rows: T[], key: string) => {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row[key]);
    if (list) list.push(row);
    else map.set(row[key], [row]);
  }
  return map;
};
const byId = <T extends Row>(rows: T[]) => new Map(rows.map((r) => [r.id as number, r]));
const unique = (values: (number | null)[]) => [...new Set(values.filter((v): v is number => v !== null))];

export function floorOperations(sqlite: Database.Database) {
  const prepare = (sql: string) => sqlite.prepare(sql);
  const all = (statement: Database.Statement, ...params: unknown[]) => statement.all(...params) as Row[];
  const ids = (values: number[]) => JSON.stringify(values);

  const s = {
    page: prepare(
      `select id, article_id, statement, kind, attribution, claimant_actor_id, claimant_official_id, region_id,
              period_start, period_end, period_text
       from claims where id > ? order by id limit ?`,
    ),
    countClaims: prepare('select count(*) as n from claims'),
    officials: prepare(`select id, name, description, anonymous from officials where ${inIds('id')}`),
    roles: prepare(
      `select official_id, actor_id, title, since, until from roles where ${inIds('official_id')} order by id`,
    ),
    actors: prepare(`select id, name, kind, country from actors where ${inIds('id')}`),
    subjects: prepare(
      `select claim_subjects.claim_id, actors.id, actors.name, actors.kind from claim_subjects
       join actors on actors.id = claim_subjects.actor_id
       where ${inIds('claim_subjects.claim_id')} order by actors.id`,
    ),
    regions: prepare(`select id, name, kind from regions where ${inIds('id')}`),
    articles: prepare(`select id, title, url, published_at from articles where ${inIds('id')}`),
    quantities: prepare(
      `select claim_id, metric, unit, best, low, high, approximate, phrase from quantities
       where ${inIds('claim_id')} order by id`,
    ),
    // The first 3 claims of each actor, through the claims_claimant_actor index, in one statement.
    actorClaims: prepare(
      `select owner.value as owner_id, claims.id, claims.statement, claims.kind, claims.region_id, claims.article_id
       from json_each(?) as owner join claims on claims.id in (
         select id from claims where claimant_actor_id = owner.value order by id limit ?)
       order by claims.id`,
    ),
    actorClaimCounts: prepare(
      `select claimant_actor_id as id, count(*) as n from claims where ${inIds('claimant_actor_id')} group by claimant_actor_id`,
    ),
    regionNames: prepare(`select id, name from regions where ${inIds('id')}`),
    articleTitles: prepare(`select id, title from articles where ${inIds('id')}`),
  };

  // claimStats counts by the product's rules (bench/targets/claim-stats-rules.ts); its statements
  // differ per filter (their values are written in), so they are prepared once per filter.
  const statsStatements = new Map<string, ReturnType<typeof statsFor>>();
  const statsFor = (filter: RegionStatsFilter) => {
    const counted = countedClaimsSql(filter);
    return {
      count: prepare(`select count(*) as n from claims where ${counted}`),
      byKind: prepare(
        `select kind, count(*) as count from claims where ${counted} group by kind order by count(*) desc, kind`,
      ),
      byClaimant: prepare(
        `select claimant_actor_id as actorId, claimant_official_id as officialId, count(*) as count
         from claims where ${counted}
         group by claimant_actor_id, claimant_official_id
         order by count(*) desc, claimant_official_id is null, claimant_official_id,
                  claimant_actor_id is null, claimant_actor_id`,
      ),
      envelopesByClaimant: prepare(figureEnvelopesSql(filter)),
    };
  };
  const labels = {
    officialLabels: prepare(`select id, coalesce(name, description) as label from officials where ${inIds('id')}`),
    actorLabels: prepare(`select id, name as label from actors where ${inIds('id')}`),
  };

  const search = {
    hits: prepare(searchHitsSql),
    count: prepare(searchCountSql),
    Claim: prepare(`select id, statement, kind from claims where ${inIds('id')}`),
    Article: prepare(`select id, title, published_at from articles where ${inIds('id')}`),
    Actor: prepare(`select id, name from actors where ${inIds('id')}`),
    Official: prepare(`select id, coalesce(name, description) as label from officials where ${inIds('id')}`),
    Region: prepare(`select id, name from regions where ${inIds('id')}`),
  };

  const node = {
    Claim: prepare('select id, statement, kind, attribution from claims where id = ?'),
    Actor: prepare('select id from actors where id = ?'),
    Official: prepare('select id from officials where id = ?'),
    Region: prepare('select id from regions where id = ?'),
    Article: prepare('select id from articles where id = ?'),
    TerritoryChange: prepare('select id from territory_changes where id = ?'),
  };

  function claimPage(variables: { first: number; after?: string | null }, deep: boolean) {
    const first = variables.first;
    const rows = all(s.page, fromCursor(variables.after), first + 1);
    const page = rows.slice(0, first);
    const claimIds = ids(page.map((c) => c.id));

    const officials = byId(all(s.officials, ids(unique(page.map((c) => c.claimant_official_id)))));
    const roles = groupBy(all(s.roles, ids([...officials.keys()])), 'official_id');
    const actorIds = unique([
      ...page.map((c) => c.claimant_actor_id),
      ...[...roles.values()].flat().map((r) => r.actor_id),
    ]);
    const actors = byId(all(s.actors, ids(actorIds)));
    const subjects = groupBy(all(s.subjects, claimIds), 'claim_id');
    const regions = byId(all(s.regions, ids(unique(page.map((c) => c.region_id)))));
    const articles = byId(all(s.articles, ids(unique(page.map((c) => c.article_id)))));
    const quantities = groupBy(all(s.quantities, claimIds), 'claim_id');

    let subjectClaims: ((actorId: number) => unknown) | undefined;
    if (deep) {
      const subjectIds = unique([...subjects.values()].flat().map((a) => a.id));
      const nested = all(s.actorClaims, ids(subjectIds), 3);
      const counts = new Map(all(s.actorClaimCounts, ids(subjectIds)).map((r) => [r.id as number, r.n as number]));
      const nestedRegions = byId(all(s.regionNames, ids(unique(nested.map((c) => c.region_id)))));
      const nestedArticles = byId(all(s.articleTitles, ids(unique(nested.map((c) => c.article_id)))));
      const byOwner = groupBy(nested, 'owner_id');
      subjectClaims = (actorId) => ({
        totalCount: counts.get(actorId) ?? 0,
        edges: (byOwner.get(actorId) ?? []).map((c) => {
          const region = c.region_id === null ? null : nestedRegions.get(c.region_id)!;
          const article = nestedArticles.get(c.article_id)!;
          return {
            node: {
              id: toGlobalId('Claim', c.id),
              statement: c.statement,
              kind: c.kind,
              region: region && { id: toGlobalId('Region', region.id), name: region.name },
              article: { id: toGlobalId('Article', article.id), title: article.title },
            },
          };
        }),
      });
    }

    const actorRef = (id: number) => {
      const a = actors.get(id)!;
      return { id: toGlobalId('Actor', a.id), name: a.name, kind: a.kind };
    };
    const claimant = (c: Row) => {
      if (c.claimant_official_id !== null) {
        const o = officials.get(c.claimant_official_id)!;
        return {
          __typename: 'Official',
          id: toGlobalId('Official', o.id),
          label: o.name ?? o.description,
          anonymous: bool(o.anonymous),
          roles: (roles.get(o.id) ?? []).map((r) => ({
            title: r.title,
            since: r.since,
            until: r.until,
            actor: actorRef(r.actor_id),
          })),
        };
      }
      if (c.claimant_actor_id !== null) {
        const a = actors.get(c.claimant_actor_id)!;
        return { __typename: 'Actor', id: toGlobalId('Actor', a.id), label: a.name, kind: a.kind, country: a.country };
      }
      return null;
    };

    const edges = page.map((c) => {
      const region = c.region_id === null ? null : regions.get(c.region_id)!;
      const article = articles.get(c.article_id)!;
      return {
        cursor: toCursor(c.id),
        node: {
          id: toGlobalId('Claim', c.id),
          statement: c.statement,
          kind: c.kind,
          attribution: c.attribution,
          period:
            c.period_start === null && c.period_end === null && c.period_text === null
              ? null
              : { start: c.period_start, end: c.period_end, text: c.period_text },
          claimant: claimant(c),
          region: region && { id: toGlobalId('Region', region.id), name: region.name, kind: region.kind },
          article: {
            id: toGlobalId('Article', article.id),
            title: article.title,
            url: article.url,
            publishedAt: article.published_at,
          },
          quantities: (quantities.get(c.id) ?? []).map((q) => ({
            metric: q.metric,
            unit: q.unit,
            best: q.best,
            low: q.low,
            high: q.high,
            approximate: bool(q.approximate),
            phrase: q.phrase,
          })),
          subjects: (subjects.get(c.id) ?? []).map((a) => ({
            id: toGlobalId('Actor', a.id),
            name: a.name,
            kind: a.kind,
            ...(subjectClaims ? { claims: subjectClaims(a.id) } : {}),
          })),
        },
      };
    });
    return {
      claims: {
        totalCount: (s.countClaims.get() as Row).n,
        pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        edges,
      },
    };
  }

  function regionStats(variables: { filter: { regionId: string; kinds: string[] } }) {
    const region = fromGlobalId(variables.filter.regionId);
    if (!region || region.type !== 'Region') throw new Error('filter.regionId must be a Region id');
    const filter = { kinds: variables.filter.kinds, regionId: region.id };
    const key = JSON.stringify(filter);
    const stats = statsStatements.get(key) ?? statsStatements.set(key, statsFor(filter)).get(key)!;
    const groups = all(stats.byClaimant);
    const claimantEnvelopes = all(stats.envelopesByClaimant);
    const envelopes = groupBy(
      claimantEnvelopes.map((e) => ({ ...e, key: `${e.actorId}:${e.officialId}` })),
      'key',
    );
    const officialLabels = byId(all(labels.officialLabels, ids(unique(groups.map((g) => g.officialId)))));
    const actorLabels = byId(all(labels.actorLabels, ids(unique(groups.map((g) => g.actorId)))));
    return {
      claimStats: {
        count: (stats.count.get() as Row).n,
        byKind: all(stats.byKind),
        byClaimant: groups.map((g) => ({
          claimant:
            g.officialId !== null
              ? {
                  __typename: 'Official',
                  id: toGlobalId('Official', g.officialId),
                  label: officialLabels.get(g.officialId)!.label,
                }
              : g.actorId !== null
                ? { __typename: 'Actor', id: toGlobalId('Actor', g.actorId), label: actorLabels.get(g.actorId)!.label }
                : null,
          count: g.count,
          quantities: (envelopes.get(`${g.actorId}:${g.officialId}` as never) ?? []).map((e) =>
            shownEnvelope(e as never),
          ),
        })),
        quantities: overallEnvelopes(claimantEnvelopes as never[]).map(shownEnvelope),
      },
    };
  }

  function searchPage(variables: { query: string; first: number }) {
    const match = ftsQuery(variables.query);
    const limit = variables.first;
    if (!match || limit === 0) throw new Error('the floor only answers searches with words and a page size');
    const hits = all(search.hits, match, match, limit + 1, 0);
    const page = hits.slice(0, limit);
    const byCode = new Map<SearchSourceCode, number[]>();
    for (const hit of page) {
      const code = (hit.key % 8) as SearchSourceCode;
      byCode.set(code, [...(byCode.get(code) ?? []), Math.floor(hit.key / 8)]);
    }
    const nodes = new Map<number, Row>();
    for (const [code, idList] of byCode) {
      const { type } = searchSources[code];
      for (const row of all(search[type], ids(idList))) {
        const id = toGlobalId(type, row.id);
        const node =
          type === 'Claim'
            ? { __typename: type, id, statement: row.statement, kind: row.kind }
            : type === 'Article'
              ? { __typename: type, id, title: row.title, publishedAt: row.published_at }
              : type === 'Official'
                ? { __typename: type, id, label: row.label }
                : { __typename: type, id, name: row.name };
        nodes.set(row.id * 8 + code, node);
      }
    }
    const edges = page.flatMap((hit, i) => {
      const node = nodes.get(hit.key);
      return node ? [{ cursor: searchCursor(i), score: hit.score, snippet: highlight(hit.snippet), node }] : [];
    });
    return {
      search: {
        totalCount: (search.count.get(match) as Row).n,
        pageInfo: { hasNextPage: hits.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
        edges,
      },
    };
  }

  function nodeById(variables: { id: string }) {
    const decoded = fromGlobalId(variables.id);
    const statement = decoded && node[decoded.type as keyof typeof node];
    const row = statement ? (statement.get(decoded.id) as Row | undefined) : undefined;
    if (!row) return { node: null };
    const id = variables.id;
    return {
      node:
        decoded!.type === 'Claim'
          ? { id, statement: row.statement, kind: row.kind, attribution: row.attribution }
          : { id },
    };
  }

  return {
    ClaimPage: (v: any) => claimPage(v, false),
    DeepClaimPage: (v: any) => claimPage(v, true),
    RegionStats: regionStats,
    Search: searchPage,
    NodeById: nodeById,
  };
}
