import type { StandardSchemaV1 } from '@pothos/plugin-validation';
import type { RecordType } from '../../model/index.ts';
import { builder, type Types } from '../builder.ts';
import { deleteErrors, writeErrors } from '../errors.ts';
import { withArticle } from '../quote.ts';
import { globalId, typenames } from './ids.ts';
import { inputFields } from './inputs.ts';
import { createSchemas, deleteSchemas, onConflictValues, patchSchemas } from './schemas.ts';
import { createRecord, type DeleteResult, deleteRecord, updateRecord, type WriteResult } from './write.ts';
import type { Db } from '../../db/client.ts';
import { relationalQueries } from '../../db/engine.ts';

/**
 * The write API, Relay style: one input object and one payload per mutation, global ids for
 * every object. The input fields are the dataset format's record fields (same names, same rules,
 * validated by the same zod schemas), with global ids where a file has keys. Each payload is a
 * union of the success type and the typed errors; the success type hands back the object through
 * the drizzle plugin, so whatever the client selects beneath it loads in one query.
 */

type Table = 'actors' | 'officials' | 'regions' | 'articles' | 'claims' | 'territoryChanges';

const OnConflict = builder.enumType('OnConflict', {
  description: 'What a create mutation does when the object already exists under its natural key.',
  values: {
    ERROR: { description: 'Answer a ClaimgraphConflictError naming the existing object (the default).' },
    UPDATE: { description: 'Update the existing object to the input (an upsert).' },
    KEEP: { description: 'Leave the existing object as it is and answer it.' },
  } satisfies Record<(typeof onConflictValues)[number], { description: string }>,
});

const naturalKeys: Record<RecordType, string> = {
  actor: 'name and country',
  official: 'name (or, unnamed, description) and the body of their first role',
  region: 'name and parent',
  article: 'URL (without one: title, outlet and publication time)',
  claim: 'article, statement and claimant',
  territoryChange: 'region, sides, claim, article and period',
};

/** A success type that answers the written object through the drizzle plugin (one query for all it selects). */
function successType<Shape extends { id: number }>(
  type: RecordType,
  name: string,
  table: Table,
  field: string,
  description: string,
  extra?: (t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>) => Record<string, unknown>,
) {
  return builder.objectRef<Shape>(name).implement({
    description,
    fields: (t) => ({
      [`${field}Id`]: t.id({
        description: 'Global id of the object written; always answered once the write is committed.',
        resolve: (parent) => globalId(type, parent.id),
      }),
      // Nullable: the write is committed before this selection runs, and an error beneath it (a
      // bad page size, say) must not null the whole payload and hide the id.
      [field]: t.drizzleField({
        type: table as 'actors',
        nullable: true,
        description: 'The object as stored; null only when something selected beneath it failed (see errors).',
        resolve: (query, parent, _args, ctx) =>
          (relationalQueries(ctx.db)[table] as Db['query']['actors']).findFirst(
            query({ where: { id: parent.id } }),
          ) as never,
      }),
      ...(extra?.(t) as object),
    }),
  });
}

function defineWrites(type: RecordType, table: Table, field: string, deletion: 'cascade' | 'refused') {
  const name = typenames[type];
  const CreateInput = builder.inputType(`Create${name}Input`, {
    description: `A new ${name}. Known by its ${naturalKeys[type]}: creating one that exists is a ClaimgraphConflictError unless onConflict says otherwise.`,
    fields: (t) => ({
      ...inputFields(type, t, true),
      onConflict: t.field({
        type: OnConflict,
        defaultValue: 'ERROR',
        description: `What to do when the ${name} already exists.`,
      }),
    }),
  });
  const UpdateInput = builder.inputType(`Update${name}Input`, {
    description: `Changes to ${withArticle(name)}: a field left out keeps its value, null clears it (a required field cannot be cleared), a list replaces the old one.`,
    fields: (t) => ({
      id: t.id({ required: true, description: `Global id of the ${name}.` }),
      ...inputFields(type, t, false),
    }),
  });
  const DeleteInput = builder.inputType(`Delete${name}Input`, {
    description: `Which ${name} to delete.`,
    fields: (t) => ({ id: t.id({ required: true, description: `Global id of the ${name}.` }) }),
  });

  const CreateSuccess = successType<WriteResult>(
    type,
    `Create${name}Success`,
    table,
    field,
    `The ${name}, created or (see onConflict) found.`,
    (t) => ({
      created: t.exposeBoolean('created', { description: `False when the ${name} already existed.` }),
    }),
  );
  const UpdateSuccess = successType<WriteResult>(
    type,
    `Update${name}Success`,
    table,
    field,
    `The ${name} as it now is.`,
  );
  const DeleteSuccess = builder.objectRef<DeleteResult>(`Delete${name}Success`).implement({
    description: `The ${name} is deleted${deletion === 'cascade' ? ', with what belonged to it' : ''}.`,
    fields: (t) => ({
      deletedId: t.exposeID('deletedId', { description: `Global id of the deleted ${name}.` }),
      ...(type === 'article' || type === 'claim'
        ? {
            deletedClaims: t.exposeInt('deletedClaims', { description: 'Claims deleted with it.' }),
            deletedTerritoryChanges: t.exposeInt('deletedTerritoryChanges', {
              description: 'Territory changes deleted with it.',
            }),
          }
        : {}),
    }),
  });

  builder.mutationField(`create${name}`, (t) =>
    t.field({
      type: CreateSuccess,
      description: `Creates ${withArticle(name)}.`,
      args: {
        input: t
          .arg({ type: CreateInput, required: true, description: `The ${name} to create.` })
          .validate(createSchemas[type] as StandardSchemaV1<unknown, unknown>),
      },
      errors: {
        types: [...writeErrors],
        directResult: true,
        union: {
          name: `Create${name}Payload`,
          description: `What create${name} answers: the ${name}, or why nothing was written.`,
        },
      },
      resolve: (_root, { input }, ctx) => createRecord(ctx, type, input as never),
    }),
  );
  builder.mutationField(`update${name}`, (t) =>
    t.field({
      type: UpdateSuccess,
      description: `Changes ${withArticle(name)}.`,
      args: {
        input: t
          .arg({ type: UpdateInput, required: true, description: `Which ${name} to change, and how.` })
          .validate(patchSchemas[type] as StandardSchemaV1<unknown, unknown>),
      },
      errors: {
        types: [...writeErrors],
        directResult: true,
        union: {
          name: `Update${name}Payload`,
          description: `What update${name} answers: the changed ${name}, or why nothing was written.`,
        },
      },
      resolve: (_root, { input }, ctx) => updateRecord(ctx, type, input as never),
    }),
  );
  builder.mutationField(`delete${name}`, (t) =>
    t.field({
      type: DeleteSuccess,
      description:
        deletion === 'cascade'
          ? `Deletes ${withArticle(name)} and everything that belongs to it${type === 'article' ? ' (its claims, their quantities, its territory changes)' : type === 'claim' ? ' (its quantities and the territory changes recorded from it)' : ' (its amount)'}.`
          : `Deletes ${withArticle(name)}; refused (ClaimgraphInUseError) while anything refers to it.`,
      args: {
        input: t
          .arg({ type: DeleteInput, required: true, description: `Which ${name} to delete.` })
          .validate(deleteSchemas[type] as StandardSchemaV1<unknown, unknown>),
      },
      errors: {
        types: [...deleteErrors],
        directResult: true,
        union: {
          name: `Delete${name}Payload`,
          description: `What delete${name} answers: what was deleted, or why nothing was.`,
        },
      },
      resolve: (_root, { input }, ctx) => deleteRecord(ctx, type, (input as { id: string }).id),
    }),
  );
}

defineWrites('actor', 'actors', 'actor', 'refused');
defineWrites('official', 'officials', 'official', 'refused');
defineWrites('region', 'regions', 'region', 'refused');
defineWrites('article', 'articles', 'article', 'cascade');
defineWrites('claim', 'claims', 'claim', 'cascade');
defineWrites('territoryChange', 'territoryChanges', 'territoryChange', 'cascade');
