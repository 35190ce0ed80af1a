import { actors } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import type { SQL } from 'drizzle-orm';
import { inRecordedOrder, pagesOf } from '../connection.ts';
import { nameContains, nameFilterText } from '../filters.ts';
import { orderingsOf } from '../ordering.ts';
import { filteredClaims } from './claim-filter.ts';
import { ActorKind } from './enums.ts';
import { Actor, ActorConnection, ClaimConnection, OfficialConnection } from './nodes.ts';

export { ActorKind };

builder.drizzleObjectFields(Actor, (t) => ({
  label: t.string({ description: 'The name; the same as `name`.', resolve: (row) => row.name }),
  name: t.string({ description: "The body's name: 'Armed Forces of Ukraine'.", resolve: (row) => row.name }),
  kind: t.field({ type: ActorKind, description: 'What sort of body this is.', resolve: (row) => row.kind }),
  aliases: t.field({
    type: ['String'],
    description: "Other spellings of the name ('ZSU' beside 'Armed Forces of Ukraine'), in alphabetical order.",
    select: { with: { aliases: { columns: { alias: true }, orderBy: { alias: 'asc' } } } },
    resolve: (actor) => actor.aliases.map((a) => a.alias),
  }),
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
  children: t.relatedConnection('children', inRecordedOrder('The bodies that belong to this one.'), ActorConnection),
  claims: t.relatedConnection(
    'claims',
    filteredClaims('Claims this actor makes as a body (not through a named official).'),
    ClaimConnection,
  ),
  officials: t.relatedConnection(
    'officials',
    inRecordedOrder('People holding or having held a role in this actor.'),
    OfficialConnection,
  ),
}));

const ActorFilter = builder.inputType('ActorFilter', {
  description: 'Narrows the list of actors; every condition given must hold.',
  fields: (t) => ({
    name: t.string({
      required: false,
      validate: nameFilterText,
      description: 'Actors whose name contains this text, ignoring case of Latin letters.',
    }),
  }),
});

function actorFilterSql(a: typeof actors, filter: typeof ActorFilter.$inferInput | null | undefined): SQL | undefined {
  return filter?.name ? nameContains(a.name, filter.name) : undefined;
}

const actorOrder = orderingsOf('Actor', { NAME: { description: 'The name.', column: 'name' } });

builder.queryField('actors', (t) =>
  t.drizzleConnection(
    {
      type: 'actors',
      description:
        'Actors, every one without a filter, in the order they were recorded unless `orderBy` says otherwise.',
      args: {
        filter: t.arg({
          type: ActorFilter,
          description: 'Only the actors that meet every condition given; all of them without a filter.',
        }),
        orderBy: t.arg({ type: actorOrder.Input, description: 'The order of the items; as recorded unless given.' }),
      },
      ...pagesOf(actors, (db) => db.query.actors, actorFilterSql, actorOrder.queryOrder),
    },
    ActorConnection,
  ),
);
