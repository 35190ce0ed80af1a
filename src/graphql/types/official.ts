import { and, eq, type SQL, sql } from 'drizzle-orm';
import { relationalQueries } from '../../db/engine.ts';
import { officials } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { columnField } from '../column-field.ts';
import { filterOf, pagesOf } from '../connection.ts';
import { idNamed, nameFilterText, nameOrAliasContains } from '../filters.ts';
import { filteredClaims } from './claim-filter.ts';
import { Seniority, SourceDomain } from './enums.ts';
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

interface SameSourceShape {
  official: typeof Official.$inferType;
  reviewedBy: string;
  reason: string | null;
}

const SameSource = builder.objectRef<SameSourceShape>('SameSource').implement({
  shareable: true,
  description: 'A reviewed judgement that two unnamed sources are probably the same person.',
  fields: (t) => ({
    official: t.field({ type: Official, description: 'The other unnamed source.', resolve: (s) => s.official }),
    reviewedBy: t.exposeString('reviewedBy', { description: 'Who judged the two to be probably the same person.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why; null when not given.' }),
  }),
});

builder.drizzleObjectFields(Official, (t) => ({
  label: t.string({
    description: 'The name, or for an unnamed source its description.',
    resolve: (o) => o.name ?? o.description,
  }),
  name: columnField(t, 'name', 'Null for an unnamed source.'),
  description: columnField(
    t,
    'description',
    "How the person is described: 'President of Ukraine', 'a senior U.S. military official'.",
  ),
  anonymous: columnField(t, 'anonymous', 'True for an unnamed source.'),
  aliases: t.field({
    type: ['String'],
    description: "Other spellings of the name ('Syrsky' beside 'Syrskyi'), in alphabetical order.",
    select: { with: { aliases: { columns: { alias: true }, orderBy: { alias: 'asc' } } } },
    resolve: (official) => official.aliases.map((a) => a.alias),
  }),
  seniority: columnField(
    t,
    'seniority',
    "An unnamed source's rank as reported ('a senior official'); null when not said.",
    Seniority,
  ),
  domain: columnField(
    t,
    'domain',
    "An unnamed source's field as reported ('a military official'); null when not said.",
    SourceDomain,
  ),
  country: columnField(
    t,
    'country',
    "ISO 3166-1 alpha-2 code of an unnamed source's country ('a U.S. official': US); null when not said.",
  ),
  body: t.relation('body', {
    nullable: true,
    description: "The body an unnamed source speaks from ('a Pentagon official'); null when not said.",
  }),
  sameSourceAs: t.field({
    type: SameSource,
    nullable: true,
    description: 'A reviewed judgement that this unnamed source is probably the same person as another one.',
    select: (_args, _ctx, nestedSelection) => ({
      columns: { sameSourceReviewedBy: true, sameSourceReason: true },
      with: { sameSourceAs: nestedSelection(true, ['official']) },
    }),
    resolve: (official) =>
      official.sameSourceAs && official.sameSourceReviewedBy !== null
        ? {
            official: official.sameSourceAs,
            reviewedBy: official.sameSourceReviewedBy,
            reason: official.sameSourceReason,
          }
        : null,
  }),
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
        'Officials whose name or one of whose aliases contains this text, ignoring case of Latin letters (unnamed sources have no name).',
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
      filter.name ? nameOrAliasContains('official', o.id, o.name, filter.name) : undefined,
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

builder.queryField('officialNamed', (t) =>
  t.drizzleField({
    type: 'officials',
    nullable: true,
    description:
      "The named official called this or known by it as an alias ('Volodymyr Zelenskiy'), ignoring case of Latin letters; null when none is. A name beats an alias, then the earliest recorded.",
    args: { name: t.arg.string({ required: true, validate: nameFilterText, description: 'The name or an alias.' }) },
    resolve: async (query, _root, args, ctx) => {
      const id = await idNamed(ctx.db, 'official', args.name);
      return id === undefined ? null : relationalQueries(ctx.db).officials.findFirst(query({ where: { id } }));
    },
  }),
);
