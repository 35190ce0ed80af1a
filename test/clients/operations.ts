/** The operations every client test sends: what a dashboard does on its first day. */

export const ClaimsPage = /* GraphQL */ `
  query ClaimsPage($first: Int!, $after: String) {
    claims(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          statement
        }
      }
    }
  }
`;

export const CasualtyClaims = /* GraphQL */ `
  query CasualtyClaims {
    claims(first: 100, filter: { kinds: [CASUALTIES] }) {
      totalCount
      edges {
        node {
          id
          kind
          quantities {
            metric
            best
          }
        }
      }
    }
  }
`;

export const NodeById = /* GraphQL */ `
  query NodeById($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Claim {
        statement
      }
      ... on Region {
        name
      }
    }
  }
`;

export const CreateRegion = /* GraphQL */ `
  mutation CreateRegion($name: String!) {
    createRegion(input: { name: $name, kind: PROVINCE, country: "RU" }) {
      __typename
      ... on CreateRegionSuccess {
        created
        region {
          id
          name
        }
      }
    }
  }
`;

/** The page size the pagination tests use: small enough that every claim takes several pages. */
export const pageSize = 5;

export interface ClaimsPageData {
  claims: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; statement: string } }[];
  };
}
export interface CasualtyClaimsData {
  claims: { totalCount: number; edges: { node: { id: string; kind: string } }[] };
}
export interface NodeByIdData {
  node: { __typename: string; id: string; statement?: string; name?: string } | null;
}
export interface CreateRegionData {
  createRegion: { __typename: string; created?: boolean; region?: { id: string; name: string } };
}
