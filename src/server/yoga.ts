import { sql } from 'drizzle-orm';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import type { Db } from '../db/client.ts';
import type { Context } from '../graphql/builder.ts';
import { schema } from '../graphql/schema.ts';
import { graphiqlAssets, renderOfflineGraphiQL } from './graphiql.ts';
import { useWriteToken } from './write-auth.ts';

export interface ClaimgraphOptions {
  db: Db;
  /** GraphiQL at GET /graphql for browsers; on unless turned off. */
  graphiql?: boolean;
  /** The bearer token mutations need (CLAIMGRAPH_WRITE_TOKEN); without one, writes are refused. */
  writeToken?: string;
}

export function createClaimgraph({ db, graphiql = true, writeToken }: ClaimgraphOptions) {
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
      useWriteToken(writeToken),
      ...(graphiql ? [graphiqlAssets()] : []),
      useReadinessCheck({
        endpoint: '/health',
        check: () => {
          db.get(sql`select 1`);
          return Response.json({ status: 'ok', database: 'ok' });
        },
      }),
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
