import { PothosValidationError } from '@pothos/core';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { quoteLimit } from '../graphql/quote.ts';
import { argumentErrorCode } from './argument-errors.ts';
import { rewrittenError, useErrorRewrite } from './rewrite-errors.ts';

const longQuoted = new RegExp(`"((?:[^"\\\\]|\\\\.){${quoteLimit}})(?:[^"\\\\]|\\\\.)+"`, 'g');
const longToken = new RegExp(`([^\\s"]{${quoteLimit}})[^\\s"]+`, 'g');

/**
 * Libraries quote a client's whole value in their messages (graphql-js a variable's value, the
 * relay plugin an id, scalars their input): a 10,000-character id came back whole. Quoted strings
 * and unbroken runs of characters are cut to `quoteLimit` characters.
 */
export const boundMessage = (message: string) => message.replace(longQuoted, '"$1…"').replace(longToken, '$1…');

/**
 * The code of an error that reached the client without one. All of them are about the request:
 * an unexpected error has been masked (INTERNAL_SERVER_ERROR) before this point.
 */
function inferredCode(error: GraphQLError): string | undefined {
  // graphql-js coercing the variables of the request.
  if (!error.path && error.message.startsWith('Variable "$')) return 'BAD_USER_INPUT';
  // Other errors before execution: at a place in the document, it does not validate against the
  // schema; with no place, the request itself is refused (no query, a missing CSRF header, ...).
  if (!error.path) return error.locations?.length ? 'GRAPHQL_VALIDATION_FAILED' : 'BAD_REQUEST';
  // An argument refused by @pothos/plugin-validation, or a malformed global id (plugin-relay).
  if (error.originalError instanceof PothosValidationError) return 'BAD_USER_INPUT';
  return undefined;
}

/** Every error leaves with a code and without an unbounded echo of the client's input. */
export function useErrorCodes(): Plugin {
  return useErrorRewrite((error) => {
    // Masked already: a fixed message, and the request log finds its original by this very object.
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') return error;
    const specific =
      error.extensions?.code === undefined && error.originalError ? argumentErrorCode(error.originalError) : undefined;
    const message = boundMessage(specific?.message ?? error.message);
    const code = error.extensions?.code === undefined ? (specific?.code ?? inferredCode(error)) : undefined;
    if (message === error.message && code === undefined) return error;
    return rewrittenError(error, { message, ...(code !== undefined && { extensions: { ...error.extensions, code } }) });
  });
}
