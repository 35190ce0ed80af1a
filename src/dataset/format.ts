import { z } from 'zod';
import { type RecordType, recordFields, withRecordRules } from '../model/index.ts';

/**
 * The claimgraph dataset file format. A dataset file holds records, each with a `type` and a
 * `key` of the file's own choosing; a record refers to earlier records by key, so a file can be
 * read front to back. What a valid actor, official, region, article, claim or territory change
 * is belongs to the domain model (src/model/): a record is its fields with keys for references.
 */

export const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'must be 1-100 characters of a-z, 0-9, ".", "_" or "-"')
  .describe("The record's key, unique in its file; other records refer to it by this key.");

const fileFields = recordFields(() => key);
const recordHead = <T extends RecordType>(type: T) => ({
  type: z.literal(type),
  key,
  id: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      'The row id this record had in the database it was exported from; an import keeps it when it is free, so restoring an export into an empty database gives every object its old global id.',
    ),
});

const recordSchemaOf = <T extends RecordType>(type: T) =>
  withRecordRules(type, z.object({ ...recordHead(type), ...fileFields[type] }).strict());

export const recordSchemas = {
  actor: recordSchemaOf('actor'),
  official: recordSchemaOf('official'),
  region: recordSchemaOf('region'),
  article: recordSchemaOf('article'),
  // A relation names an earlier claim: never the claim itself.
  claim: recordSchemaOf('claim').superRefine((claim, ctx) => {
    claim.relations.forEach((relation, i) => {
      if (relation.claim === claim.key)
        ctx.addIssue({ code: 'custom', path: ['relations', i, 'claim'], message: 'a claim cannot relate to itself' });
    });
  }),
  territoryChange: recordSchemaOf('territoryChange'),
};

/**
 * The fields of a record of `type` that are valid each on its own, parsed; the others are left
 * out. An invalid record's references can still be checked in these.
 */
export function fieldsValidAlone(type: RecordType, record: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(fileFields[type] as Record<string, z.ZodType>)) {
    const parsed = schema.safeParse((record as Record<string, unknown>)[name]);
    if (parsed.success) fields[name] = parsed.data;
  }
  return fields;
}

export const recordSchema = z.discriminatedUnion('type', [
  recordSchemas.actor,
  recordSchemas.official,
  recordSchemas.region,
  recordSchemas.article,
  recordSchemas.claim,
  recordSchemas.territoryChange,
]);

export const formatName = 'claimgraph-dataset';
export const formatVersion = 1;

/** What a file says about itself: the whole JSON form minus its records, or the first line of NDJSON. */
export const headerSchema = z
  .object({
    format: z.literal(formatName),
    version: z.literal(formatVersion),
    description: z.string().max(5000, 'must be at most 5000 characters').optional(),
  })
  .strict();

/** The JSON form: one object holding every record. */
export const datasetSchema = headerSchema.extend({ records: z.array(recordSchema) }).strict();

/** One line of the NDJSON form: the optional header on the first line, then one record a line. */
export const datasetLineSchema = z.union([headerSchema, recordSchema]);

export type DatasetRecord = z.infer<typeof recordSchema>;
export type DatasetRecordInput = z.input<typeof recordSchema>;
export type Dataset = z.infer<typeof datasetSchema>;
export type DatasetInput = z.input<typeof datasetSchema>;

/** A zod issue path as people read it: `quantities[0].high`. */
export function formatPath(path: readonly PropertyKey[]) {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
    '',
  );
}
