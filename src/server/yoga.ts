import { sql } from 'drizzle-orm';
import type { DocumentNode } from 'graphql';
import { createYoga, useReadinessCheck, type YogaServerOptions } from 'graphql-yoga';
import { type Config, readConfig } from '../config.ts';
import { type AnyDb, firstRow, isPostgres } from '../db/engine.ts';
import type { Context } from '../graphql/builder.ts';
import { schema } from '../graphql/schema.ts';
import { boundedDocumentCache } from './bounded-cache.ts';
import { graphiqlAssets, renderOfflineGraphiQL } from './graphiql.ts';
import { useWriteToken } from './write-auth.ts';
import { createLogger, type Logger } from './logging.ts';
import { protection } from './protection.ts';
import { useAnswerCache } from './response-cache.ts';
import { useCompiledAggregates } from './compiled-aggregates.ts';
import { keepClaimFigures } from '../store/claim-figures.ts';
import { usePrimaryForWrites } from './read-replica.ts';

export interface ClaimgraphOptions {
  /** SQLite's, or PostgreSQL's (a read replica's, with `primary`). */
  db: AnyDb;
  /** The primary, when `db` is a read replica: writes and subscriptions go there. */
  primary?: AnyDb;
  /** GraphiQL at GET /graphql for browsers; `config.graphiql` unless given. */
  graphiql?: boolean;
  /** Limits and protections; the development defaults unless given. */
  config?: Config;
  /** Request logs; silent unless given. */
  logger?: Logger;
  /** The bearer token mutations need (CLAIMGRAPH_WRITE_TOKEN); without one, writes are refused. */
  writeToken?: string;
  /** More Yoga/Envelop plugins, after claimgraph's own (the benchmark adds graphql-jit this way). */
  plugins?: YogaServerOptions<Record<string, unknown>, Context>['plugins'];
}

export function createClaimgraph({
  db,
  primary,
  config = readConfig({}),
  graphiql = config.graphiql,
  logger = createLogger('silent'),
  writeToken = config.writeToken,
  plugins = [],
}: ClaimgraphOptions) {
  // The aggregates read claim_figures: a file that never had its triggers, or had older ones, is
  // brought up to date first. On PostgreSQL the importer copies them in, worked out by SQLite.
  if (!isPostgres(db) && keepClaimFigures(db.$client))
    logger.info("worked out every claim's figures afresh (claim_figures)");
  const documentCache = boundedDocumentCache<DocumentNode>();
  const guard = protection(config, logger, documentCache);
  return createYoga<Record<string, unknown>, Context>({
    ...guard.options,
    schema,
    context: () => ({ db }),
    parserAndValidationCache: { documentCache, errorCache: boundedDocumentCache() },
    graphqlEndpoint: '/graphql',
    // Liveness stays at Yoga's plain probe; /health also proves the database answers.
    healthCheckEndpoint: '/live',
    landingPage: false,
    graphiql: graphiql && { title: 'claimgraph', defaultQuery: exampleQuery },
    renderGraphiQL: renderOfflineGraphiQL,
    plugins: [
      ...guard.plugins,
      useWriteToken(writeToken),
      ...(primary ? [usePrimaryForWrites(primary)] : []),
      ...(graphiql ? [graphiqlAssets()] : []),
      useReadinessCheck({
        endpoint: '/health',
        check: async () => {
          await firstRow(db, sql`select 1`);
          return Response.json({ status: 'ok', database: 'ok' });
        },
      }),
      ...(plugins ?? []),
      ...(config.compiledAggregates ? [useCompiledAggregates()] : []),
      // Last: the rate limit and trusted documents decide before an answer is looked up (a kept
      // answer passed the limits with the same document; mutations are never kept).
      // Kept answers are keyed by SQLite's data version; PostgreSQL has none that other servers' writes move.
      ...(config.responseCacheMb && !isPostgres(db) ? [useAnswerCache(db, config.responseCacheMb * 1024 * 1024)] : []),
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
