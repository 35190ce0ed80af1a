import { readFileSync } from 'node:fs';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { defaultExtractPersistedOperationId, usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import {
  defaultFieldResolver,
  getNullableType,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isListType,
  isObjectType,
  parse,
} from 'graphql';
import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { useCostLimit } from '../graphql/cost-limit.ts';
import { useErrorCodes } from './error-codes.ts';
import { useCsrfPrevention } from './csrf.ts';
import { useRequestBody } from './request-body.ts';
import { type Logger, maskErrorWithRequestId, useRequestLogging, yogaLogger } from './logging.ts';
import { rewrittenError, useErrorRewrite } from './rewrite-errors.ts';

/** An error that refuses a request, answered with 400 to clients that accept application/graphql-response+json. */
function refusal(message: string, code: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { spec: true, status: 400 } } });
}

/**
 * Everything that stands between the public and the schema: request limits, cost, CSRF, CORS,
 * introspection, trusted documents, rate limits, time limits, masked errors and request logs.
 * Returns Yoga options and plugins to spread into `createYoga`.
 */
export function protection(config: Config, logger: Logger, documents?: Parameters<typeof useRequestLogging>[1]) {
  const plugins: Plugin[] = [
    // First, so the request log sees the codes it gives.
    useErrorCodes(),
    useRequestLogging(logger, documents),
    ...(config.rateLimit ? [useRateLimit(config.rateLimit, config.trustProxy)] : []),
    useCsrfPrevention(),
    useRequestBody(config.limits.bodyBytes),
    ...(config.trustedDocumentsFile ? [useTrustedDocuments(config.trustedDocumentsFile)] : []),
    ...(config.introspection ? [] : [useDisableIntrospection() as Plugin]),
    useErrorHygiene({ hideSuggestions: !config.introspection, hideInternals: !config.exposeErrors }),
    ...useArmor(config.limits),
    useCostLimit(config.limits),
    useExecutionTimeLimit(config.limits.executionMs),
  ];
  const { corsOrigins } = config;
  const options = {
    // useRequestBody bounds the body instead (Yoga's own bound pipes every body through a stream).
    maxRequestBodySize: false,
    // No field takes a file upload.
    multipart: false,
    cors: corsOrigins.length
      ? {
          origin: corsOrigins,
          credentials: false,
          methods: ['GET', 'POST'],
          // So a page can quote the request id in a report and honour Retry-After.
          exposedHeaders: ['x-request-id', 'retry-after'],
        }
      : false,
    maskedErrors: {
      maskError: maskErrorWithRequestId,
      isDev: config.exposeErrors,
    },
    logging: yogaLogger(logger),
    // The trusted-documents convention sends { documentId } instead of { query }.
    extraParamNames: config.trustedDocumentsFile ? ['documentId'] : [],
  } satisfies Partial<YogaServerOptions<object, object>>;
  return { options, plugins };
}

/** graphql-armor's limits, with its "Syntax Error:" phrasing replaced by the limit's own message and a code. */
function useArmor(limits: Config['limits']): Plugin[] {
  const refuse = (code: string) => [
    (_context: unknown, error: GraphQLError) => {
      throw refusal(error.message.replace(/^Syntax Error: /, ''), code);
    },
  ];
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: limits.depth, flattenFragments: true, onReject: refuse('DEPTH_LIMIT') },
    // The default allow-list exempts __typename, which lets 1000 aliases of it through.
    maxAliases: { n: limits.aliases, allowList: [], onReject: refuse('ALIAS_LIMIT') },
    maxTokens: { n: limits.tokens, onReject: refuse('TOKEN_LIMIT') },
    maxDirectives: { n: limits.directives, onReject: refuse('DIRECTIVE_LIMIT') },
    // Armor's cost ignores page sizes; useCostLimit below counts them.
    costLimit: { enabled: false },
    // Armor's masking misses "Did you mean the enum value"; useErrorHygiene covers every suggestion.
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
  return [armor, useCachedValidationRefusals()];
}

/**
 * Armor's validation rules refuse a document by throwing, which stops validation at the first
 * limit (one error, not one per offending node) but also skips Yoga's validation cache, which
 * stores only returned results: every repeat of a refused document was validated again in full
 * (3.5% of the server's time under `npm run load`). A refusal thrown during validation is
 * returned as the validation's one error instead, so it is cached like any other.
 */
function useCachedValidationRefusals(): Plugin {
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((...args) => {
        try {
          return validateFn(...args);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
      });
    },
  };
}

/**
 * Rewrites errors on their way out: "Did you mean ...?" names fields, arguments, types and enum
 * values that introspection would have shown, so it goes when introspection is off; `originalError`
 * (Yoga puts the JSON parser's exception there) goes unless errors are exposed for development.
 */
function useErrorHygiene({
  hideSuggestions,
  hideInternals,
}: {
  hideSuggestions: boolean;
  hideInternals: boolean;
}): Plugin {
  return useErrorRewrite((error) => {
    const suggests = hideSuggestions && error.message.includes('Did you mean');
    const internal = hideInternals && error.extensions && 'originalError' in error.extensions;
    if (!suggests && !internal) return error;
    const { originalError: _dropped, ...extensions } = error.extensions ?? {};
    // Yoga answers 400 to a malformed request only while originalError marks it; say so directly.
    const http = extensions.http as { spec?: boolean } | undefined;
    if (internal && http) extensions.http = { ...http, spec: false };
    return rewrittenError(error, {
      ...(suggests && { message: error.message.replace(/ ?Did you mean [^?]*\?/g, '') }),
      ...(internal && { extensions }),
    });
  });
}

const deadlines = new WeakMap<object, { at: number; ms: number }>();

function checkDeadline(context: object) {
  const deadline = deadlines.get(context);
  if (deadline && performance.now() > deadline.at)
    throw new GraphQLError(
      `The operation ran past the time limit of ${deadline.ms} ms and was stopped. ` +
        'Ask for less: smaller pages, fewer nested lists or a narrower filter.',
      { extensions: { code: 'TIMEOUT', http: { spec: true, status: 503 } } },
    );
}

const checkedSchemas = new WeakSet<GraphQLSchema>();

/**
 * SQLite answers synchronously, so a long operation never yields to a timer: the time limit is
 * checked before resolvers instead. Past it, each checked resolver fails at once without touching
 * the database, and the error reaches the top through the non-null fields. Checked are the fields
 * that query (they take arguments: connections, search, node) and those that fan out (lists),
 * which bounds what still runs to the fields of the objects at hand; checking every field cost a
 * fifth of a deep page's time. The (shared) schema's resolvers are wrapped once.
 */
function useExecutionTimeLimit(ms: number): Plugin {
  return {
    onSchemaChange({ schema }) {
      if (checkedSchemas.has(schema)) return;
      checkedSchemas.add(schema);
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('__')) continue;
        for (const field of Object.values(type.getFields())) {
          if (!isListType(getNullableType(field.type)) && field.args.length === 0) continue;
          const resolve: GraphQLFieldResolver<unknown, object> = field.resolve ?? defaultFieldResolver;
          field.resolve = (source, args, context, info) => {
            checkDeadline(context);
            return resolve(source, args, context, info);
          };
        }
      }
    },
    onExecute({ args }) {
      deadlines.set(args.contextValue as object, { at: performance.now() + ms, ms });
    },
  };
}

/** Per-client request budget (rate-limiter-flexible), keyed by bearer token or by address. */
function useRateLimit({ requests, windowSeconds, by }: NonNullable<Config['rateLimit']>, trustProxy: boolean): Plugin {
  const limiter = new RateLimiterMemory({ points: requests, duration: windowSeconds });
  const clientOf = (request: Request, remoteAddress: string | undefined) => {
    const token = by === 'token' && /^Bearer (\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    if (token) return `token:${token}`;
    // Behind a proxy the socket is the proxy; the last forwarded address is the one it saw.
    const forwarded = trustProxy ? request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
    return `address:${forwarded || remoteAddress || 'unknown'}`;
  };
  return {
    onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== '/graphql') return;
      // Node's http server hands Yoga the incoming message as `req`; yoga.fetch has none.
      const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } }).req?.socket;
      return limiter.consume(clientOf(request, socket?.remoteAddress)).then(
        () => undefined,
        (rejection: unknown) => {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          const retryAfter = Math.ceil(rejection.msBeforeNext / 1000);
          endResponse(
            Response.json(
              {
                errors: [
                  {
                    message: `Too many requests: the limit is ${requests} per ${windowSeconds} s. Retry after ${retryAfter} s.`,
                    extensions: { code: 'RATE_LIMITED' },
                  },
                ],
              },
              { status: 429, headers: { 'retry-after': String(retryAfter) } },
            ),
          );
        },
      );
    },
  };
}

const TrustedDocuments = z.record(z.string().min(1), z.string().min(1));

/**
 * Only the documents in the allow-list run, named by id: `{ "documentId": "<id>" }` or Apollo's
 * `extensions.persistedQuery.sha256Hash`. The file maps ids to documents (GraphQL Codegen's
 * persisted-documents.json); every document is parsed at start so a broken file fails loudly.
 */
function useTrustedDocuments(file: string): Plugin {
  let documents: Record<string, string>;
  try {
    documents = TrustedDocuments.parse(JSON.parse(readFileSync(file, 'utf8')));
    for (const [id, document] of Object.entries(documents)) {
      try {
        parse(document);
      } catch (error) {
        throw new Error(`document "${id}" does not parse: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    throw new Error(`CLAIMGRAPH_TRUSTED_DOCUMENTS: cannot use ${file}: ${(error as Error).message}`);
  }
  return usePersistedOperations({
    allowArbitraryOperations: false,
    extractPersistedOperationId: (params, request, context) =>
      typeof (params as { documentId?: unknown }).documentId === 'string'
        ? (params as { documentId: string }).documentId
        : defaultExtractPersistedOperationId(params, request, context),
    getPersistedOperation: (id) => documents[id] ?? null,
    customErrors: {
      notFound: {
        message: 'No trusted document has this id; this server runs only the documents it was deployed with.',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
      },
      keyNotFound: {
        message: 'Send the id of a trusted document as "documentId"; this server runs no other documents.',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
      },
      persistedQueryOnly: {
        message: 'This server runs only trusted documents: send "documentId" instead of "query".',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
      },
    },
  }) as Plugin;
}
