import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The header a client can add to send a request that a browser would not preflight. */
export const csrfHeader = 'x-graphql-yoga-csrf';

/** The content types a cross-site HTML form or `fetch` without preflight can send. */
const simpleContentTypes = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Refuses a POST that a page on another site could send without a CORS preflight (a form, a
 * `text/plain` body, no content type) unless it carries the CSRF header. GET is let through: Yoga
 * runs only queries over GET (a mutation is a 405), reads are public and need no cookie or other
 * ambient credential (the write token is a bearer header), so a cross-site GET can neither change
 * state nor read anything its sender could not fetch directly. That is what lets urql, which sends
 * queries as GET, and graphql-request's GET mode work as shipped.
 */
export function useCsrfPrevention(): Plugin {
  return {
    onRequestParse({ request }) {
      if (request.method !== 'POST') return;
      const contentType = request.headers.get('content-type')?.toLowerCase();
      const simple = !contentType || simpleContentTypes.some((type) => contentType.startsWith(type));
      if (!simple || request.headers.has(csrfHeader)) return;
      throw new GraphQLError(
        `A POST ${contentType ? `as ${contentType.split(';')[0]}` : 'without a content type'} could come from a form ` +
          `on another site: send the body as JSON (content-type: application/json) or add the header ${csrfHeader} (any value).`,
        { extensions: { code: 'CSRF_HEADER_MISSING', http: { status: 403 } } },
      );
    },
  };
}
