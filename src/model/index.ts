import { z } from 'zod';
import { actorModel } from './actor.ts';
import { articleIssues, articleModel } from './article.ts';
import { claimIssues, claimModel } from './claim.ts';
import type { RecordType, RefSchema } from './fields.ts';
import { officialIssues, officialModel } from './official.ts';
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

type Issue = { path: (string | number)[]; message: string };

/** The rules across the fields of one record, each an issue with its path in the record. */
const issuesOf: Partial<Record<RecordType, (record: never) => Issue[]>> = {
  territoryChange: (t: { gainedBy?: string | null; lostBy?: string | null }) =>
    sidesDiffer.holds(t.gainedBy, t.lostBy) ? [] : [{ path: [sidesDiffer.field], message: sidesDiffer.message }],
  claim: claimIssues,
  official: officialIssues,
  article: articleIssues,
};

/** A record's (or a create input's) schema with the rules across its fields added. */
export function withRecordRules<S extends z.ZodType>(type: RecordType, schema: S): S {
  const issues = issuesOf[type];
  if (!issues) return schema;
  return schema.superRefine((value, ctx) => {
    for (const { path, message } of issues(value as never)) ctx.addIssue({ code: 'custom', path, message });
  }) as unknown as S;
}

/** The same rules on a stored row (a merged update): the field and message of each one broken. */
export function brokenRowRules(type: RecordType, row: Record<string, unknown>) {
  const issues = issuesOf[type];
  if (!issues) return [];
  const record = models[type].toRecord(row, (t, id) => `${t}:${id}`);
  return issues(record as never).map((issue) => ({ path: issue.path, message: issue.message }));
}

type Fields = ReturnType<typeof recordFields>;
/** A validated record's fields (no `type`, `key` or `id`), references still as keys or global ids. */
export type RecordBody<T extends RecordType> = z.output<z.ZodObject<Fields[T]>>;

export * from './fields.ts';
export { storedInstant, type StoredRow } from './codec.ts';
export * from './conventions.ts';
