import { and, eq, type SQL, sql } from 'drizzle-orm';
import { officials } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { columnField } from '../column-field.ts';
import { filterOf, pagesOf } from '../connection.ts';
import { nameContains, nameFilterText } from '../filters.ts';
import { filteredClaims } from './claim-filter.ts';
import { Actor, ClaimConnection, Official, OfficialConnection } from './nodes.ts';
import { officialOrder } from './orders.ts';

export const Role = builder.drizzleObject('roles', {
  name: 'Role',
  shareable: true,
  description: 'A position a person holds or held in a body.',
  fields: (t) => ({
    title: columnField(t, 'title', "The position: 'President of Ukraine', 'Commander-in-Chief'."),
    actor: t.relation('actor', { description: 'The body the position is in.' }),
    official: t.relation('official', { description: 'The person holding the position.' }),
    since: columnField(t, 'since', 'First day in the position; null when unknown.', 'Date'),
    until: columnField(t, 'until', 'Last day in the position; null while it is held or when unknown.', 'Date'),
  }),
});

builder.drizzleObjectFields(Official, (t) => ({
  label: t.string({
    description: 'The name, or for an unnamed source its description.',
    select: { columns: { name: true, description: true } },
    resolve: (o) => o.name ?? o.description,
  }),
  name: columnField(t, 'name', 'Null for an unnamed source.'),
  description: columnField(
    t,
    'description',
    "How the person is described: 'President of Ukraine', 'a senior U.S. military official'.",
  ),
  anonymous: columnField(t, 'anonymous', 'True for an unnamed source.'),
  roles: t.relation('roles', {
    query: { orderBy: { id: 'asc' } },
    description: 'The positions the person holds or held, in the order they were recorded.',
  }),
  claims: t.relatedConnection('claims', filteredClaims('Claims this person makes.'), ClaimConnection),
}));

const OfficialFilter = builder.inputType('OfficialFilter', {
  description: 'Narrows the list of officials; every condition given must hold.',
  fields: (t) => ({
    actorId: t.globalID({ required: false, for: [Actor], description: 'Officials with a role in this actor.' }),
    anonymous: t.boolean({ required: false, description: 'Only unnamed (true) or only named (false) sources.' }),
    name: t.string({
      required: false,
      validate: nameFilterText,
      description:
        'Officials whose name contains this text, ignoring case of Latin letters (unnamed sources have no name).',
    }),
  }),
});

const officialFilter = filterOf(
  OfficialFilter,
  'Only the officials who meet every condition given; all of them without a filter.',
  (o: typeof officials, filter): SQL | undefined =>
    and(
      filter.actorId
        ? sql`exists (select 1 from roles where roles.official_id = ${o.id} and roles.actor_id = ${filter.actorId.id})`
        : undefined,
      typeof filter.anonymous === 'boolean' ? eq(o.anonymous, filter.anonymous) : undefined,
      filter.name ? nameContains(o.name, filter.name) : undefined,
    ),
);

builder.queryField('officials', (t) =>
  t.drizzleConnection(
    {
      type: 'officials',
      description: 'Officials, named and unnamed, in the order they were recorded unless `orderBy` says otherwise.',
      ...pagesOf(officials, (db) => db.query.officials, { order: officialOrder, filter: officialFilter }),
    },
    OfficialConnection,
  ),
);
