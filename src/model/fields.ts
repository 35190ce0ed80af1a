import { z } from 'zod';
import { metrics } from '../db/schema.ts';

/**
 * The value rules shared by every record type: text, dates, countries, URLs, periods and
 * quantities. A record type's own module (src/model/claim.ts, ...) builds its fields from these.
 */

export const recordTypes = ['actor', 'official', 'region', 'article', 'claim', 'territoryChange'] as const;
export type RecordType = (typeof recordTypes)[number];

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

export interface ResolvedRef {
  type: RecordType;
  id: number;
}

/**
 * Turns a reference into the row it names; `field` is where it sits in the record. Reports a
 * reference it cannot resolve itself and answers undefined.
 */
export type Resolve = (ref: string, field: string, types: readonly RecordType[]) => ResolvedRef | undefined;

/** Names a stored row as a reference: a file key on export, a global id in the API. */
export type ToRef = (type: RecordType, id: number) => string;
