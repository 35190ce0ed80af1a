import { z } from 'zod';
import { actorModel } from './actor.ts';
import { articleModel } from './article.ts';
import { claimModel } from './claim.ts';
import type { RecordType, RefSchema } from './fields.ts';
import { officialModel } from './official.ts';
import { regionModel } from './region.ts';
import { sidesDiffer, territoryChangeModel } from './territory-change.ts';

/**
 * The domain model: one module per record type owns its fields, their validation and how they
 * are stored. The dataset format, the store and the GraphQL mutations all build on it; it builds
 * on nothing but the table definitions (src/db/schema.ts).
 */

export const models = {
  actor: actorModel,
  official: officialModel,
  region: regionModel,
  article: articleModel,
  claim: claimModel,
  territoryChange: territoryChangeModel,
};

/**
 * The fields of each record type, with references made by `ref`. Records and mutation inputs are
 * these objects; the cross-field rules that need the whole object are in `recordRules`.
 */
export function recordFields(ref: RefSchema) {
  return {
    actor: actorModel.fields(ref),
    official: officialModel.fields(ref),
    region: regionModel.fields(ref),
    article: articleModel.fields(ref),
    claim: claimModel.fields(ref),
    territoryChange: territoryChangeModel.fields(ref),
  } satisfies Record<RecordType, z.ZodRawShape>;
}

/** Rules across the fields of one record, applied to records and mutation inputs alike. */
export const recordRules = {
  territoryChange: <S extends z.ZodType<{ gainedBy?: string | null; lostBy?: string | null }>>(schema: S): S =>
    schema.refine((t) => sidesDiffer.holds(t.gainedBy, t.lostBy), {
      message: sidesDiffer.message,
      path: [sidesDiffer.field],
    }),
};

/** The same rules on a stored row (a merged update): the field and message of each one broken. */
export function brokenRowRules(type: RecordType, row: Record<string, unknown>) {
  if (type === 'territoryChange' && !sidesDiffer.holds(row.gainedById, row.lostById))
    return [{ field: sidesDiffer.field, message: sidesDiffer.message }];
  return [];
}

type Fields = ReturnType<typeof recordFields>;
/** A validated record's fields (no `type`, `key` or `id`), references still as keys or global ids. */
export type RecordBody<T extends RecordType> = z.output<z.ZodObject<Fields[T]>>;

export * from './fields.ts';
export { storedInstant, type StoredRow } from './codec.ts';
