import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { loadDataset } from '../src/dataset/load.ts';
import { type RunningServer, startServer } from '../src/server/http.ts';
import { startCoverageSubgraph, startFactCheckSubgraph } from './coverage-subgraph.ts';
import { createClient } from 'graphql-sse';
import { globalId, StatementCounter, testWriteToken } from './helpers.ts';
import { syntheticDataset } from './synthetic.ts';

// claimgraph and a second subgraph on real HTTP servers, composed by `npm run supergraph:compose`,
// behind the real Hive Gateway CLI (`hive-gateway supergraph <file>`), all on 127.0.0.1.

const root = fileURLToPath(new URL('..', import.meta.url));
const gatewayBin = join(root, 'node_modules/@graphql-hive/gateway/dist/bin.js');
const timeoutMs = 30_000;

/** Runs a command to completion (bounded in time); resolves with its output, rejects on failure. */
function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`exit ${code}:\n${output}`))));
  });
}

/** A port that was free a moment ago: the gateway CLI does not report the port it got for --port 0. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startGateway(supergraphFile: string, cwd: string) {
  const port = await freePort();
  // cwd is an empty directory, so the CLI finds no gateway config file and uses only these flags.
  const child = spawn(
    process.execPath,
    [gatewayBin, 'supergraph', supergraphFile, '--host', '127.0.0.1', '--port', String(port)],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), timeoutMs);
    child.stdout!.on('data', () => {
      if (output.includes(`Listening on http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${output}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}/graphql`, output: () => output };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

const article = (id: number) => globalId('Article', id);
const official = (id: number) => globalId('Official', id);

describe('claimgraph behind a real Hive Gateway, beside a second subgraph', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claimgraph-gateway-'));
  const supergraphFile = join(dir, 'supergraph.graphql');
  const statements = new StatementCounter();
  // 240 claims, 8 to an article: articles 1..30 ("Report 0".."Report 29"); officials 1..5 ("Official 0".."Official 4").
  const featured = [5, 2, 1, ...Array.from({ length: 30 }, (_, i) => i + 1).filter((id) => ![5, 2, 1].includes(id))];
  let claimgraph: RunningServer;
  let coverage: Awaited<ReturnType<typeof startCoverageSubgraph>>;
  let factCheck: Awaited<ReturnType<typeof startFactCheckSubgraph>>;
  let gateway: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    const db = openDatabase(join(dir, 'claimgraph.db'), { logger: statements });
    loadDataset(db, syntheticDataset(240));
    claimgraph = await startServer({ db, port: 0, host: '127.0.0.1', graphiql: false, writeToken: testWriteToken });
    coverage = await startCoverageSubgraph({
      coverage: new Map([
        [article(1), { desk: 'Eastern Europe', followUps: 3 }],
        [article(5), { desk: 'Investigations', followUps: 1 }],
      ]),
      interviews: new Map([
        [official(2), 4],
        [official(5), 1],
      ]),
      featured: featured.map(article),
    });
    factCheck = await startFactCheckSubgraph(
      new Map([
        [globalId('Claim', 7), 'casualty figure disputed'],
        [article(2), 'headline under review'],
      ]),
    );
    await run([
      '--import',
      'tsx',
      'src/cli/compose-supergraph.ts',
      '--service',
      `claimgraph=${claimgraph.url}/graphql`,
      '--schema',
      'claimgraph=src/graphql/subgraph.graphql',
      '--service',
      `coverage=${coverage.url}`,
      '--service',
      `factcheck=${factCheck.url}`,
      '--out',
      supergraphFile,
    ]);
    gateway = await startGateway(supergraphFile, dir);
  }, 2 * timeoutMs);

  afterAll(async () => {
    if (gateway) await stop(gateway.child);
    await coverage?.close();
    await factCheck?.close();
    await claimgraph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One operation through the gateway; claimgraph's SQL statements and coverage's entity fetches are counted for it. */
  async function throughGateway(query: string) {
    statements.reset();
    const entityRequestsBefore = coverage.entityRequests();
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    return {
      data: body.data,
      sqlStatements: statements.count,
      coverageEntityRequests: coverage.entityRequests() - entityRequestsBefore,
    };
  }

  it('composed a supergraph in which the two subgraphs share Article and Official', () => {
    const supergraph = readFileSync(supergraphFile, 'utf8');
    expect(supergraph).toContain(`CLAIMGRAPH @join__graph(name: "claimgraph", url: "${claimgraph.url}/graphql")`);
    expect(supergraph).toContain(`COVERAGE @join__graph(name: "coverage", url: "${coverage.url}")`);
    expect(supergraph).toMatch(/type Article implements Node[^{]*@join__type\(graph: CLAIMGRAPH, key: "id"\)/);
    expect(supergraph).toMatch(/type Article[^{]*@join__type\(graph: COVERAGE, key: "id"\)/);
    expect(supergraph).toMatch(/type Official[^{]*@join__type\(graph: COVERAGE, key: "id"\)/);
  });

  it("adds the other subgraph's fields to every article and official of a page of claims", async () => {
    const { data, sqlStatements, coverageEntityRequests } = await throughGateway(/* GraphQL */ `
      {
        claims(first: 10) {
          edges {
            node {
              statement
              article {
                title
                coverage {
                  desk
                  followUps
                }
              }
              claimant {
                label
                ... on Official {
                  interviews
                }
              }
            }
          }
        }
      }
    `);
    const report0 = { title: 'Report 0', coverage: { desk: 'Eastern Europe', followUps: 3 } };
    const report1 = { title: 'Report 1', coverage: null };
    expect(data.claims.edges.map((e: { node: unknown }) => e.node)).toEqual([
      {
        statement: 'Synthetic claim number 0: Unit 0 reports fighting in province 0.',
        article: report0,
        claimant: { label: 'Unit 0' },
      },
      {
        statement: 'Synthetic claim number 1: Unit 1 reports fighting in province 1.',
        article: report0,
        claimant: { label: 'Official 1', interviews: 4 },
      },
      {
        statement: 'Synthetic claim number 2: Unit 2 reports fighting in province 2.',
        article: report0,
        claimant: null,
      },
      {
        statement: 'Synthetic claim number 3: Unit 3 reports fighting in province 3.',
        article: report0,
        claimant: { label: 'Unit 3' },
      },
      {
        statement: 'Synthetic claim number 4: Unit 4 reports fighting in province 4.',
        article: report0,
        claimant: { label: 'Official 4', interviews: 1 },
      },
      {
        statement: 'Synthetic claim number 5: Unit 0 reports fighting in province 0.',
        article: report0,
        claimant: null,
      },
      {
        statement: 'Synthetic claim number 6: Unit 1 reports fighting in province 1.',
        article: report0,
        claimant: { label: 'Unit 1' },
      },
      {
        statement: 'Synthetic claim number 7: Unit 2 reports fighting in province 2.',
        article: report0,
        claimant: { label: 'Official 2', interviews: 0 },
      },
      {
        statement: 'Synthetic claim number 8: Unit 3 reports fighting in province 3.',
        article: report1,
        claimant: null,
      },
      {
        statement: 'Synthetic claim number 9: Unit 4 reports fighting in province 4.',
        article: report1,
        claimant: { label: 'Unit 4' },
      },
    ]);
    // claimgraph: the page, with each article's and claimant's key, in one statement. The gateway
    // then asks coverage for every article and official of the page in one _entities request.
    expect(sqlStatements).toBe(1);
    expect(coverageEntityRequests).toBe(1);
  });

  const featuredQuery = (first: number) => /* GraphQL */ `
    {
      featuredArticles(first: ${first}) {
        title
        coverage {
          desk
        }
        claims(first: 2) {
          totalCount
          edges {
            node {
              statement
              claimant {
                label
              }
            }
          }
        }
      }
    }
  `;

  it("follows the other subgraph's root field back into claimgraph's claims with one SQL statement", async () => {
    const { data, sqlStatements } = await throughGateway(featuredQuery(3));
    expect(data.featuredArticles).toEqual([
      {
        title: 'Report 4',
        coverage: { desk: 'Investigations' },
        claims: {
          totalCount: 8,
          edges: [
            {
              node: { statement: 'Synthetic claim number 32: Unit 2 reports fighting in province 2.', claimant: null },
            },
            {
              node: {
                statement: 'Synthetic claim number 33: Unit 3 reports fighting in province 3.',
                claimant: { label: 'Unit 3' },
              },
            },
          ],
        },
      },
      {
        title: 'Report 1',
        coverage: null,
        claims: {
          totalCount: 8,
          edges: [
            { node: { statement: 'Synthetic claim number 8: Unit 3 reports fighting in province 3.', claimant: null } },
            {
              node: {
                statement: 'Synthetic claim number 9: Unit 4 reports fighting in province 4.',
                claimant: { label: 'Unit 4' },
              },
            },
          ],
        },
      },
      {
        title: 'Report 0',
        coverage: { desk: 'Eastern Europe' },
        claims: {
          totalCount: 8,
          edges: [
            {
              node: {
                statement: 'Synthetic claim number 0: Unit 0 reports fighting in province 0.',
                claimant: { label: 'Unit 0' },
              },
            },
            {
              node: {
                statement: 'Synthetic claim number 1: Unit 1 reports fighting in province 1.',
                claimant: { label: 'Official 1' },
              },
            },
          ],
        },
      },
    ]);
    // The gateway sends the 3 article references to claimgraph's _entities in one request, and
    // claimgraph loads them, their claims, the counts and the claimants in one statement.
    expect(sqlStatements).toBe(1);
  });

  it('still takes one SQL statement for 30 article references', async () => {
    const { data, sqlStatements } = await throughGateway(featuredQuery(30));
    expect(data.featuredArticles.map((a: { title: string }) => a.title)).toEqual(
      featured.map((id) => `Report ${id - 1}`),
    );
    for (const a of data.featuredArticles) {
      expect(a.claims.totalCount).toBe(8);
      expect(a.claims.edges).toHaveLength(2);
    }
    expect(sqlStatements).toBe(1);
  });

  it("serves claimgraph's Query.node with the other subgraph's fields on the node", async () => {
    const { data } = await throughGateway(/* GraphQL */ `
      {
        node(id: "${article(5)}") {
          id
          ... on Article {
            title
            coverage {
              desk
              followUps
            }
          }
        }
      }
    `);
    expect(data).toEqual({
      node: { id: article(5), title: 'Report 4', coverage: { desk: 'Investigations', followUps: 1 } },
    });
  });

  it("adds a third subgraph's @interfaceObject fields to every claimgraph node, by the Node entity interface", async () => {
    const { data } = await throughGateway(/* GraphQL */ `
      {
        claim: node(id: "${globalId('Claim', 7)}") {
          __typename
          factCheckNote
          ... on Claim {
            statement
          }
        }
        region: node(id: "${globalId('Region', 1)}") {
          __typename
          factCheckNote
        }
        factChecks {
          __typename
          id
          factCheckNote
          ... on Article {
            title
          }
          ... on Claim {
            statement
          }
        }
      }
    `);
    expect(data).toEqual({
      claim: {
        __typename: 'Claim',
        factCheckNote: 'casualty figure disputed',
        statement: 'Synthetic claim number 6: Unit 1 reports fighting in province 1.',
      },
      region: { __typename: 'Region', factCheckNote: null },
      factChecks: [
        {
          __typename: 'Claim',
          id: globalId('Claim', 7),
          factCheckNote: 'casualty figure disputed',
          statement: 'Synthetic claim number 6: Unit 1 reports fighting in province 1.',
        },
        { __typename: 'Article', id: article(2), factCheckNote: 'headline under review', title: 'Report 1' },
      ],
    });
  });
  it("passes claimgraph's subscriptions through over server-sent events, with the other subgraph's fields", async () => {
    const client = createClient({ url: gateway.url, singleConnection: false, retryAttempts: 0 });
    const events: { data?: any; errors?: readonly unknown[] }[] = [];
    const stop = client.subscribe(
      {
        query: `subscription { claimAdded(filter: { articleId: "${article(1)}" }) {
          statement article { title coverage { desk } } } }`,
      },
      { next: (event) => void events.push(event), error: () => {}, complete: () => {} },
    );
    const createClaim = (n: number) =>
      fetch(`${claimgraph.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${testWriteToken}` },
        body: JSON.stringify({
          query: `mutation ($input: CreateClaimInput!) { createClaim(input: $input) { __typename } }`,
          variables: {
            input: {
              article: article(1),
              statement: `Test claim ${n} written while a client listens through the gateway.`,
              kind: 'OTHER',
              attribution: 'STATED',
              claimant: official(1),
            },
          },
        }),
      }).then((response) => response.json());
    try {
      // The gateway answers its client before its own subscription to claimgraph is in place, so
      // claims are written until one arrives; every one that arrives must be one of them.
      for (let n = 0; events.length === 0 && n < 25; n++) {
        expect(await createClaim(n)).toEqual({ data: { createClaim: { __typename: 'CreateClaimSuccess' } } });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(events[0]).toEqual({
        data: {
          claimAdded: {
            statement: expect.stringMatching(/^Test claim \d+ written while a client listens through the gateway\.$/),
            article: { title: 'Report 0', coverage: { desk: 'Eastern Europe' } },
          },
        },
      });
    } finally {
      stop();
      client.dispose();
    }
  });
});
