import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server under test, started inside the bench's target process. */
export interface RunningTarget {
  /** Where the GraphQL requests go. */
  url: string;
  close(): Promise<void>;
}

export interface Target {
  name: string;
  description: string;
  /** The ceiling answers only `{ hello }`; every other target answers the whole query mix. */
  answersMix: boolean;
  start(file: string): Promise<RunningTarget>;
}

/** Listens on a random loopback port, the way every bench server does. */
export async function listen(
  handler: RequestListener,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Relay global ids as claimgraph makes them: base64 of "Type:id". */
export const toGlobalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

export function fromGlobalId(globalId: string): { type: string; id: number } | null {
  const match = /^([A-Za-z]+):(\d+)$/.exec(Buffer.from(globalId, 'base64').toString('utf8'));
  return match ? { type: match[1]!, id: Number(match[2]) } : null;
}

/** Connection cursors as Pothos' drizzle plugin makes them: base64 of "DC:N:<id>". */
export const toCursor = (id: number) => Buffer.from(`DC:N:${id}`).toString('base64');

export function fromCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const match = /^DC:N:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw new Error(`not a cursor: ${cursor}`);
  return Number(match[1]);
}
