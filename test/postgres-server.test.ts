import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testWriteToken } from './helpers.ts';
import { eventually, liveClients } from './live-client.ts';
import { startServerProcess } from './spawned.ts';
import { freshPostgresDatabase, postgresUrl } from './postgres.ts';
import { administer } from './postgres-setup.ts';

/**
 * `npm start` and the CLI with DATABASE_URL: the compiled server and command on a real PostgreSQL,
 * and the one line they print for a configuration that cannot work.
 */

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['dist/cli/claimgraph.js', ...args], {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

const post = async (url: string, query: string, headers: Record<string, string> = {}) =>
  (
    await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    })
  ).json();

describe.skipIf(!postgresUrl)('npm start and the CLI on PostgreSQL', () => {
  const folder = mkdtempSync(join(tmpdir(), 'claimgraph-pg-process-'));
  let database: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    database = await freshPostgresDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('two servers started together on an empty database load the example dataset once, and both serve it', async () => {
    const [first, second] = await Promise.all([
      startServerProcess({ DATABASE_URL: database.url, CLAIMGRAPH_WRITE_TOKEN: testWriteToken }),
      startServerProcess({ DATABASE_URL: database.url }),
    ]);
    try {
      const masked = database.url.replace(/:[^:@/]*@/, ':***@');
      expect(first.output()).toContain(`serving ${masked}`);
      expect(first.output() + second.output()).not.toContain(':postgres@');
      for (const { url } of [first, second]) {
        expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok', database: 'ok' });
        expect(await post(url, '{ claimStats { count } claims(first: 1) { totalCount } }')).toEqual({
          data: { claimStats: { count: 18 }, claims: { totalCount: 18 } },
        });
        const found = await post(url, '{ search(query: "Kursk", first: 1) { totalCount edges { snippet } } }');
        expect(found.data.search.edges[0].snippet).toContain('<mark>Kursk</mark>');
      }
    } finally {
      expect(await first.stop()).toBe(0);
      expect(await second.stop()).toBe(0);
    }
  });

  it('keeps what the database holds on the next start', async () => {
    const server = await startServerProcess({ DATABASE_URL: database.url });
    try {
      expect(server.output()).not.toContain('loaded the example dataset');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('imports and exports through the CLI, with --db or DATABASE_URL, the same file as from SQLite', async () => {
    const sqliteFile = join(folder, 'claimgraph.db');
    const example = 'src/dataset/kursk-2024.json';
    expect((await cli(['import', example, '--db', sqliteFile, '--quiet'])).code).toBe(0);
    const fromSqlite = join(folder, 'from-sqlite.ndjson');
    expect((await cli(['export', '--db', sqliteFile, '--out', fromSqlite])).code).toBe(0);

    const other = await freshPostgresDatabase();
    try {
      const imported = await cli(['import', fromSqlite, '--db', other.url, '--quiet']);
      expect(imported).toMatchObject({ code: 0 });
      expect(imported.stdout).toContain('38 records: 38 inserted');
      const fromPostgres = join(folder, 'from-postgres.ndjson');
      expect((await cli(['export', '--out', fromPostgres], { DATABASE_URL: other.url })).code).toBe(0);
      expect(readFileSync(fromPostgres, 'utf8')).toBe(readFileSync(fromSqlite, 'utf8'));
      const again = await cli(['import', fromPostgres, '--quiet'], { DATABASE_URL: other.url });
      expect(again.stdout).toContain('38 records: 0 inserted, 0 updated, 38 unchanged');
    } finally {
      await other.drop();
    }
  });

  it('two servers taking writes at once lose none and store no natural key twice', async () => {
    const other = await freshPostgresDatabase();
    const env = { DATABASE_URL: other.url, CLAIMGRAPH_WRITE_TOKEN: testWriteToken };
    const servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    const write = (url: string, mutation: string) =>
      post(url, `mutation { ${mutation} }`, { authorization: `Bearer ${testWriteToken}` });
    try {
      // Each actor sent to both servers at once: one creates it, the other finds it (KEEP).
      const names = Array.from({ length: 25 }, (_, i) => `Volunteer battalion ${i}`);
      const actors = await Promise.all(
        names.flatMap((name) =>
          servers.map(({ url }) =>
            write(
              url,
              `createActor(input: { name: "${name}", kind: MILITARY_UNIT, country: "UA", onConflict: KEEP }) {
                __typename ... on CreateActorSuccess { created actor { id name } } }`,
            ),
          ),
        ),
      );
      expect(actors.every((answer) => answer.data?.createActor.__typename === 'CreateActorSuccess')).toBe(true);
      for (const name of names) {
        const answers = actors.map((a) => a.data.createActor).filter((a) => a.actor.name === name);
        expect(answers.map((a) => a.created).sort()).toEqual([false, true]);
        expect(answers[0].actor.id).toBe(answers[1].actor.id);
      }
      // And claims, each different, half through each server.
      const { data } = await post(servers[0]!.url, '{ articles(first: 1) { edges { node { id } } } }');
      const article = data.articles.edges[0].node.id;
      const claims = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          write(
            servers[i % 2]!.url,
            `createClaim(input: { article: "${article}", statement: "Report ${i} of shelling near Sudzha.", kind: CASUALTIES,
              attribution: CLAIMED, quantities: [{ metric: KILLED, best: ${i + 1} }, { metric: WOUNDED, best: ${2 * i} }] }) {
              __typename ... on CreateClaimSuccess { created } }`,
          ),
        ),
      );
      expect(claims.map((answer) => answer.data?.createClaim.__typename)).toEqual(Array(30).fill('CreateClaimSuccess'));
      const client = new pg.Client({ connectionString: other.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `select name, count(*)::int as n from actors where name like 'Volunteer battalion %' group by name`,
        );
        expect(rows).toHaveLength(25);
        expect(rows.every((row) => row.n === 1)).toBe(true);
        const reports = await client.query(`select count(*)::int as n from claims where statement like 'Report %'`);
        expect(reports.rows[0].n).toBe(30);
      } finally {
        await client.end();
      }
      // Both servers count what either wrote, figures included (killed and wounded, and their sum).
      for (const { url } of servers) {
        const stats = await post(
          url,
          '{ claimStats(filter: { kinds: [CASUALTIES] }) { count quantities { metric claims } } }',
        );
        expect(stats.data.claimStats.count).toBeGreaterThanOrEqual(30);
        const killed = stats.data.claimStats.quantities.find((q: { metric: string }) => q.metric === 'KILLED');
        expect(killed.claims).toBeGreaterThanOrEqual(30);
      }
    } finally {
      for (const server of servers) expect(await server.stop()).toBe(0);
      await other.drop();
    }
  });

  it('two imports at once into one database lose nothing and store no natural key twice', async () => {
    const other = await freshPostgresDatabase();
    try {
      const header = '{"format":"claimgraph-dataset","version":1}';
      const actors = (prefix: string) =>
        [
          header,
          // Both files hold this one: whichever import goes second finds it and leaves it unchanged.
          '{"type":"actor","key":"shared","name":"Joint Forces Operation","kind":"MILITARY","country":"UA"}',
          ...Array.from(
            { length: 40 },
            (_, i) =>
              `{"type":"actor","key":"${prefix.toLowerCase()}-${i}","name":"${prefix} unit ${i}","kind":"MILITARY_UNIT"}`,
          ),
        ].join('\n');
      const [a, b] = ['Alpha', 'Bravo'].map((prefix) => {
        const path = join(folder, `${prefix}.ndjson`);
        writeFileSync(path, actors(prefix));
        return path;
      });
      const results = await Promise.all([a, b].map((file) => cli(['import', file!, '--db', other.url, '--quiet'])));
      expect(results.map((result) => result.code)).toEqual([0, 0]);
      expect(results.map((result) => /(\d+) inserted/.exec(result.stdout)![1]).sort()).toEqual(['40', '41']);
      const client = new pg.Client({ connectionString: other.url });
      await client.connect();
      try {
        const { rows } = await client.query(`select name, count(*)::int as n from actors group by name order by name`);
        expect(rows).toHaveLength(81);
        expect(rows.every((row) => row.n === 1)).toBe(true);
      } finally {
        await client.end();
      }
    } finally {
      await other.drop();
    }
  });

  for (const [what, url, says] of [
    ['a URL of another kind', 'mysql://user@host/db', 'DATABASE_URL is not a PostgreSQL URL'],
    ['a port nobody listens on', 'postgres://user:secret@127.0.0.1:1/db', 'nothing listens there'],
    ['a wrong password', 'WRONG_PASSWORD', 'password authentication failed'],
  ] as const)
    it(`says in one line, with no stack trace and no password, that ${what} cannot work, and exits 1`, async () => {
      const target =
        url === 'WRONG_PASSWORD'
          ? Object.assign(new URL(database.url), { password: 'not-the-password' }).toString()
          : url;
      const server = await startServerProcess({ DATABASE_URL: target }).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(server).toMatch(/server exited with 1/);
      const lines = server!.split('\n').slice(1).filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(says);
      expect(lines[0]).not.toMatch(/secret|not-the-password/);
      const exported = await cli(['export'], { DATABASE_URL: target });
      expect(exported.code).toBe(1);
      expect(exported.stderr.trim().split('\n')).toEqual([expect.stringContaining(says)]);
    });
});

/** Whether this machine has PostgreSQL's server programs (a replica needs pg_basebackup and pg_ctl). */
const hasServerPrograms = () =>
  Boolean(process.env.PG_BINDIR) ||
  (existsSync('/usr/lib/postgresql') &&
    readdirSync('/usr/lib/postgresql').some((version) =>
      existsSync(`/usr/lib/postgresql/${version}/bin/pg_basebackup`),
    ));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

describe.skipIf(!postgresUrl || !hasServerPrograms())('reading from a streaming replica (DATABASE_READ_URL)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'claimgraph-replica-'));
  let database: { url: string; drop: () => Promise<void> };
  let readUrl: string;
  const onReplica = (statement: string) => administer(readUrl, statement);

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    const port = await freePort();
    const { stdout } = await run('scripts/postgres.sh', ['replica', folder, String(port), database.url], {
      cwd: new URL('..', import.meta.url),
    });
    readUrl = /DATABASE_READ_URL=(\S+)/.exec(stdout)![1]!;
  }, 60_000);
  afterAll(async () => {
    await run('scripts/postgres.sh', ['stop', folder], { cwd: new URL('..', import.meta.url) }).catch(() => {});
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves reads from the replica: a write to the primary shows only once the replica has replayed it', async () => {
    expect(await onReplica('select pg_is_in_recovery() as standby')).toEqual([{ standby: true }]);
    const server = await startServerProcess({ DATABASE_URL: database.url, DATABASE_READ_URL: readUrl });
    const actors = async () =>
      (await post(server.url, '{ actors(first: 100) { totalCount } }')).data?.actors.totalCount as number | undefined;
    const until = async (check: () => Promise<boolean>) => {
      for (let waited = 0; !(await check()); waited += 50) {
        if (waited > 15_000) throw new Error('the replica did not catch up in 15 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      expect(server.output()).toContain(`reading from ${readUrl.replace(/:[^:@/]*@/, ':***@')}`);
      // The example dataset went to the primary; the replica streams it over.
      await until(async () => (await actors()) !== undefined && (await actors())! > 0);
      const before = (await actors())!;

      await onReplica('select pg_wal_replay_pause()');
      const more = join(folder, 'more.ndjson');
      writeFileSync(
        more,
        `{"format":"claimgraph-dataset","version":1}\n{"type":"actor","key":"a","name":"Kharkiv Regional Military Administration","kind":"GOVERNMENT","country":"UA"}\n`,
      );
      expect((await cli(['import', more, '--db', database.url, '--quiet'])).code).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await actors()).toBe(before); // the primary has it; the paused replica, which the server reads, not yet

      await onReplica('select pg_wal_replay_resume()');
      await until(async () => (await actors()) === before + 1);
    } finally {
      await onReplica('select pg_wal_replay_resume()').catch(() => {});
      expect(await server.stop()).toBe(0);
    }
  });

  it('sends writes and subscriptions to the primary: both work while the replica lags', async () => {
    const server = await startServerProcess({
      DATABASE_URL: database.url,
      DATABASE_READ_URL: readUrl,
      CLAIMGRAPH_WRITE_TOKEN: testWriteToken,
    });
    const live = liveClients();
    try {
      await onReplica('select pg_wal_replay_pause()');
      const feed = live.subscribe(
        `${server.url}/graphql`,
        'subscription { claimAdded { statement article { title } } }',
      );
      await feed.ready;
      const created = await post(
        server.url,
        `mutation { createArticle(input: { title: "A test report written while the replica lags" }) {
          __typename ... on CreateArticleSuccess { article { id } } } }`,
        { authorization: `Bearer ${testWriteToken}` },
      );
      expect(created.data.createArticle.__typename).toBe('CreateArticleSuccess');
      const article = created.data.createArticle.article.id;
      const claim = await post(
        server.url,
        `mutation { createClaim(input: { article: "${article}", statement: "A test statement made while the replica lags.",
          kind: OTHER, attribution: STATED }) { __typename } }`,
        { authorization: `Bearer ${testWriteToken}` },
      );
      expect(claim.data.createClaim.__typename).toBe('CreateClaimSuccess');
      // The event reads the claim and its article from the primary: the paused replica has neither.
      await eventually(() => feed.events.length === 1, 'the claim');
      expect(feed.events[0]!.data).toEqual({
        claimAdded: {
          statement: 'A test statement made while the replica lags.',
          article: { title: 'A test report written while the replica lags' },
        },
      });
      expect(await onReplica(`select count(*)::int as n from articles where title like 'A test report%'`)).toEqual([
        { n: 0 },
      ]);
    } finally {
      live.disposeAll();
      await onReplica('select pg_wal_replay_resume()').catch(() => {});
      expect(await server.stop()).toBe(0);
    }
  });

  for (const [what, env, says] of [
    [
      'a read URL pointing at the primary',
      () => ({ DATABASE_URL: database.url, DATABASE_READ_URL: database.url }),
      'is not a replica',
    ],
    ['DATABASE_URL pointing at the replica', () => ({ DATABASE_URL: readUrl }), 'is a read-only replica'],
    ['a read URL with no DATABASE_URL', () => ({ DATABASE_READ_URL: readUrl }), 'DATABASE_READ_URL needs DATABASE_URL'],
  ] as const)
    it(`refuses ${what} in one line, and exits 1`, async () => {
      const failed = await startServerProcess(env()).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(failed).toMatch(/server exited with 1/);
      expect(failed!.split('\n').slice(1).filter(Boolean)).toEqual([expect.stringContaining(says)]);
    });
});
