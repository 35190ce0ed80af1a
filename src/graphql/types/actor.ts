import { actorKinds, actors } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { connectionOf } from '../connection.ts';
import { filteredClaims } from './claim-filter.ts';
import { ClaimConnection } from './claim.ts';
import { Claimant } from './claimant.ts';
import { OfficialConnection } from './official.ts';

export const ActorKind = builder.enumType('ActorKind', {
  description: 'What sort of body an actor is.',
  values: {
    STATE: { description: 'A country: Ukraine, Russia, North Korea, the United States.' },
    GOVERNMENT: { description: 'A ministry, a presidential office.' },
    MILITARY: { description: 'Armed forces and their units.' },
    MEDIA: { description: 'A news outlet.' },
    ORGANIZATION: { description: 'Any other named body.' },
    GROUP: { description: "An unnamed collective voice ('analysts')." },
  } satisfies Record<(typeof actorKinds)[number], { description: string }>,
});

export const Actor = builder.drizzleNode('actors', {
  name: 'Actor',
  description: 'A body that acts, speaks or is spoken about: a state, an armed force or unit, an outlet, a group.',
  interfaces: () => [Claimant],
  id: { column: (a) => a.id },
});

builder.drizzleObjectFields(Actor, (t) => ({
  label: t.string({ description: 'The name; the same as `name`.', resolve: (row) => row.name }),
  name: t.string({ resolve: (row) => row.name }),
  kind: t.field({ type: ActorKind, resolve: (row) => row.kind }),
  country: t.string({
    nullable: true,
    description: 'ISO 3166-1 alpha-2 code of the country the actor belongs to, e.g. UA.',
    resolve: (row) => row.country,
  }),
  description: t.string({
    nullable: true,
    description: 'What the actor is, in a sentence.',
    resolve: (row) => row.description,
  }),
  parent: t.relation('parent', {
    nullable: true,
    description: "The body this one belongs to: a unit's armed force, an armed force's state.",
  }),
  children: t.relatedConnection(
    'children',
    { totalCount: true, query: { orderBy: { id: 'asc' } }, description: 'The bodies that belong to this one.' },
    ActorConnection,
  ),
  claims: t.relatedConnection(
    'claims',
    filteredClaims('Claims this actor makes as a body (not through a named official).'),
    ClaimConnection,
  ),
  officials: t.relatedConnection(
    'officials',
    {
      totalCount: true,
      query: { orderBy: { id: 'asc' } },
      description: 'People holding or having held a role in this actor.',
    },
    OfficialConnection,
  ),
}));

export const ActorConnection = connectionOf(Actor, 'Actor');

builder.queryField('actors', (t) =>
  t.drizzleConnection(
    {
      type: 'actors',
      description: 'Every actor, in the order they were recorded.',
      totalCount: (_parent, _args, ctx) => ctx.db.$count(actors),
      resolve: (query, _parent, _args, ctx) => ctx.db.query.actors.findMany(query({ orderBy: { id: 'asc' } })),
    },
    ActorConnection,
  ),
);
