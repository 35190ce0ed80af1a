// GraphiQL must work with no network beyond this server: a real Chromium loads the page, the
// editor comes up, a query runs, and every request the page made stayed on the server's origin.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { exampleDatasetFile, loadDatasetFile } from '../../src/dataset/load.ts';
import { graphiqlAssetBase } from '../../src/server/graphiql.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const officialsQuery = '{ officials { totalCount edges { node { label } } } }';

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'claimgraph-browser-'));
  const db = openDatabase(join(dataDir, 'claimgraph.db'));
  await loadDatasetFile(db, exampleDatasetFile);
  server = await startServer({ db, port: 0, host: '127.0.0.1', shutdownGraceMs: 2_000 });
});

afterAll(async () => {
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A raw HTTP GET that sends the path exactly as given (fetch would resolve the dot segments first). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GraphiQL assets', () => {
  it('serves the page with local URLs only', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/(src|href)="\/\//);
    expect(html).toContain(`<link rel="stylesheet" href="${graphiqlAssetBase}graphiql.css">`);
    expect(html).toContain(`<script src="${graphiqlAssetBase}yoga-graphiql.umd.js"></script>`);
    expect(html).toContain('<title>claimgraph</title>');
  });

  it('answers with immutable caching, an ETag and 304 on a match', async () => {
    const url = `${server.url}${graphiqlAssetBase}graphiql.css`;
    // Node's fetch asks for gzip by default; ask for the plain bytes so the length is the file's.
    const first = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    const body = await first.text();
    expect(body.length).toBeGreaterThan(100_000);
    expect(first.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));

    const second = await fetch(url, { headers: { 'accept-encoding': 'identity', 'if-none-match': etag! } });
    expect(second.status).toBe(304);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await second.text()).toBe('');

    const gzipped = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('etag')).not.toBe(etag);
    expect(await gzipped.text()).toBe(body);

    const head = await fetch(`${server.url}${graphiqlAssetBase}yoga-graphiql.umd.js`, {
      method: 'HEAD',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1_000_000);
  });

  it('serves nothing outside the allow-list', async () => {
    for (const path of [
      `${graphiqlAssetBase}../../package.json`,
      `${graphiqlAssetBase}%2e%2e/%2e%2e/package.json`,
      `${graphiqlAssetBase}..%2f..%2fpackage.json`,
      `${graphiqlAssetBase}package.json`,
      `${graphiqlAssetBase}yoga-graphiql.es.js`,
      `${graphiqlAssetBase}monacoeditorwork/`,
      `${graphiqlAssetBase}unknown.js`,
      '/graphiql/0.0.0/graphiql.css',
    ]) {
      const { status, body } = await rawGet(path);
      expect({ path, status }).toEqual({ path, status: 404 });
      expect(body).not.toContain('"name"');
    }
    const post = await fetch(`${server.url}${graphiqlAssetBase}graphiql.css`, { method: 'POST' });
    expect(post.status).toBe(405);
  });
});

describe('GraphiQL in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  const requests: string[] = [];
  const failedRequests: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const consoleWarnings: string[] = [];

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(`No Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
    }
    profileDir = mkdtempSync(join(tmpdir(), 'claimgraph-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1400, height: 1000 },
    });
    // Context-wide, so requests from workers are seen as well as the page's own.
    context.on('request', (request) => requests.push(request.url()));
    context.on('requestfailed', (request) => failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
      if (message.type() === 'warning') consoleWarnings.push(message.text());
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('loads offline, runs a query and shows the answer', async () => {
    // The editor is up once it shows the first line of the default query from the server's options
    // (or, with none, the bundle's own welcome comment).
    const html = await (await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    const options = JSON.parse(/const options = (.*);\n/.exec(html)?.[1] ?? '{}') as { defaultQuery?: string };
    const firstLine = options.defaultQuery?.split('\n').find((line) => line.trim());

    await page.goto(`${server.url}/graphql`);
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.waitFor({ state: 'visible' });
    await expect
      .poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 30_000 })
      .toContain(firstLine?.trim() ?? 'Welcome to');

    // Replace it with our query: insertText types it in one go, so Monaco adds no closing brackets.
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(officialsQuery);
    await expect.poll(() => editorText(page, '.graphiql-query-editor')).toBe(officialsQuery);
    // GraphiQL takes in an edit after a short debounce; until then it would still send the old
    // operation name. The tab is named after the operation, so it shows when the edit has landed.
    await expect.poll(() => page.locator('.graphiql-tab-active').innerText()).toBe('<untitled>');

    const answer = page.waitForResponse((r) => r.url() === `${server.url}/graphql` && r.request().method() === 'POST');
    await page.locator('button.graphiql-execute-button').click();
    expect((await answer).status()).toBe(200);

    await expect.poll(() => editorText(page, '.result-window'), { timeout: 30_000 }).toContain('Volodymyr Zelensky');
    const result = await editorText(page, '.result-window');
    expect(result).toContain('a senior U.S. military official');
    expect(result).toContain('"totalCount"');

    if (process.env.GRAPHIQL_SCREENSHOT) await page.screenshot({ path: process.env.GRAPHIQL_SCREENSHOT });
    if (consoleWarnings.length) console.info(`GraphiQL console warnings:\n${consoleWarnings.join('\n')}`);

    expect(failedRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    const origin = new URL(server.url).origin;
    const elsewhere = requests.filter(
      (url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin,
    );
    expect(elsewhere).toEqual([]);
    // The page really did use the local assets (and nothing from a CDN).
    expect(requests).toContain(`${origin}${graphiqlAssetBase}yoga-graphiql.umd.js`);
    expect(requests).toContain(`${origin}${graphiqlAssetBase}monacoeditorwork/graphql.worker..bundle.js`);
  });
});

/** The text a Monaco editor shows (its rendered lines; Monaco draws spaces as no-break spaces). */
async function editorText(page: Page, container: string): Promise<string> {
  const lines = await page.locator(`${container} .monaco-editor .view-lines .view-line`).evaluateAll((nodes) =>
    nodes
      .map((node) => ({ top: parseFloat((node as HTMLElement).style.top) || 0, text: node.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
  return lines.join('\n').replace(/\u00a0/g, ' ');
}
