import { actors } from '../../db/schema.ts';
import { relationalQueries } from '../../db/engine.ts';
import { builder } from '../builder.ts';
import { columnField } from '../column-field.ts';
import type { SQL } from 'drizzle-orm';
import { filterOf, pagesOf, relatedPagesOf } from '../connection.ts';
import { idNamed, nameFilterText, nameOrAliasContains } from '../filters.ts';
import { filteredClaims } from './claim-filter.ts';
import { ActorKind } from './enums.ts';
import { Actor, ActorConnection, ClaimConnection, OfficialConnection } from './nodes.ts';
import { actorOrder, officialOrder } from './orders.ts';

export { ActorKind };

builder.drizzleObjectFields(Actor, (t) => ({
  label: columnField(t, 'name', 'The name; the same as `name`.'),
  name: columnField(t, 'name', "The body's name: 'Armed Forces of Ukraine'."),
  kind: columnField(t, 'kind', 'What sort of body this is.', ActorKind),
  aliases: t.field({
    type: ['String'],
    description: "Other spellings of the name ('ZSU' beside 'Armed Forces of Ukraine'), in alphabetical order.",
    select: { with: { aliases: { columns: { alias: true }, orderBy: { alias: 'asc' } } } },
    resolve: (actor) => actor.aliases.map((a) => a.alias),
  }),
  country: columnField(t, 'country', 'ISO 3166-1 alpha-2 code of the country the actor belongs to, e.g. UA.'),
  description: columnField(t, 'description', 'What the actor is, in a sentence.'),
  parent: t.relation('parent', {
    nullable: true,
    description: "The body this one belongs to: a unit's armed force, an armed force's state.",
  }),
  children: t.relatedConnection(
    'children',
    relatedPagesOf('The bodies that belong to this one.', { order: actorOrder }),
    ActorConnection,
  ),
  claims: t.relatedConnection(
    'claims',
    filteredClaims('Claims this actor makes as a body (not through a named official).'),
    ClaimConnection,
  ),
  officials: t.relatedConnection(
    'officials',
    relatedPagesOf('People holding or having held a role in this actor.', { order: officialOrder }),
    OfficialConnection,
  ),
}));

const ActorFilter = builder.inputType('ActorFilter', {
  description: 'Narrows the list of actors; every condition given must hold.',
  fields: (t) => ({
    name: t.string({
      required: false,
      validate: nameFilterText,
      description: 'Actors whose name or one of whose aliases contains this text, ignoring case of Latin letters.',
    }),
  }),
});

const actorFilter = filterOf(
  ActorFilter,
  'Only the actors that meet every condition given; all of them without a filter.',
  (a: typeof actors, filter): SQL | undefined =>
    filter.name ? nameOrAliasContains('actor', a.id, a.name, filter.name) : undefined,
);

builder.queryField('actors', (t) =>
  t.drizzleConnection(
    {
      type: 'actors',
      description:
        'Actors, every one without a filter, in the order they were recorded unless `orderBy` says otherwise.',
      ...pagesOf(actors, (db) => db.query.actors, { order: actorOrder, filter: actorFilter }),
    },
    ActorConnection,
  ),
);

builder.queryField('actorNamed', (t) =>
  t.drizzleField({
    type: 'actors',
    nullable: true,
    description:
      "The actor called this or known by it as an alias ('SBU', 'sbu'), ignoring case of Latin letters; null when none is. A name beats an alias, then the earliest recorded.",
    args: { name: t.arg.string({ required: true, validate: nameFilterText, description: 'The name or an alias.' }) },
    resolve: async (query, _root, args, ctx) => {
      const id = await idNamed(ctx.db, 'actor', args.name);
      return id === undefined ? null : relationalQueries(ctx.db).actors.findFirst(query({ where: { id } }));
    },
  }),
);
