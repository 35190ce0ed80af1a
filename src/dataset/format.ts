import { z } from 'zod';
import { actorKinds, attributions, claimKinds, metrics, regionKinds } from '../db/schema.ts';

/**
 * The claimgraph dataset format: a list of records, each with a `type` and a `key` of the
 * file's own choosing. A record refers to others by key, and only to records before it,
 * so a file can be read front to back.
 */

const key = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'must be 1-100 characters of a-z, 0-9, ".", "_" or "-"');
const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const isoDate = z.iso.date({ message: 'must be a calendar date, YYYY-MM-DD' });
const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as UA');

export const periodSchema = z
  .object({
    start: isoDate.optional(),
    end: isoDate.optional(),
    text: text(200).optional(),
  })
  .strict()
  .refine((p) => p.start !== undefined || p.end !== undefined || p.text !== undefined, {
    message: 'a period needs a start, an end or a text',
  })
  .refine((p) => !p.start || !p.end || p.start <= p.end, { message: 'start must not be after end', path: ['end'] });

const nonNegative = z.number().finite().nonnegative('must not be negative');

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
    const values = { best: q.best, low: q.low, high: q.high };
    for (const [field, value] of Object.entries(values)) {
      if (value === undefined) continue;
      if (q.metric !== 'OTHER' && !nonNegative.safeParse(value).success)
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

const actorRecord = z
  .object({
    type: z.literal('actor'),
    key,
    name: text(200),
    kind: z.enum(actorKinds),
    country: country.optional(),
    description: text(1000).optional(),
    parent: key.optional(),
  })
  .strict();

const roleSchema = z
  .object({
    title: text(200),
    actor: key,
    since: isoDate.optional(),
    until: isoDate.optional(),
  })
  .strict()
  .refine((r) => !r.since || !r.until || r.since <= r.until, {
    message: 'since must not be after until',
    path: ['until'],
  });

const officialRecord = z
  .object({
    type: z.literal('official'),
    key,
    name: text(200).optional(),
    description: text(500),
    roles: z.array(roleSchema).default([]),
  })
  .strict();

const regionRecord = z
  .object({
    type: z.literal('region'),
    key,
    name: text(200),
    kind: z.enum(regionKinds),
    country: country.optional(),
    parent: key.optional(),
  })
  .strict();

const articleRecord = z
  .object({
    type: z.literal('article'),
    key,
    title: text(500),
    url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    outlet: key.optional(),
    publishedAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant' }).optional(),
    summary: text(5000).optional(),
    citedSources: z.array(key).default([]),
  })
  .strict();

const claimRecord = z
  .object({
    type: z.literal('claim'),
    key,
    article: key,
    statement: text(5000),
    kind: z.enum(claimKinds),
    attribution: z.enum(attributions),
    claimant: key.optional(),
    subjects: z.array(key).default([]),
    region: key.optional(),
    period: periodSchema.optional(),
    quantities: z.array(quantitySchema).default([]),
  })
  .strict();

const territoryChangeRecord = z
  .object({
    type: z.literal('territoryChange'),
    key,
    region: key,
    gainedBy: key.optional(),
    lostBy: key.optional(),
    claim: key.optional(),
    article: key.optional(),
    period: periodSchema.optional(),
    amount: z
      .array(
        quantitySchema.refine((q) => q.metric === 'AREA_KM2' || q.metric === 'SHARE', {
          message: 'an amount is an AREA_KM2 or a SHARE',
          path: ['metric'],
        }),
      )
      .default([]),
  })
  .strict()
  .refine((t) => !t.gainedBy || t.gainedBy !== t.lostBy, {
    message: 'gainedBy and lostBy must differ',
    path: ['lostBy'],
  });

export const recordSchema = z.discriminatedUnion('type', [
  actorRecord,
  officialRecord,
  regionRecord,
  articleRecord,
  claimRecord,
  territoryChangeRecord,
]);

export const datasetSchema = z
  .object({
    format: z.literal('claimgraph-dataset'),
    version: z.literal(1),
    description: z.string().optional(),
    records: z.array(recordSchema),
  })
  .strict();

export type DatasetRecord = z.infer<typeof recordSchema>;
export type Dataset = z.infer<typeof datasetSchema>;
export type QuantityInput = z.infer<typeof quantitySchema>;
export type PeriodInput = z.infer<typeof periodSchema>;
