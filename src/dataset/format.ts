import { z } from 'zod';
import { actorKinds, attributions, claimKinds, metrics, regionKinds } from '../db/schema.ts';

/**
 * The claimgraph dataset format, the one source of truth for what a valid actor, official,
 * region, article, claim or territory change is. A dataset file holds records, each with a
 * `type` and a `key` of the file's own choosing; a record refers to earlier records by key, so
 * a file can be read front to back. The GraphQL mutations validate their inputs with the same
 * field schemas (`recordFields`), with global ids where a file has keys.
 */

export const recordTypes = ['actor', 'official', 'region', 'article', 'claim', 'territoryChange'] as const;
export type RecordType = (typeof recordTypes)[number];

export const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'must be 1-100 characters of a-z, 0-9, ".", "_" or "-"')
  .describe("The record's key, unique in its file; other records refer to it by this key.");
export const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
export const isoDate = z.iso.date({ message: 'must be a calendar date, YYYY-MM-DD' });
export const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant' });
export const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as UA');
export const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000, 'must be at most 2000 characters');

export const periodSchema = z
  .object({
    start: isoDate.optional().describe('First day, YYYY-MM-DD.'),
    end: isoDate.optional().describe('Last day, YYYY-MM-DD.'),
    text: text(200).optional().describe("The source's wording: 'since August'."),
  })
  .strict()
  .refine((p) => p.start !== undefined || p.end !== undefined || p.text !== undefined, {
    message: 'a period needs a start, an end or a text',
  })
  .refine((p) => !p.start || !p.end || p.start <= p.end, { message: 'start must not be after end', path: ['end'] });

export const quantitySchema = z
  .object({
    metric: z.enum(metrics),
    unit: text(200).optional(),
    best: z.number().finite().optional(),
    low: z.number().finite().optional(),
    high: z.number().finite().optional(),
    approximate: z.boolean().default(false),
    phrase: text(200).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    // Plain comparisons rather than nested schemas: this runs for every quantity of every import.
    for (const field of ['best', 'low', 'high'] as const) {
      const value = q[field];
      if (value === undefined) continue;
      if (q.metric !== 'OTHER' && value < 0)
        ctx.addIssue({ code: 'custom', path: [field], message: `a ${q.metric} count must not be negative` });
      if (q.metric === 'SHARE' && value > 1)
        ctx.addIssue({ code: 'custom', path: [field], message: 'a SHARE is a fraction in [0, 1]' });
    }
    if (q.low !== undefined && q.high !== undefined && q.low > q.high)
      ctx.addIssue({ code: 'custom', path: ['high'], message: 'high must not be below low' });
    if (q.best !== undefined && ((q.low ?? q.best) > q.best || (q.high ?? q.best) < q.best))
      ctx.addIssue({ code: 'custom', path: ['best'], message: 'best must lie within [low, high]' });
    if (q.best === undefined && q.low === undefined && q.high === undefined && q.phrase === undefined)
      ctx.addIssue({ code: 'custom', message: 'a quantity needs a number or the phrase the source used' });
  });

export const amountSchema = quantitySchema.refine((q) => q.metric === 'AREA_KM2' || q.metric === 'SHARE', {
  message: 'an amount is an AREA_KM2 or a SHARE',
  path: ['metric'],
});

/** Builds the schema of a reference to a record of one of `types`: a key in a file, a global id in the API. */
export type RefSchema = (...types: RecordType[]) => z.ZodType<string, string>;

/**
 * The fields of each record type, with references made by `ref`. Records and mutation inputs are
 * these objects; the cross-field rules that need the whole object are in `recordRules`.
 */
export function recordFields(ref: RefSchema) {
  const role = z
    .object({
      title: text(200),
      actor: ref('actor'),
      since: isoDate.optional(),
      until: isoDate.optional(),
    })
    .strict()
    .refine((r) => !r.since || !r.until || r.since <= r.until, {
      message: 'since must not be after until',
      path: ['until'],
    });
  return {
    actor: {
      name: text(200),
      kind: z.enum(actorKinds),
      country: country.optional(),
      description: text(1000).optional(),
      parent: ref('actor').optional(),
    },
    official: {
      name: text(200).optional().describe('Left out for an unnamed source.'),
      description: text(500),
      roles: z.array(role).max(100, 'must hold at most 100 roles').default([]),
    },
    region: {
      name: text(200),
      kind: z.enum(regionKinds),
      country: country.optional(),
      parent: ref('region').optional(),
    },
    article: {
      title: text(500),
      url: httpUrl.optional(),
      outlet: ref('actor').optional(),
      publishedAt: instant.optional(),
      summary: text(5000).optional(),
      citedSources: z.array(ref('actor')).max(100, 'must hold at most 100 sources').default([]),
    },
    claim: {
      article: ref('article'),
      statement: text(5000),
      kind: z.enum(claimKinds),
      attribution: z.enum(attributions),
      claimant: ref('actor', 'official').optional(),
      subjects: z.array(ref('actor')).max(100, 'must hold at most 100 subjects').default([]),
      region: ref('region').optional(),
      period: periodSchema.optional(),
      quantities: z.array(quantitySchema).max(100, 'must hold at most 100 quantities').default([]),
    },
    territoryChange: {
      region: ref('region'),
      gainedBy: ref('actor').optional(),
      lostBy: ref('actor').optional(),
      claim: ref('claim').optional(),
      article: ref('article').optional(),
      period: periodSchema.optional(),
      amount: z.array(amountSchema).max(10, 'must hold at most 10 amounts').default([]),
    },
  } satisfies Record<RecordType, z.ZodRawShape>;
}

/** Rules across the fields of one record, applied to records and mutation inputs alike. */
export const recordRules = {
  territoryChange: <S extends z.ZodType<{ gainedBy?: string | null; lostBy?: string | null }>>(schema: S): S =>
    schema.refine((t) => !t.gainedBy || t.gainedBy !== t.lostBy, {
      message: 'gainedBy and lostBy must differ',
      path: ['lostBy'],
    }),
};

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

export const recordSchemas = {
  actor: z.object({ ...recordHead('actor'), ...fileFields.actor }).strict(),
  official: z.object({ ...recordHead('official'), ...fileFields.official }).strict(),
  region: z.object({ ...recordHead('region'), ...fileFields.region }).strict(),
  article: z.object({ ...recordHead('article'), ...fileFields.article }).strict(),
  claim: z.object({ ...recordHead('claim'), ...fileFields.claim }).strict(),
  territoryChange: recordRules.territoryChange(
    z.object({ ...recordHead('territoryChange'), ...fileFields.territoryChange }).strict(),
  ),
};

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
export type QuantityInput = z.infer<typeof quantitySchema>;
export type PeriodInput = z.infer<typeof periodSchema>;

/** A zod issue path as people read it: `quantities[0].high`. */
export function formatPath(path: readonly PropertyKey[]) {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
    '',
  );
}
