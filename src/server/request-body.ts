import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const tooLarge = () =>
  new GraphQLError('Request body too large', {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });

// Only a single non-negative integer is a valid Content-Length (a comma-joined pair is a smuggling attempt).
const contentLengthPattern = /^\d+$/;

/**
 * Reads every request body once, bounded in size and strict about its encoding, then hands the
 * text to the parser Yoga picked: at most `limitBytes` (413 beyond, from Content-Length before
 * anything is read, or counted while a body without one streams in), and malformed UTF-8 is
 * refused instead of being decoded into replacement characters that would pass for text.
 *
 * It replaces Yoga's `maxRequestBodySize` (same errors), which piped every body through a
 * TransformStream, and a re-wrap of the bytes in the global Request: together a tenth of the
 * server's CPU profile under `npm run load`. The parser gets the body as text in Yoga's own
 * Request class, which parses JSON straight from the string.
 */
export function useRequestBody(limitBytes: number): Plugin {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null) {
        if (!contentLengthPattern.test(contentLength))
          throw new GraphQLError('Content-Length header is invalid.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        if (Number(contentLength) > limitBytes) throw tooLarge();
      }
      if (!requestParser || !request.body) return;
      setRequestParser(async (request) => {
        const bytes = await readBounded(request, limitBytes);
        let text: string;
        try {
          text = decoder.decode(bytes);
        } catch {
          throw new GraphQLError('The request body is not valid UTF-8.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        return requestParser(
          new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body: text }),
        );
      });
    },
  };
}

/**
 * With a Content-Length (checked above), Node's HTTP parser delivers exactly that many bytes, read
 * in one go; without one (chunked), the body is counted as it arrives and dropped past the limit.
 */
async function readBounded(request: Request, limitBytes: number): Promise<Uint8Array> {
  if (request.headers.has('content-length')) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > limitBytes) throw tooLarge();
    return bytes;
  }
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
}
