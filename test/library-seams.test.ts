import { normalizedExecutor } from '@graphql-tools/executor';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { cacheKey, getLoaderMapping, setFieldMapping, setLoaderMappings } from '@pothos/selection-mapper';
import { execute, type GraphQLResolveInfo, type GraphQLSchema, isObjectType, parse } from 'graphql';
import { createSchema, createYoga, useReadinessCheck } from 'graphql-yoga';
import {
  Column,
  entityKind,
  is,
  Name,
  Param,
  Placeholder,
  SQL,
  sql,
  StringChunk,
  Subquery,
  Table,
  View,
} from 'drizzle-orm';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { getSchemaConfig } from '@pothos/plugin-drizzle';
import { addPath, type Path } from 'graphql/jsutils/Path.js';
import { afterAll, describe, expect, it } from 'vitest';
import { reusePreparedStatements } from '../src/db/prepared-statement-cache.ts';
import { claims } from '../src/db/schema.ts';
import { builder } from '../src/graphql/builder.ts';
import { globalIdEncoder } from '../src/graphql/relay-node-ids.ts';
import { federationDirectives, schema } from '../src/graphql/schema.ts';
import { createTestServer } from './helpers.ts';

// src/graphql/relay-node-ids.ts replaces plugin-relay's `id` resolvers with a synchronous encoding
// it assumes is the plugin's own. If an upgrade changes how the plugin encodes ids, this fails.
describe("plugin-relay's node ids, resolved synchronously", () => {
  const unpatched = builder.toSubGraphSchema({});
  const nodeTypes = Object.values(unpatched.getTypeMap()).filter(
    (type) => isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node'),
  );

  it('cover every node type', () => {
    expect(nodeTypes.map((type) => type.name).sort()).toEqual([
      'Actor',
      'Article',
      'Claim',
      'Official',
      'Region',
      'TerritoryChange',
    ]);
  });

  it.each(['Actor', 'Article', 'Claim', 'Official', 'Region', 'TerritoryChange'])(
    'encode a %s id exactly as the plugin does',
    async (typename) => {
      const row = { id: 42 };
      const info = { parentType: unpatched.getType(typename), schema: unpatched } as unknown as GraphQLResolveInfo;
      const field = (s: typeof schema) => (s.getType(typename) as import('graphql').GraphQLObjectType).getFields().id!;
      const plugins = await field(unpatched).resolve!(row, {}, {}, info);
      const ours = field(schema).resolve!(row, {}, {}, info);
      expect(ours).not.toBeInstanceOf(Promise);
      expect(ours).toBe(plugins);
      expect(decodeGlobalID(ours as string)).toEqual({ typename, id: '42' });
    },
  );

  it('encode every length of id as the plugin does', () => {
    const ids = [0, 1, 9, 10, 99, 100, 999, 1000, 123456, 9876543, 2 ** 31, Number.MAX_SAFE_INTEGER];
    for (const typename of [...nodeTypes.map((type) => type.name), 'A', 'AB', 'ABC']) {
      const encode = globalIdEncoder(typename);
      for (const id of ids) expect(encode(id)).toBe(encodeGlobalID(typename, String(id)));
    }
  });
});

// src/graphql/schema.ts names the federation directives the schema uses, so that the plugin does not
// build the whole schema a second time to find them, and patches/@pothos+plugin-federation+*.patch
// prints the subgraph SDL on the first `_service` query (loading Apollo's printer then) instead of
// while the schema is built. If the schema comes to use another directive, or an upgrade changes the
// plugin's printing, these fail (an upgrade that prints lazily itself no longer takes the patch:
// npm ci fails).
describe("plugin-federation's subgraph SDL, linked by our list and printed on first use", () => {
  const sdlOf = async (served: GraphQLSchema) => {
    const { data, errors } = await execute({
      schema: served,
      document: parse('{ _service { sdl } }'),
      contextValue: {},
    });
    expect(errors).toBeUndefined();
    return (data as { _service: { sdl: string } })._service.sdl;
  };

  it('links the directives the plugin finds itself', async () => {
    const served = await sdlOf(schema);
    expect(served).toContain(`import: [${federationDirectives.map((d) => `"${d}"`).join(', ')}]`);
    expect(served).toBe(await sdlOf(builder.toSubGraphSchema({})));
  });

  it('is the patched version', () => {
    expect(String(builder.toSubGraphSchema)).toMatch(
      /sdl = (\(await import\('@apollo\/subgraph'\)\)|require\("@apollo\/subgraph"\))\.printSubgraphSchema\(sorted\)/,
    );
  });
});

// patches/drizzle-orm+*.patch makes drizzle's `is` collect a class's entity kinds once instead of
// walking its prototype chain on every call. If an upgrade replaces `is`, the patch no longer
// applies (npm ci fails) or, applied, must still answer as drizzle's own algorithm does.
describe("drizzle's entity check, patched to remember each class's kinds", () => {
  function drizzlesOwn(value: unknown, type: { [entityKind]: string }): boolean {
    if (!value || typeof value !== 'object') return false;
    if (value instanceof (type as unknown as new () => unknown)) return true;
    for (let cls = Object.getPrototypeOf(value)?.constructor; cls; cls = Object.getPrototypeOf(cls))
      if (entityKind in cls && cls[entityKind] === type[entityKind]) return true;
    return false;
  }
  // A second copy of drizzle (another install of the package) has its own classes with the same kinds.
  class CopiedSql {
    static readonly [entityKind] = (SQL as unknown as { [entityKind]: string })[entityKind];
  }
  const values = {
    'sql``': sql`select 1`,
    'sql.raw': sql.raw('1'),
    param: new Param(1),
    placeholder: sql.placeholder('id'),
    'string chunk': new StringChunk('x'),
    name: new Name('x'),
    column: claims.id,
    table: claims,
    'aliased sql': sql`1`.as('one'),
    'copied SQL class': new CopiedSql(),
    'plain object': {},
    array: [],
    string: 'sql',
    null: null,
  };
  const types = {
    SQL,
    Param,
    Placeholder,
    StringChunk,
    Name,
    Column,
    Table,
    View,
    Subquery,
    'SQL.Aliased': SQL.Aliased,
  };

  it('is the patched version', () => {
    expect(is.toString()).toContain('entityKindsOf');
  });

  it.each(Object.entries(types))('answers as drizzle does for %s', (_, type) => {
    for (const [name, value] of Object.entries(values))
      for (let round = 0; round < 2; round++)
        expect({ name, is: is(value, type) }).toEqual({
          name,
          is: drizzlesOwn(value, type as unknown as { [entityKind]: string }),
        });
  });

  it('still refuses a class that is no drizzle entity', () => {
    expect(() => is({}, class NotAnEntity {} as unknown as typeof SQL)).toThrow(/doesn't look like a Drizzle entity/);
  });
});

// src/db/prepared-statement-cache.ts reads better-sqlite3's plain rows as arrays and names them itself
// (its own objects are slow dictionaries). If an upgrade changes what a row, a mode or a statement's
// columns are, the rows here stop matching the library's own.
describe("better-sqlite3's rows, named by the statement seam", () => {
  const connection = (seam: boolean) => {
    const sqlite = new Database(':memory:');
    if (seam) reusePreparedStatements(sqlite);
    sqlite.exec(`create table t (id integer primary key, name text, score real, data blob);
      insert into t (name, score, data) values ('a', 1.5, x'01'), (null, null, null), ('c', 3, x'0203');`);
    return sqlite;
  };
  const [own, seamed] = [connection(false), connection(true)];
  const both = <R>(read: (sqlite: Database.Database) => R) => [read(own), read(seamed)] as const;

  it.each([
    ['every column', 'select * from t order by id'],
    ['a name given twice (the last wins)', 'select id as x, name as x, t.* from t order by id'],
    ['expressions and nulls', 'select count(*) as n, max(score), null as empty from t'],
    ['no row', 'select * from t where id < 0'],
  ])("match the library's own in all and get: %s", (_, source) => {
    const [ownAll, seamedAll] = both((sqlite) => sqlite.prepare(source).all());
    expect(seamedAll).toEqual(ownAll);
    const [ownGet, seamedGet] = both((sqlite) => sqlite.prepare(source).get());
    expect(seamedGet).toEqual(ownGet);
    expect(Object.keys(seamedGet ?? {})).toEqual(Object.keys(ownGet ?? {}));
  });

  it('leave raw, pluck and expand reads as the library gives them, and return to plain rows after', () => {
    const source = 'select id, name from t where id >= ? order by id';
    for (const read of [
      (sqlite: Database.Database) => sqlite.prepare(source).raw().all(1),
      (sqlite: Database.Database) => sqlite.prepare(source).pluck().all(1),
      (sqlite: Database.Database) => sqlite.prepare(source).expand().get(1),
      (sqlite: Database.Database) => sqlite.prepare(source).raw(true).raw(false).all(1),
      (sqlite: Database.Database) => sqlite.prepare(source).all(2),
    ]) {
      const [ownRows, seamedRows] = both(read as (sqlite: Database.Database) => unknown);
      expect(seamedRows).toEqual(ownRows);
    }
    // The cached statement, switched to raw arrays by one caller, reads plain rows for the next.
    seamed.prepare(source).raw().all(1);
    expect(seamed.prepare(source).all(1)).toEqual(own.prepare(source).all(1));
  });
});

// patches/@pothos+selection-mapper+*.patch: the drizzle plugin asks, for every relation field of
// every row, which part of the planned query loaded it, under a key built from the response path.
// Unpatched, each row's path links (new for every row) got a WeakMap entry and a string each; the
// patch interns the keys per request. These fail if the patch is lost (rows allocate entries again)
// or if it finds other mappings than the plan recorded.
describe("the selection mapper's loader keys, interned per request", () => {
  const planned = () => {
    const actor = { nested: {} };
    const roles = { nested: { 'Role@actor': actor } };
    const claimant = { nested: { 'Official@roles': roles } };
    const region = { nested: {} };
    return { actor, roles, claimant, region };
  };
  const info = (path: Path, parentType: string) => ({ path, parentType: { name: parentType } }) as never;
  const rowPaths = (root: Path, i: number) => {
    const node = addPath(addPath(addPath(root, 'edges', undefined), i, undefined), 'node', 'Claim');
    const claimant = addPath(node, 'claimant', 'Claim');
    const roles = addPath(claimant, 'roles', 'Official');
    return {
      region: addPath(node, 'region', 'Claim'),
      claimant,
      roles,
      actor: addPath(addPath(roles, 0, undefined), 'actor', 'Role'),
    };
  };

  it('find what the plan recorded, at every depth and for every row', () => {
    const ctx = {};
    const m = planned();
    const root = addPath(undefined, 'claims', 'Query');
    setLoaderMappings(ctx, info(root, 'Query'), {
      'Claim@edges.node.region': m.region,
      'Claim@edges.node.claimant': m.claimant,
    });
    for (let i = 0; i < 3; i++) {
      const row = { id: i };
      const paths = rowPaths(root, i);
      expect(getLoaderMapping(ctx, paths.region, 'Claim', row)).toBe(m.region);
      expect(getLoaderMapping(ctx, paths.claimant, 'Claim', row)).toBe(m.claimant);
      setFieldMapping(ctx, info(paths.claimant, 'Claim'), m.claimant, row);
      expect(getLoaderMapping(ctx, paths.roles, 'Official', {})).toBe(m.roles);
      setFieldMapping(ctx, info(paths.roles, 'Official'), m.roles, {});
      expect(getLoaderMapping(ctx, paths.actor, 'Role', {})).toBe(m.actor);
      expect(getLoaderMapping(ctx, paths.actor, 'Actor', {})).toBeNull();
      expect(getLoaderMapping(ctx, addPath(paths.claimant, 'article', 'Claim'), 'Claim', row)).toBeNull();
    }
    // Without a scope above it, a field is found under its whole path (list indices dropped).
    const node = addPath(undefined, 'node', 'Query');
    setFieldMapping(ctx, info(addPath(node, 'region', 'Claim'), 'Claim'), m.region, { id: 9 });
    expect(getLoaderMapping(ctx, addPath(node, 'region', 'Claim'), 'Claim', { id: 9 })).toBe(m.region);
    expect(cacheKey('Claim', addPath(node, 'region', 'Claim'))).toBe('Claim@node.region');
  });

  it('look rows up without a WeakMap entry per row', () => {
    const ctx = {};
    const m = planned();
    const root = addPath(undefined, 'claims', 'Query');
    setLoaderMappings(ctx, info(root, 'Query'), { 'Claim@edges.node.claimant': m.claimant });
    const look = (i: number) => {
      const paths = rowPaths(root, i);
      getLoaderMapping(ctx, paths.claimant, 'Claim', { id: i });
      setFieldMapping(ctx, info(paths.claimant, 'Claim'), m.claimant, { id: i });
      return getLoaderMapping(ctx, paths.roles, 'Official', {});
    };
    expect(look(0)).toBe(m.roles);
    const set = WeakMap.prototype.set;
    let entries = 0;
    WeakMap.prototype.set = function (this: WeakMap<object, unknown>, key, value) {
      entries++;
      return set.call(this, key, value);
    };
    const found = [];
    try {
      for (let i = 1; i <= 100; i++) found.push(look(i));
    } finally {
      WeakMap.prototype.set = set;
    }
    expect(found.every((mapping) => mapping === m.roles)).toBe(true);
    // The one entry a row needs: the scope its claimant sets for the fields beneath it.
    expect(entries).toBe(100);
  });
});

// patches/@graphql-tools+executor+*.patch: the executor Yoga runs builds each object of an answer
// as a plain object, not with Object.create(null), which V8 keeps as a hash table (about half the
// time of building and serialising a page goes to that). "__proto__" is a valid alias, so the patch
// writes it as an own key. These fail if the patch is lost, or if that alias loses its field.
describe("the executor's answer objects, plain and with any alias", () => {
  const server = createTestServer();
  afterAll(() => server.close());

  it('are plain objects', async () => {
    const result = (await normalizedExecutor({
      schema,
      document: parse('{ claims(first: 1) { totalCount edges { node { id } } } }'),
      contextValue: { db: server.db },
    })) as { data: { claims: { edges: object[] } } };
    expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.data.claims)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.data.claims.edges[0])).toBe(Object.prototype);
  });

  it('answer a field aliased __proto__ under that key', async () => {
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ __proto__: claims(first: 1) { constructor: totalCount edges { __proto__: node { id } } } }',
      }),
    });
    const body = await response.text();
    expect(body).toMatch(
      /^\{"data":\{"__proto__":\{"constructor":\d+,"edges":\[\{"__proto__":\{"id":"[^"]+"\}\}\]\}\}\}$/,
    );
  });
});

// The same patch: every field's resolve info carried two closures of its own (getAbortSignal and
// getAsyncHelpers), though both depend on the execution alone: a third of what a deep page
// allocated per field. One pair per execution now; these fail if the patch is lost, or if the
// shared helpers stop answering for their own execution.
describe("the executor's resolve infos, sharing one execution's helpers", () => {
  const infos: GraphQLResolveInfo[] = [];
  const keep = (_: unknown, __: unknown, ___: unknown, info: GraphQLResolveInfo) => (infos.push(info), 1);
  const twoFields = createSchema({
    typeDefs: 'type Query { a: Int b: Int }',
    resolvers: { Query: { a: keep, b: keep } },
  });
  type WithHelpers = GraphQLResolveInfo & {
    getAbortSignal(): AbortSignal | undefined;
    getAsyncHelpers(): { track(values: unknown[]): void };
  };
  const run = async (signal: AbortSignal, waitUntil: (promise: unknown) => void) => {
    infos.length = 0;
    await normalizedExecutor({ schema: twoFields, document: parse('{ a b }'), signal, contextValue: { waitUntil } });
    return infos.splice(0) as WithHelpers[];
  };

  it('share one pair of helpers per execution, each answering for its own', async () => {
    const [first, waited] = [new AbortController(), [] as unknown[]];
    const [a, b] = await run(first.signal, (promise) => waited.push(promise));
    expect(a!.getAbortSignal).toBe(b!.getAbortSignal);
    expect(a!.getAsyncHelpers).toBe(b!.getAsyncHelpers);
    expect(a!.getAbortSignal()).toBe(first.signal);
    const pending = Promise.resolve(1);
    a!.getAsyncHelpers().track([pending, 2]);
    expect(waited).toEqual([pending]);

    const second = new AbortController();
    const [c] = await run(second.signal, () => {});
    expect(c!.getAbortSignal).not.toBe(a!.getAbortSignal);
    expect(c!.getAbortSignal()).toBe(second.signal);
  });
});

// patches/graphql-yoga+*.patch: the readiness check tested a URL pattern against every request's
// URL, though a plain path is matched by comparing it (2% of a node lookup's CPU).
describe("Yoga's readiness check, patched to test a URL pattern only for a pattern", () => {
  const tinySchema = createSchema({ typeDefs: 'type Query { a: Int }', resolvers: { Query: { a: () => 1 } } });

  it('is the patched version', () => {
    expect(String(useReadinessCheck)).toContain('urlPattern?.test(url)');
  });

  it('answers a plain readiness path and a pattern one, and nothing else', async () => {
    const check = () => true;
    const plain = createYoga({ schema: tinySchema, plugins: [useReadinessCheck({ endpoint: '/health', check })] });
    const pattern = createYoga({
      schema: tinySchema,
      plugins: [useReadinessCheck({ endpoint: '/ready/:probe', check })],
    });
    expect((await plain.fetch('http://localhost/health')).status).toBe(200);
    expect((await plain.fetch('http://localhost/healthy')).status).toBe(404);
    expect((await pattern.fetch('http://localhost/ready/database')).status).toBe(200);
    expect((await pattern.fetch('http://localhost/ready')).status).toBe(404);
    expect(await (await plain.fetch('http://localhost/graphql?query={a}')).json()).toEqual({ data: { a: 1 } });
  });
});

// patches/@pothos+plugin-drizzle+*.patch: a query copies its node's arguments with Object.assign. On
// Node 20, an object made by a spread takes V8's slow path for each key added after it: the
// literal `{ ...node.args, columns, with, extras }` cost 1.1 µs, a twentieth of a node lookup in process.
describe("plugin-drizzle's queries, their arguments copied without a spread", () => {
  const adapterFile = new URL('../node_modules/@pothos/plugin-drizzle/esm/utils/adapter.js', import.meta.url);

  it('is the patched version', () => {
    const source = readFileSync(adapterFile, 'utf8');
    expect(source).toContain('Object.assign({}, node.args)');
    expect(source).not.toContain('...node.args');
  });

  it('build the same query: the arguments, then columns (with the primary key), relations and extras', async () => {
    const { DrizzleAdapter } = (await import(adapterFile.href)) as {
      DrizzleAdapter: new (config: unknown) => { toQuery(node: object): Record<string, unknown> };
    };
    const adapter = new DrizzleAdapter(getSchemaConfig(builder));
    const count = () => sql`1`;
    const node = (columns: Set<string> | null, relations = new Map()) => ({
      model: { name: 'claims' },
      args: { where: { id: 7 }, limit: 2 },
      columns,
      relations,
      computed: new Map([['count', count]]),
    });
    const query = adapter.toQuery(node(new Set(['statement']), new Map([['article', node(null)]])));
    expect(Object.keys(query)).toEqual(['where', 'limit', 'columns', 'with', 'extras']);
    expect(query).toEqual({
      where: { id: 7 },
      limit: 2,
      columns: { statement: true, id: true },
      with: { article: { where: { id: 7 }, limit: 2, columns: undefined, with: {}, extras: { count } } },
      extras: { count },
    });
    expect(Object.keys(query.with as object)).toEqual(['article']);
    expect(Object.keys((query.with as { article: object }).article)).toEqual([
      'where',
      'limit',
      'columns',
      'with',
      'extras',
    ]);
  });
});
