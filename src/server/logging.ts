import { randomUUID } from 'node:crypto';
import { type DocumentNode, type ExecutionResult, getOperationAST, GraphQLError } from 'graphql';
import {
  isAsyncIterable,
  mapAsyncIterator,
  maskError as yogaMaskError,
  type Plugin,
  type YogaInitialContext,
  type YogaLogger,
} from 'graphql-yoga';
import { isDatabaseBusy } from '../db/client.ts';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * One JSON line per log event, on stdout unless another stream is given; `silent` turns it off
 * (the in-process default, so tests stay quiet). Lines are written synchronously: none is lost on
 * exit, and a closed stdout cannot stall shutdown (pino's exit-time flush spins on a broken pipe).
 */
export function createLogger(level = 'info', stream?: DestinationStream) {
  const destination = level === 'silent' ? { write() {} } : (stream ?? pino.destination({ dest: 1, sync: true }));
  return pino({ level, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

interface RequestState {
  id: string;
  started: number;
  path: string;
  operation?: string;
  /** The document and operation asked for, to name an answer served without parsing. */
  params?: { query?: string; operationName?: string | null };
  errorCodes: string[];
}

// Per request, by its Request object: every hook that logs sees it. (AsyncLocalStorage would also
// reach Yoga's own log calls, but on Node 20 it turns on promise hooks for every promise in the
// process: a tenth of a small request's time.)
const requests = new WeakMap<Request, RequestState>();
const requestIdHeader = 'x-request-id';
// An id handed in by a proxy is kept when it looks like one; anything else is replaced.
const acceptableId = /^[\w.:-]{1,128}$/;

/** The original of each error masked in a response, logged when that response goes out. */
const originalsOfMasked = new WeakMap<object, unknown>();
/** Originals Yoga logs as it masks them, with no request at hand: logged here instead, with one. */
const loggedWithRequest = new WeakSet<object>();

/**
 * Gives every request an id (echoed in `x-request-id`), logs each unexpected error with the id
 * its masked form carries to the client, and logs one line per request with its operation name,
 * status, duration and outcome. An answer served from the answer cache parses nothing: its
 * operation is named from the parsed documents Yoga keeps (`documents`, keyed by query text).
 */
export function useRequestLogging(
  logger: Logger,
  documents?: { get(query: string): DocumentNode | undefined },
): Plugin {
  return {
    onRequest({ request, url }) {
      const given = request.headers.get(requestIdHeader);
      const id = given && acceptableId.test(given) ? given : randomUUID();
      // The URL Yoga parsed already (parsing it again per log line took 0.4% of the CPU profile under load).
      requests.set(request, { id, started: performance.now(), path: url.pathname, errorCodes: [] });
    },
    onParams({ request, params }) {
      const state = requests.get(request);
      if (state) state.params = params;
    },
    // Named as soon as the document parses, so a refused operation is logged by its name too.
    onParse:
      ({ context }) =>
      ({ result }) => {
        const { request, params } = context as YogaInitialContext;
        const state = requests.get(request);
        if (state && result && 'kind' in result)
          state.operation = getOperationAST(result, params?.operationName)?.name?.value;
      },
    onResultProcess({ request, result, setResult, serverContext }) {
      const state = requests.get(request);
      if (!state) return;
      const logMasked = <T>(single: T): T => {
        for (const error of (single as { errors?: readonly GraphQLError[] })?.errors ?? []) {
          state.errorCodes.push(String(error.extensions?.code ?? 'GRAPHQL_ERROR'));
          const original = originalsOfMasked.get(error);
          // A body that broke off because the client left is the client's doing, not an error to log.
          if (original === undefined || clientGone(request, serverContext)) continue;
          (error.extensions as Record<string, unknown>).requestId = state.id;
          logger.error({ requestId: state.id, err: original }, errorMessage(original));
        }
        return single;
      };
      // A subscription's events are logged as they go out, under the request that opened it.
      if (isAsyncIterable(result))
        setResult(mapAsyncIterator(result as AsyncIterableIterator<ExecutionResult>, logMasked));
      else for (const single of Array.isArray(result) ? result : [result]) logMasked(single);
    },
    onResponse({ request, response, serverContext }) {
      const state = requests.get(request);
      if (!state) return;
      response.headers.set(requestIdHeader, state.id);
      const { query, operationName } = state.params ?? {};
      if (state.operation === undefined && query && documents) {
        const document = documents.get(query);
        if (document) state.operation = getOperationAST(document, operationName)?.name?.value;
      }
      const gone = clientGone(request, serverContext);
      const { outcome, status } = gone
        ? { outcome: gone.outcome, status: gone.status ?? response.status }
        : { outcome: outcomeOf(response.status, state.errorCodes), status: response.status };
      logger[outcome === 'failed' ? 'error' : outcome === 'unavailable' ? 'warn' : 'info'](
        {
          requestId: state.id,
          method: request.method,
          path: state.path,
          operation: state.operation,
          status,
          durationMs: Math.round((performance.now() - state.started) * 10) / 10,
          outcome,
          // The failed body read of a client that left is no error of the response.
          ...(state.errorCodes.length && !gone ? { errors: [...new Set(state.errorCodes)] } : {}),
        },
        'request',
      );
    },
  };
}

/** Refusals to do the work now, on purpose and with a Retry-After or a reason: the server is fine. */
const unavailableCodes = new Set(['DATABASE_BUSY', 'TIMEOUT']);

function outcomeOf(status: number, errorCodes: string[]) {
  if (errorCodes.length && errorCodes.every((code) => unavailableCodes.has(code))) return 'unavailable';
  if (status >= 500 || errorCodes.includes('INTERNAL_SERVER_ERROR')) return 'failed';
  if (status >= 400) return 'rejected';
  return errorCodes.length ? 'errors' : 'ok';
}

interface NodeServerContext {
  req?: { socket?: { destroyed?: boolean; errored?: { code?: string } | null } };
}

/**
 * Whether the client is gone: Node's http server cut it off for not sending its request in time
 * (it answered 408 itself), or it closed the connection. Yoga then fails to read the body, an
 * error that is the client's doing, logged as such (499 is the usual status for "client closed").
 */
function clientGone(request: Request, serverContext: unknown) {
  const socket = (serverContext as NodeServerContext | undefined)?.req?.socket;
  if (socket?.errored?.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { outcome: 'client-timeout', status: 408 };
  if (socket?.destroyed || request.signal?.aborted) return { outcome: 'client-closed', status: 499 };
  return undefined;
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Yoga's own log calls, through pino; an error it masks is logged by the request log instead. */
export function yogaLogger(logger: Logger): YogaLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      if (!logger.isLevelEnabled(level)) return;
      const [first, ...rest] = args;
      if (first instanceof Error) {
        if (!loggedWithRequest.has(first)) logger[level]({ err: first }, first.message);
      } else logger[level]({ ...(rest.length ? { details: rest } : {}) }, String(first));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Yoga's masking (an unexpected error becomes "Unexpected error." without stack or SQL, unless
 * `exposeErrors`); the original is kept so the response's request id can be logged with it.
 */
export function maskErrorWithRequestId(error: unknown, message: string, exposeErrors?: boolean) {
  if (isDatabaseBusy(originalOf(error))) {
    // Told to the client as what it is; the request line logs it (outcome "unavailable").
    loggedWithRequest.add(error as GraphQLError);
    return databaseBusy(error as GraphQLError);
  }
  const masked = yogaMaskError(error, message, exposeErrors);
  if (masked !== error && typeof masked === 'object' && masked !== null && 'extensions' in masked) {
    originalsOfMasked.set(masked, error);
    if (typeof error === 'object' && error !== null) loggedWithRequest.add(error);
  }
  return masked;
}

const originalOf = (error: unknown) => (error instanceof GraphQLError ? (error.originalError ?? error) : error);

/** Seconds a client is told to wait before retrying a write the database was too busy for. */
const busyRetryAfterSeconds = 1;

/** A write that waited the whole busy timeout for another connection's lock: typed and retryable, not masked. */
function databaseBusy(error: GraphQLError) {
  return new GraphQLError(
    'The database is busy with another write (an import or another server process) and this one waited ' +
      `its whole busy timeout; nothing was changed. Retry in ${busyRetryAfterSeconds} s.`,
    {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions: {
        code: 'DATABASE_BUSY',
        retryable: true,
        http: { status: 503, headers: { 'retry-after': String(busyRetryAfterSeconds) } },
      },
    },
  );
}
