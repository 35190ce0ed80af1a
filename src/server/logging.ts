import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { getOperationAST, type GraphQLError } from 'graphql';
import { maskError as yogaMaskError, type Plugin, type YogaInitialContext, type YogaLogger } from 'graphql-yoga';
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
  operation?: string;
  errorCodes: string[];
}

// Each request runs inside its own state, so whatever logs during it (Yoga, the error masker) knows its id.
const requests = new AsyncLocalStorage<RequestState>();
const requestIdHeader = 'x-request-id';
// An id handed in by a proxy is kept when it looks like one; anything else is replaced.
const acceptableId = /^[\w.:-]{1,128}$/;

/**
 * Gives every request an id (echoed in `x-request-id`), and logs one line per request with its
 * operation name, status, duration and outcome.
 */
export function useRequestLogging(logger: Logger): Plugin {
  return {
    instrumentation: {
      request: ({ request }, wrapped) => {
        const given = request.headers.get(requestIdHeader);
        const id = given && acceptableId.test(given) ? given : randomUUID();
        return requests.run({ id, started: performance.now(), errorCodes: [] }, wrapped);
      },
    },
    // Named as soon as the document parses, so a refused operation is logged by its name too.
    onParse:
      ({ context }) =>
      ({ result }) => {
        const state = requests.getStore();
        if (state && result && 'kind' in result)
          state.operation = getOperationAST(result, (context as YogaInitialContext).params?.operationName)?.name?.value;
      },
    onExecutionResult({ result }) {
      const state = requests.getStore();
      for (const single of Array.isArray(result) ? result : [result]) {
        for (const error of (single as { errors?: readonly GraphQLError[] })?.errors ?? []) {
          state?.errorCodes.push(String(error.extensions?.code ?? 'GRAPHQL_ERROR'));
        }
      }
    },
    onResponse({ request, response }) {
      const state = requests.getStore();
      if (!state) return;
      response.headers.set(requestIdHeader, state.id);
      const outcome =
        response.status >= 500 || state.errorCodes.includes('INTERNAL_SERVER_ERROR')
          ? 'failed'
          : response.status >= 400
            ? 'rejected'
            : state.errorCodes.length
              ? 'errors'
              : 'ok';
      logger[outcome === 'failed' ? 'error' : 'info'](
        {
          requestId: state.id,
          method: request.method,
          path: new URL(request.url).pathname,
          operation: state.operation,
          status: response.status,
          durationMs: Math.round((performance.now() - state.started) * 10) / 10,
          outcome,
          ...(state.errorCodes.length ? { errors: [...new Set(state.errorCodes)] } : {}),
        },
        'request',
      );
    },
  };
}

/** Yoga's own log calls, through pino, tagged with the request they happened in. */
export function yogaLogger(logger: Logger): YogaLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      if (!logger.isLevelEnabled(level)) return;
      const requestId = requests.getStore()?.id;
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ requestId, err: first }, first.message);
      else logger[level]({ requestId, ...(rest.length ? { details: rest } : {}) }, String(first));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Yoga's masking (an unexpected error becomes "Unexpected error." without stack or SQL, unless
 * `exposeErrors`), plus the request id, so a user's report can be matched with the logged original.
 */
export function maskErrorWithRequestId(error: unknown, message: string, exposeErrors?: boolean) {
  const masked = yogaMaskError(error, message, exposeErrors);
  const requestId = requests.getStore()?.id;
  if (masked !== error && requestId && 'extensions' in masked)
    (masked.extensions as Record<string, unknown>).requestId = requestId;
  return masked;
}
