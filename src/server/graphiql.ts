// GraphiQL without a CDN: Yoga's stock page pulls its CSS, bundle and Monaco workers from a public
// CDN, so on a closed network it never gets past "Loading...". Here the same files are served from
// the installed @graphql-yoga/graphiql package and the page points at them only.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

const gzip = promisify(gzipCallback);

const packageJsonFile = createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json');
const distDir = join(dirname(packageJsonFile), 'dist');
const { version } = createRequire(import.meta.url)(packageJsonFile) as { version: string };

/** Every asset URL has the package version in it, so a response never changes and may be cached for good. */
export const graphiqlAssetBase = `/graphiql/${version}/`;

const javascript = 'text/javascript; charset=utf-8';
/** The only files ever read from disk, by their path under dist/ (which is also their URL under the base). */
const allowList: ReadonlyMap<string, string> = new Map([
  ['graphiql.css', 'text/css; charset=utf-8'],
  ['yoga-graphiql.umd.js', javascript],
  ['monacoeditorwork/editor.worker.bundle.js', javascript],
  ['monacoeditorwork/json.worker.bundle.js', javascript],
  // The double dot is really in the published file name.
  ['monacoeditorwork/graphql.worker..bundle.js', javascript],
]);

const assetUrl = (file: string) => {
  if (!allowList.has(file)) throw new Error(`${file} is not a GraphiQL asset`);
  return graphiqlAssetBase + file;
};

interface Variant {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

interface Asset {
  contentType: string;
  identity: Variant;
  gzip?: Promise<Variant>;
}

const cache = new Map<string, Promise<Asset>>();

function loadAsset(file: string, contentType: string): Promise<Asset> {
  let asset = cache.get(file);
  if (!asset) {
    asset = readFile(join(distDir, file)).then((body) => {
      const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
      return { contentType, identity: { body: new Uint8Array(body), etag: `"${hash}"` } };
    });
    // A failed read (say the package was removed under us) is retried on the next request.
    asset.catch(() => cache.delete(file));
    cache.set(file, asset);
  }
  return asset;
}

function gzipped(asset: Asset): Promise<Variant> {
  asset.gzip ??= gzip(asset.identity.body, { level: 9 }).then((body) => ({
    body: new Uint8Array(body),
    etag: `${asset.identity.etag.slice(0, -1)}-gz"`,
  }));
  return asset.gzip;
}

/** True when the client takes gzip (a q of 0 refuses it). */
function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding?.trim() !== 'gzip' && coding?.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Weak comparison, as If-None-Match asks for (RFC 9110 13.1.2). */
function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => bare(tag) === etag);
}

/**
 * Serves GET and HEAD /graphiql/<version>/<file> for the files in the allow-list, straight from the
 * installed package: each read once and kept in memory, gzipped once on demand, immutable caching
 * and an ETag. Anything else under /graphiql/ is a 404; other paths pass through to Yoga.
 */
export function graphiqlAssets(): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith('/graphiql/')) return;
      const file = url.pathname.startsWith(graphiqlAssetBase)
        ? url.pathname.slice(graphiqlAssetBase.length)
        : undefined;
      const contentType = file === undefined ? undefined : allowList.get(file);
      if (file === undefined || contentType === undefined) {
        endResponse(
          new fetchAPI.Response('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }),
        );
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } }));
        return;
      }

      const asset = await loadAsset(file, contentType);
      const variant = acceptsGzip(request.headers.get('accept-encoding')) ? await gzipped(asset) : asset.identity;
      const headers: Record<string, string> = {
        'Cache-Control': 'public, max-age=31536000, immutable',
        ETag: variant.etag,
        Vary: 'Accept-Encoding',
      };
      if (etagMatches(request.headers.get('if-none-match'), variant.etag)) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      headers['Content-Type'] = asset.contentType;
      headers['Content-Length'] = String(variant.body.byteLength);
      headers['X-Content-Type-Options'] = 'nosniff';
      if (variant !== asset.identity) headers['Content-Encoding'] = 'gzip';
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : variant.body, { status: 200, headers }));
    },
  };
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);

/** JSON that can sit inside a <script> element: no "</script>", "<!--" or line separators survive. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value ?? {})
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

// 32x32 PNG (a white three-node graph on GraphQL pink), inline so the page asks nobody for a
// favicon; options.favicon, when given, wins.
const favicon =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAApklEQVR42tWX0Q2AMAhE2X8C13MS/W8U4e4oSOKPpr0HpQhmf7PTjst7WkRLYVBxGoIVpkAiG64mg0DEpRCtANHzZABeITIJxQI8QmSzmhGnAVZROgKo5967FATjvSQKjPdMFGAA9DsFEPEQLkoK75EofAKgdz26zgVAq11mnVsL1JauhGMBVEcQ+iNWJeHWXrCkIypvTlvFR7TlIwaTMaPZiOG00m4x08VSkTWoIQAAAABJRU5ErkJggg==';

/**
 * Yoga's GraphiQL page with every URL local. The boot sequence is Yoga's own: fetch the Monaco
 * worker sources, turn them into blob URLs for self.MonacoEnvironment, load the UMD bundle, then
 * YogaGraphiQL.renderYogaGraphiQL(root, options).
 */
export function renderOfflineGraphiQL(options: GraphiQLOptions): string {
  const title = escapeHtml(options?.title || 'Yoga GraphiQL');
  const workerUrls = {
    editorWorkerService: assetUrl('monacoeditorwork/editor.worker.bundle.js'),
    json: assetUrl('monacoeditorwork/json.worker.bundle.js'),
    graphql: assetUrl('monacoeditorwork/graphql.worker..bundle.js'),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="${escapeHtml(options?.favicon || favicon)}">
<link rel="stylesheet" href="${escapeHtml(assetUrl('graphiql.css'))}">
</head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root">Loading ${title}...</div>
<script>
const workers = {};
const workerUrls = ${scriptJson(workerUrls)};
function prepareBlob(source) {
  return URL.createObjectURL(new Blob([source], { type: 'application/javascript' }));
}
function prepareWorkers() {
  return Promise.all(
    Object.entries(workerUrls).map(async ([label, url]) => {
      const response = await fetch(url);
      workers[label] = prepareBlob(await response.text());
    }),
  );
}
self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: function (_moduleId, label) {
    return workers[label];
  },
};
</script>
<script src="${escapeHtml(assetUrl('yoga-graphiql.umd.js'))}"></script>
<script>
{
  const options = ${scriptJson(options)};
  // The bundle's wrapper seeds the editor from ?query=, then options.query, then its own welcome
  // comment, so defaultQuery alone never shows; hand it over as query unless the URL carries one.
  if (options.defaultQuery && options.query === undefined && !new URLSearchParams(location.search).get('query')) {
    options.query = options.defaultQuery;
  }
  prepareWorkers().finally(() => {
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
  });
}
</script>
</body>
</html>
`;
}
