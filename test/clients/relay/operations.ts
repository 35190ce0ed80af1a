import { graphql } from 'relay-runtime';

// relay-compiler (npm run relay) turns these into the artifacts in __generated__/, which the test imports.

export const claimsPage = graphql`
  query operationsClaimsPageQuery($first: Int!, $after: String) {
    claims(first: $first, after: $after) @connection(key: "operations_claims") {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          statement
        }
      }
    }
  }
`;

export const casualtyClaims = graphql`
  query operationsCasualtyClaimsQuery {
    claims(first: 100, filter: { kinds: [CASUALTIES] }) {
      totalCount
      edges {
        node {
          id
          kind
        }
      }
    }
  }
`;

export const nodeById = graphql`
  query operationsNodeByIdQuery($id: ID!) {
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

export const createRegion = graphql`
  mutation operationsCreateRegionMutation($name: String!) {
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
