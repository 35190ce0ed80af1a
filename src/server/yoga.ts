import { sql } from 'drizzle-orm';
import { createYoga, useReadinessCheck, type YogaServerOptions } from 'graphql-yoga';
import type { Db } from '../db/client.ts';
import type { Context } from '../graphql/builder.ts';
import { schema } from '../graphql/schema.ts';
import { graphiqlAssets, renderOfflineGraphiQL } from './graphiql.ts';

export interface ClaimgraphOptions {
  db: Db;
  /** GraphiQL at GET /graphql for browsers; on unless turned off. */
  graphiql?: boolean;
  /** More Yoga/Envelop plugins, after claimgraph's own (the benchmark adds graphql-jit this way). */
  plugins?: YogaServerOptions<Record<string, unknown>, Context>['plugins'];
}

export function createClaimgraph({ db, graphiql = true, plugins }: ClaimgraphOptions) {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: () => ({ db }),
    graphqlEndpoint: '/graphql',
    // Liveness stays at Yoga's plain probe; /health also proves the database answers.
    healthCheckEndpoint: '/live',
    landingPage: false,
    graphiql: graphiql && { title: 'claimgraph', defaultQuery: exampleQuery },
    renderGraphiQL: renderOfflineGraphiQL,
    plugins: [
      ...(graphiql ? [graphiqlAssets()] : []),
      useReadinessCheck({
        endpoint: '/health',
        check: () => {
          db.get(sql`select 1`);
          return Response.json({ status: 'ok', database: 'ok' });
        },
      }),
      ...(plugins ?? []),
    ],
  });
}

export type ClaimgraphYoga = ReturnType<typeof createClaimgraph>;

const exampleQuery = /* GraphQL */ `
  # Welcome to claimgraph. Press the run button (or Ctrl-Enter) to see every
  # casualty claim in the example dataset, who made it and the numbers given.
  query CasualtyClaims {
    claims(filter: { kinds: [CASUALTIES] }) {
      totalCount
      edges {
        node {
          statement
          attribution
          claimant {
            label
          }
          region {
            name
          }
          quantities {
            metric
            best
            low
            high
            phrase
          }
        }
      }
    }
  }
`;
