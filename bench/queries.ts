import Database from 'better-sqlite3';

/**
 * The query mix every target answers, the same text for each. Each operation has its own name:
 * the floor dispatches on it, since it has no GraphQL engine.
 */
export interface BenchQuery {
  /** Short id used in flags, tables and the JSON results: a, b, c, d-common, d-rare, e. */
  id: string;
  description: string;
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
}

const claimFields = /* GraphQL */ `
  id
  statement
  kind
  attribution
  period { start end text }
  claimant {
    __typename
    id
    label
    ... on Official { anonymous roles { title since until actor { id name kind } } }
    ... on Actor { kind country }
  }
  region { id name kind }
  article { id title url publishedAt }
  quantities { metric unit best low high approximate phrase }
`;

export const claimPageQuery = /* GraphQL */ `
  query ClaimPage($first: Int!, $after: String) {
    claims(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          ${claimFields}
          subjects { id name kind }
        }
      }
    }
  }
`;

export const deepClaimPageQuery = /* GraphQL */ `
  query DeepClaimPage($first: Int!, $after: String) {
    claims(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          ${claimFields}
          subjects {
            id
            name
            kind
            claims(first: 3) {
              totalCount
              edges { node { id statement kind region { id name } article { id title } } }
            }
          }
        }
      }
    }
  }
`;

export const claimStatsQuery = /* GraphQL */ `
  query RegionStats($filter: ClaimFilter!) {
    claimStats(filter: $filter) {
      count
      byKind {
        kind
        count
      }
      byClaimant {
        claimant {
          __typename
          id
          label
        }
        count
        quantities {
          metric
          claims
          low
          high
        }
      }
      quantities {
        metric
        claims
        low
        high
      }
    }
  }
`;

export const searchQuery = /* GraphQL */ `
  query Search($query: String!, $first: Int!) {
    search(query: $query, first: $first) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        score
        snippet
        node {
          __typename
          ... on Claim {
            id
            statement
            kind
          }
          ... on Article {
            id
            title
            publishedAt
          }
          ... on Actor {
            id
            name
          }
          ... on Official {
            id
            label
          }
          ... on Region {
            id
            name
          }
        }
      }
    }
  }
`;

export const nodeQuery = /* GraphQL */ `
  query NodeById($id: ID!) {
    node(id: $id) {
      id
      ... on Claim {
        statement
        kind
        attribution
      }
    }
  }
`;

/** What the ceiling answers: the pipeline with no data behind it. */
export const helloQuery = /* GraphQL */ `
  query Hello {
    hello
  }
`;

export const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
/** The cursor format of Pothos' drizzle connections: base64 of "DC:N:<primary key>". */
export const claimCursor = (id: number) => Buffer.from(`DC:N:${id}`).toString('base64');

/** Ids and terms the mix reads, chosen from the database the same way every time. */
export interface MixParameters {
  claims: number;
  /** The page starts after this claim id: the middle of the table, not its first rows. */
  pageAfterId: number;
  statsRegionId: number;
  statsRegionName: string;
  statsKind: string;
  nodeClaimId: number;
  commonTerm: string;
  rareTerm: string;
}

export const commonTerm = 'artillery';
export const rareTerm = 'pontoon';

export function chooseParameters(file: string): MixParameters {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const { n, maxId } = sqlite.prepare('select count(*) as n, max(id) as maxId from claims').get() as {
      n: number;
      maxId: number;
    };
    if (n === 0) throw new Error(`${file} holds no claims; build it with npm run bench:data`);
    // The province with the most claims in it and in the regions inside it.
    const regions = sqlite.prepare('select id, name, kind, parent_id as parentId from regions').all() as {
      id: number;
      name: string;
      kind: string;
      parentId: number | null;
    }[];
    const byId = new Map(regions.map((r) => [r.id, r]));
    const provinceOf = (id: number): number | null => {
      for (let r = byId.get(id); r; r = r.parentId === null ? undefined : byId.get(r.parentId)) {
        if (r.kind === 'PROVINCE') return r.id;
      }
      return null;
    };
    const perProvince = new Map<number, number>();
    const counts = sqlite
      .prepare('select region_id as id, count(*) as n from claims where region_id is not null group by region_id')
      .all() as { id: number; n: number }[];
    for (const { id, n: count } of counts) {
      const province = provinceOf(id);
      if (province !== null) perProvince.set(province, (perProvince.get(province) ?? 0) + count);
    }
    const [statsRegionId] = [...perProvince].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [regions[0]!.id];
    return {
      claims: n,
      pageAfterId: Math.floor(maxId / 2),
      statsRegionId,
      statsRegionName: byId.get(statsRegionId)!.name,
      statsKind: 'CASUALTIES',
      nodeClaimId: Math.max(1, Math.floor(maxId / 3)),
      commonTerm,
      rareTerm,
    };
  } finally {
    sqlite.close();
  }
}

export const pageQuery = (p: MixParameters, first: number): BenchQuery => ({
  id: first === 50 ? 'a' : `a${first}`,
  description: `page of ${first} claims with claimant (roles, actors), subjects, region, article, quantities`,
  operationName: 'ClaimPage',
  query: claimPageQuery,
  variables: { first, after: claimCursor(p.pageAfterId) },
});

export function queryMix(p: MixParameters): BenchQuery[] {
  return [
    pageQuery(p, 50),
    {
      id: 'b',
      description: "page of 100 claims, and 3 of each subject's claims with their region and article",
      operationName: 'DeepClaimPage',
      query: deepClaimPageQuery,
      variables: { first: 100, after: claimCursor(p.pageAfterId) },
    },
    {
      id: 'c',
      description: `claimStats over ${p.statsRegionName} (and the regions inside it) and kind ${p.statsKind}`,
      operationName: 'RegionStats',
      query: claimStatsQuery,
      variables: { filter: { regionId: globalId('Region', p.statsRegionId), kinds: [p.statsKind] } },
    },
    {
      id: 'd-common',
      description: `search for a common term ("${p.commonTerm}"), first 20`,
      operationName: 'Search',
      query: searchQuery,
      variables: { query: p.commonTerm, first: 20 },
    },
    {
      id: 'd-rare',
      description: `search for a rare term ("${p.rareTerm}"), first 20`,
      operationName: 'Search',
      query: searchQuery,
      variables: { query: p.rareTerm, first: 20 },
    },
    {
      id: 'e',
      description: 'node by id (a claim)',
      operationName: 'NodeById',
      query: nodeQuery,
      variables: { id: globalId('Claim', p.nodeClaimId) },
    },
  ];
}

export const helloBenchQuery: BenchQuery = {
  id: 'hello',
  description: '{ hello }: the Yoga pipeline with no data',
  operationName: 'Hello',
  query: helloQuery,
  variables: {},
};

/** The JSON body every target receives for a query. */
export const requestBody = (q: BenchQuery) =>
  JSON.stringify({ operationName: q.operationName, query: q.query, variables: q.variables });

/**
 * The variables a query is sent with, `count` sets of them in turn: other cursors for the pages
 * (a, b), other claims for `node` (e), spread over the half of the table above the bench's own.
 * A client paging through a list or opening one claim after another sends other values each time,
 * and a server that keys what it prepares by value pays for it; with one set, every request is the
 * same. The other queries keep their variables: they are the questions the bench asks.
 */
export function variablesOf(query: BenchQuery, p: MixParameters, count: number): Record<string, unknown>[] {
  const spread = (from: number) =>
    Array.from({ length: count }, (_, k) => from + k * Math.max(1, Math.floor(from / (2 * count))));
  if (count <= 1) return [query.variables];
  if (query.operationName === 'ClaimPage' || query.operationName === 'DeepClaimPage') {
    return spread(p.pageAfterId).map((id) => ({ ...query.variables, after: claimCursor(id) }));
  }
  if (query.operationName === 'NodeById') return spread(p.nodeClaimId).map((id) => ({ id: globalId('Claim', id) }));
  return [query.variables];
}
