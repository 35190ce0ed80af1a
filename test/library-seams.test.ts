import { decodeGlobalID } from '@pothos/plugin-relay';
import { type GraphQLResolveInfo, isObjectType } from 'graphql';
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
import { describe, expect, it } from 'vitest';
import { claims } from '../src/db/schema.ts';
import { builder } from '../src/graphql/builder.ts';
import { schema } from '../src/graphql/schema.ts';

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
  const types = { SQL, Param, Placeholder, StringChunk, Name, Column, Table, View, Subquery, 'SQL.Aliased': SQL.Aliased };

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
