import { decodeGlobalID } from '@pothos/plugin-relay';
import { type GraphQLResolveInfo, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
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
