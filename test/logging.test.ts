import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from './spawned.ts';

const dir = mkdtempSync(join(tmpdir(), 'claimgraph-logging-'));

/** Sends `sent` on a raw connection, then either waits for the server to answer and close, or hangs up after `hangUpAfterMs`. */
function rawRequest(url: string, sent: string, hangUpAfterMs?: number) {
  const { port, hostname } = new URL(url);
  return new Promise<string>((resolve) => {
    const socket = connect(Number(port), hostname, () => socket.write(sent));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    if (hangUpAfterMs !== undefined) setTimeout(() => socket.destroy(), hangUpAfterMs);
  });
}

const headOf = (contentLength: number, requestId: string) =>
  `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\nX-Request-Id: ${requestId}\r\n\r\n`;

describe('the request log tells a client that left from a server failure', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({
      CLAIMGRAPH_DB: join(dir, 'logging.db'),
      CLAIMGRAPH_HEADERS_TIMEOUT_MS: '500',
      CLAIMGRAPH_HTTP_REQUEST_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const linesOf = (requestId: string) => server.logs().filter((line) => line.requestId === requestId);
  const untilLogged = async (requestId: string) => {
    while (!linesOf(requestId).some((line) => line.msg === 'request')) await new Promise((r) => setTimeout(r, 20));
    return linesOf(requestId);
  };

  it('a body never sent: the 408 Node answers is logged as 408 client-timeout at info level, with no error logged', async () => {
    const answer = await rawRequest(server.url, headOf(100, 'never-sent') + '{"query":');
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(await untilLogged('never-sent')).toEqual([
      expect.objectContaining({ level: 30, msg: 'request', status: 408, outcome: 'client-timeout' }),
    ]);
    expect(linesOf('never-sent')[0]).not.toHaveProperty('errors');
  });

  it('a client that hangs up mid-body is logged as 499 client-closed at info level, with no error logged', async () => {
    await rawRequest(server.url, headOf(100, 'hung-up') + '{"query":', 100);
    expect(await untilLogged('hung-up')).toEqual([
      expect.objectContaining({ level: 30, msg: 'request', status: 499, outcome: 'client-closed' }),
    ]);
  });

  it('a whole request is still logged as what it was', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const answer = await rawRequest(
      server.url,
      headOf(body.length, 'whole').replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n') + body,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(await untilLogged('whole')).toEqual([
      expect.objectContaining({ level: 30, msg: 'request', status: 200, outcome: 'ok' }),
    ]);
    expect(server.logs().filter((line) => line.level >= 50)).toEqual([]);
  });
});
