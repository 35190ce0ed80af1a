import { readFileSync } from 'node:fs';
import { composeServices as composeWithApollo } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../src/federation/compose.ts';

// claimgraph's committed subgraph SDL (test/federation.test.ts checks it is what the server serves)
// beside a second subgraph that defines the common names a larger API has of its own, composed by
// both The Guild's composition (src/federation/compose.ts) and Apollo's.

const claimgraphSdl = readFileSync(new URL('../src/graphql/subgraph.graphql', import.meta.url), 'utf8');

const link =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable", "@interfaceObject"])';

/**
 * A planning subgraph: its own NotFoundError and ValidationError (with other fields than
 * claimgraph's), its own connections, and the value types Period, Quantity and Role in the shape
 * claimgraph gives them (every field: a field one subgraph lacks cannot be resolved from it), marked
 * @shareable as claimgraph marks them. The enums have all of claimgraph's values: an enum used in
 * both inputs and outputs must be the same in every subgraph.
 */
const commonNames = {
  errors: /* GraphQL */ `
    type Mutation {
      bookmark(id: ID!): BookmarkPayload!
    }
    union BookmarkPayload = Bookmark | NotFoundError | ValidationError
    type NotFoundError {
      message: String!
      id: ID!
    }
    type ValidationError {
      message: String!
      field: String!
    }
  `,
  values: /* GraphQL */ `
    scalar Date
    enum Metric {
      KILLED
      WOUNDED
      KILLED_OR_WOUNDED
      CAPTURED
      MISSING
      DEPLOYED
      AREA_KM2
      SHARE
      LOSSES
      OTHER
    }
    type Period @shareable {
      start: Date
      end: Date
      text: String
      effectiveEnd: Date
    }
    type Quantity @shareable {
      metric: Metric!
      unit: String
      best: Float
      low: Float
      high: Float
      approximate: Boolean!
      phrase: String
      shape: NumberShape!
      per: RatePeriod
      measure: Measure!
      modality: Modality!
      derivation: Derivation
      factor: Float
      derivedFrom: [QuantitySource!]!
      interval: Interval!
    }
    type QuantitySource @shareable {
      claim: Claim
      index: Int!
    }
    type Interval @shareable {
      low: Float
      high: Float
      best: Float
      lowInclusive: Boolean!
      highInclusive: Boolean!
      rule: String!
    }
    enum NumberShape {
      EXACT
      ABOUT
      APPROACHING
      AT_LEAST
      AT_MOST
      LESS_THAN
      MORE_THAN
      RANGE
      WORDS
    }
    enum RatePeriod {
      DAY
      WEEK
      MONTH
      YEAR
    }
    enum Measure {
      CHANGE
      HOLDING
    }
    enum Modality {
      REPORTED
      PLANNED
      PROJECTED
    }
    enum Derivation {
      RELATIVE
      SUM
      DIFFERENCE
    }
    type Role @shareable {
      title: String!
      actor: Actor!
      official: Official!
      since: Date
      until: Date
    }
    type Actor @key(fields: "id") {
      id: ID!
    }
    type Official @key(fields: "id") {
      id: ID!
    }
  `,
  connections: /* GraphQL */ `
    type PageInfo @shareable {
      hasNextPage: Boolean!
      hasPreviousPage: Boolean!
      startCursor: String
      endCursor: String
    }
    type BookmarkConnection {
      pageInfo: PageInfo!
      edges: [BookmarkEdge!]!
    }
    type BookmarkEdge {
      cursor: String!
      node: Bookmark!
    }
    type ClaimConnection @shareable {
      edges: [ClaimEdge!]!
      nodes: [Claim!]!
      pageInfo: PageInfo!
      totalCount: Int!
    }
    type ClaimEdge @shareable {
      cursor: String!
      node: Claim!
    }
    type Claim @key(fields: "id") {
      id: ID!
    }
  `,
};

const planningSdl = /* GraphQL */ `
  ${link}
  type Query {
    bookmarks(first: Int, after: String): BookmarkConnection!
    "Claims a planner picked, paged as claimgraph pages them."
    shortlist(first: Int): ClaimConnection!
    plannedPeriod: Period
    targets: [Quantity!]!
    contacts: [Role!]!
  }
  type Bookmark {
    id: ID!
    period: Period
  }
  ${Object.values(commonNames).join('\n')}
`;

/**
 * A subgraph that knows claimgraph's nodes only through the `Node` entity interface. It may define
 * no type that implements Node (Apollo's composition refuses an @interfaceObject beside such types).
 */
const bookmarksSdl = /* GraphQL */ `
  ${link}
  type Query {
    bookmarks: [Bookmark!]!
  }
  type Bookmark {
    note: String!
    "Null once the object is deleted from claimgraph."
    node: Node
  }
  type Node @key(fields: "id") @interfaceObject {
    id: ID!
    bookmarked: Boolean!
  }
`;

const services = (otherSdl: string) => [
  { name: 'claimgraph', url: 'http://127.0.0.1:4001/graphql', sdl: claimgraphSdl },
  { name: 'planning', url: 'http://127.0.0.1:4002/graphql', sdl: otherSdl },
];

const composers = {
  "The Guild's composition": async (otherSdl: string) => composeSupergraph(services(otherSdl)),
  "Apollo's composition": async (otherSdl: string) => {
    const result = composeWithApollo(services(otherSdl).map((s) => ({ ...s, typeDefs: parse(s.sdl) })));
    if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
    return result.supergraphSdl;
  },
};

describe.each(Object.entries(composers))('%s', (_name, compose) => {
  it('composes claimgraph with a subgraph that defines NotFoundError, ValidationError, Period, Quantity, Role and connections', async () => {
    const supergraph = await compose(planningSdl);
    // Both error families stay apart: the other's under the common names, claimgraph's under its prefix.
    expect(supergraph).toMatch(/type NotFoundError\s+@join__type\(graph: PLANNING\)/);
    expect(supergraph).toMatch(
      /type ClaimgraphNotFoundError implements ClaimgraphMutationError[^{]*@join__type\(graph: CLAIMGRAPH\)[^{]*\{/,
    );
    // The value types are one type, resolvable from either subgraph.
    for (const type of ['Period', 'Quantity', 'Role', 'ClaimConnection', 'ClaimEdge', 'PageInfo'])
      expect(supergraph).toMatch(
        new RegExp(`type ${type}\\s+@join__type\\(graph: CLAIMGRAPH\\)\\s+@join__type\\(graph: PLANNING\\)`),
      );
  });

  it('composes claimgraph with a subgraph that adds a field to every node through Node @interfaceObject', async () => {
    const supergraph = await compose(bookmarksSdl);
    expect(supergraph).toMatch(/interface Node\s+@join__type\(graph: CLAIMGRAPH, key: "id"\)/);
    expect(supergraph).toMatch(/@join__type\(graph: PLANNING, key: "id", isInterfaceObject: true\)/);
    expect(supergraph).toMatch(/bookmarked: Boolean! @join__field\(graph: PLANNING\)/);
  });

  it.each([
    [
      'its own Query.node',
      'type Query { node(id: ID!): Node } interface Node { id: ID! }',
      /Non-shareable field "Query.node"/,
    ],
    [
      'a Period of another shape',
      'type Query { period: Period } scalar Date type Period @shareable { start: Date end: Date }',
      /Period\.text|"text"/,
    ],
    [
      'a value type claimgraph shares without marking it @shareable',
      'type Query { role: Role } type Role { title: String! }',
      /Non-shareable field "Role.title"/,
    ],
  ])('refuses a subgraph with %s', async (_what, types, message) => {
    await expect(compose(`${link}\n${types}`)).rejects.toThrow(message);
  });
});
