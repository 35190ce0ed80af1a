import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { getOperationAST, type GraphQLSchema, parse } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';

/**
 * A second subgraph, as a newsroom might run beside claimgraph: it knows claimgraph's articles and
 * officials only by their global ids, adds its own fields to them, and has a root field that
 * hands articles back to the gateway, which fetches the rest from claimgraph.
 * Written with @apollo/subgraph and graphql-yoga, no Pothos, to show another stack composes.
 */
const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Query {
    "Articles the desk is featuring, in the desk's order."
    featuredArticles(first: Int! = 10): [Article!]!
  }

  "The newsroom's own record of how an article is being followed up."
  type Coverage {
    desk: String!
    followUps: Int!
  }

  type Article @key(fields: "id") {
    id: ID!
    "Null for an article the desk does not follow."
    coverage: Coverage
  }

  type Official @key(fields: "id") {
    id: ID!
    "How often the newsroom has interviewed this person."
    interviews: Int!
  }
`);

export interface CoverageData {
  /** Coverage by claimgraph Article global id. */
  coverage: Map<string, { desk: string; followUps: number }>;
  /** Interview counts by claimgraph Official global id. */
  interviews: Map<string, number>;
  /** Featured articles' global ids, in order. */
  featured: string[];
}

export async function startCoverageSubgraph(data: CoverageData) {
  let entityRequests = 0;
  const schema = buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: {
        featuredArticles: (_root: unknown, { first }: { first: number }) =>
          data.featured.slice(0, first).map((id) => ({ id })),
      },
      Article: {
        __resolveReference: ({ id }: { id: string }) => ({ id }),
        coverage: ({ id }: { id: string }) => data.coverage.get(id) ?? null,
      },
      Official: {
        __resolveReference: ({ id }: { id: string }) => ({ id }),
        interviews: ({ id }: { id: string }) => data.interviews.get(id) ?? 0,
      },
    } as never,
  });
  const countEntityRequests: Plugin = {
    onExecute: ({ args }) => {
      const operation = getOperationAST(args.document, args.operationName);
      const fields = operation?.selectionSet.selections ?? [];
      if (fields.some((field) => field.kind === 'Field' && field.name.value === '_entities')) entityRequests++;
    },
  };
  return { ...(await serve(schema, [countEntityRequests])), entityRequests: () => entityRequests };
}

/**
 * A third subgraph that knows no claimgraph type by name: it adds a field to every claimgraph node
 * through claimgraph's `Node` entity interface (`@interfaceObject`) and hands nodes of any type
 * back by id. Composition forbids an @interfaceObject subgraph to define any type implementing the
 * interface, so this cannot live in the coverage subgraph, which extends Article and Official.
 */
export async function startFactCheckSubgraph(notes: Map<string, string>) {
  const schema = buildSubgraphSchema({
    typeDefs: parse(/* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@interfaceObject"])

      type Query {
        "Objects of any claimgraph type the desk is checking, in the desk's order."
        factChecks: [Node!]!
      }

      type Node @key(fields: "id") @interfaceObject {
        id: ID!
        "The desk's note while it checks the object; null for one it is not checking."
        factCheckNote: String
      }
    `),
    resolvers: {
      Query: { factChecks: () => [...notes.keys()].map((id) => ({ id })) },
      Node: {
        __resolveReference: ({ id }: { id: string }) => ({ id }),
        factCheckNote: ({ id }: { id: string }) => notes.get(id) ?? null,
      },
    } as never,
  });
  return serve(schema, []);
}

async function serve(schema: GraphQLSchema, plugins: Plugin[]) {
  const yoga = createYoga({ schema, graphqlEndpoint: '/graphql', landingPage: false, graphiql: false, plugins });
  const server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
