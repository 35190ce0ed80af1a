import { createHash, timingSafeEqual } from 'node:crypto';
import { getOperationAST } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * Writes need `Authorization: Bearer <token>` matching CLAIMGRAPH_WRITE_TOKEN; reads stay open.
 * The check runs per operation, before anything executes (so before input validation, whose
 * typed errors would otherwise answer an unauthenticated caller): a mutation without the token
 * never reaches a resolver. With no token configured, every write is refused (403): writes are
 * never open by accident.
 */

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison: hashing first makes both sides the same length, so length leaks nothing either. */
export function tokensMatch(given: string, expected: string) {
  return timingSafeEqual(digest(given), digest(expected));
}

const refuse = (message: string, code: string, status: number, headers: Record<string, string> = {}) =>
  createGraphQLError(message, { extensions: { code, http: { status, headers } } });

export function useWriteToken(token: string | undefined): Plugin<{ request: Request }> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      if (!token) {
        setResultAndStopExecution({
          errors: [
            refuse(
              'writing is turned off on this server: set CLAIMGRAPH_WRITE_TOKEN to allow mutations',
              'FORBIDDEN',
              403,
            ),
          ],
        });
        return;
      }
      const header = args.contextValue.request.headers.get('authorization') ?? '';
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match || !tokensMatch(match[1]!, token)) {
        setResultAndStopExecution({
          errors: [
            refuse(
              match ? 'the write token is not valid' : 'mutations need the header Authorization: Bearer <token>',
              'UNAUTHENTICATED',
              401,
              { 'WWW-Authenticate': 'Bearer' },
            ),
          ],
        });
      }
    },
  };
}
