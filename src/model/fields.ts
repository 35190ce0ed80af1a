import { z } from 'zod';
import { derivations, measures, metrics, modalities, numberShapes, ratePeriods } from '../db/schema.ts';

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
/** A date known to the year, month or day ("2024", "2024-12", "2024-12-19"): no invented precision. */
export const partialDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((d) => d.length < 10 || z.iso.date().safeParse(d).success, { message: 'must be a calendar date' });
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

/** The fields of a quantity; `ref` makes the references of a derived figure to the claims it derives from. */
export const quantityFields = (ref: RefSchema) => ({
  metric: z.enum(metrics),
  unit: text(200).optional(),
  best: z.number().finite().optional(),
  low: z.number().finite().optional(),
  high: z.number().finite().optional(),
  approximate: z.boolean().default(false),
  phrase: text(200).optional(),
  shape: z
    .enum(numberShapes)
    .optional()
    .describe('How the number is worded; inferred from the numbers when left out (see numberConventions).'),
  per: z.enum(ratePeriods).optional().describe("A rate: the figure is per day, week, month or year ('30 m a day')."),
  measure: z.enum(measures).default('CHANGE').describe('A change over the period, or what is held at a time.'),
  modality: z.enum(modalities).default('REPORTED').describe('What happened, or what is planned or projected.'),
  derivation: z
    .enum(derivations)
    .optional()
    .describe('A figure computed from others: its numbers are computed on write and must be left out.'),
  factor: z
    .number()
    .finite()
    .positive('must be positive')
    .optional()
    .describe("For a RELATIVE figure: the multiple of its source ('half of' is 0.5, 'doubled' is 2)."),
  derivedFrom: z
    .array(
      z
        .object({
          claim: ref('claim'),
          index: z
            .number()
            .int()
            .min(0, 'must be 0 or more')
            .describe("Position of the quantity in that claim's list."),
        })
        .strict(),
    )
    .max(10, 'must hold at most 10 sources')
    .optional()
    .describe('The figures this one is computed from, in order (a DIFFERENCE is the first minus the second).'),
});

type QuantityValues = z.output<z.ZodObject<ReturnType<typeof quantityFields>>>;
type Issue = { path: string[]; message: string };

/** Which numbers each shape needs ('n' the point value, 'low'/'high' the bounds) and forbids. */
const shapeNumbers: Record<string, { needs: ('best' | 'low' | 'high')[]; forbids: ('best' | 'low' | 'high')[] }> = {
  EXACT: { needs: ['best'], forbids: [] },
  ABOUT: { needs: ['best'], forbids: [] },
  APPROACHING: { needs: ['best'], forbids: [] },
  RANGE: { needs: ['low', 'high'], forbids: [] },
  AT_LEAST: { needs: ['low'], forbids: ['high'] },
  MORE_THAN: { needs: ['low'], forbids: ['high'] },
  AT_MOST: { needs: ['high'], forbids: ['low'] },
  LESS_THAN: { needs: ['high'], forbids: ['low'] },
  WORDS: { needs: [], forbids: [] },
};

/** The shape the numbers given have, for a quantity that does not say (as the migration inferred it). */
export function inferredShape(q: {
  best?: number | null;
  low?: number | null;
  high?: number | null;
  approximate?: boolean;
}) {
  const has = (v: number | null | undefined) => v !== undefined && v !== null;
  if (has(q.low) && has(q.high) && (q.low! < q.high! || !has(q.best))) return 'RANGE' as const;
  if (!has(q.best) && has(q.low) && !has(q.high)) return 'AT_LEAST' as const;
  if (!has(q.best) && !has(q.low) && has(q.high)) return 'AT_MOST' as const;
  if (!has(q.best) && !has(q.low) && !has(q.high)) return 'WORDS' as const;
  return q.approximate ? ('ABOUT' as const) : ('EXACT' as const);
}

/** The rules across a quantity's fields. Plain comparisons: this runs for every quantity of every import. */
export function quantityIssues(q: QuantityValues): Issue[] {
  const issues: Issue[] = [];
  const issue = (path: string[], message: string) => issues.push({ path, message });
  const numbers = ['best', 'low', 'high'] as const;
  const differenceMayBeNegative = q.derivation === 'DIFFERENCE';
  for (const field of numbers) {
    const value = q[field];
    if (value === undefined) continue;
    if (q.metric !== 'OTHER' && value < 0 && !differenceMayBeNegative)
      issue([field], `a ${q.metric} count must not be negative`);
    if (q.metric === 'SHARE' && value > 1) issue([field], 'a SHARE is a fraction in [0, 1]');
  }
  if (q.low !== undefined && q.high !== undefined && q.low > q.high) issue(['high'], 'high must not be below low');
  if (q.best !== undefined && ((q.low ?? q.best) > q.best || (q.high ?? q.best) < q.best))
    issue(['best'], 'best must lie within [low, high]');
  if (q.derivation !== undefined) {
    for (const field of numbers)
      if (q[field] !== undefined)
        issue([field], `is computed from derivedFrom for a ${q.derivation} figure: leave it out`);
    const sources = q.derivedFrom?.length ?? 0;
    const wanted = { RELATIVE: [1, 1] as const, DIFFERENCE: [2, 2] as const, SUM: [2, 10] as const }[q.derivation];
    if (sources < wanted[0] || sources > wanted[1])
      issue(
        ['derivedFrom'],
        `a ${q.derivation} figure needs ${wanted[0] === wanted[1] ? wanted[0] : `${wanted[0]} to ${wanted[1]}`} source${wanted[1] === 1 ? '' : 's'}, got ${sources}`,
      );
    if ((q.derivation === 'RELATIVE') !== (q.factor !== undefined))
      issue(
        ['factor'],
        q.derivation === 'RELATIVE' ? 'a RELATIVE figure needs a factor' : 'only a RELATIVE figure has a factor',
      );
    return issues;
  }
  if (q.derivedFrom !== undefined)
    issue(['derivation'], 'derivedFrom needs a derivation (RELATIVE, SUM or DIFFERENCE)');
  if (q.factor !== undefined) issue(['factor'], 'only a RELATIVE figure has a factor');
  if (q.best === undefined && q.low === undefined && q.high === undefined && q.phrase === undefined)
    issue([], 'a quantity needs a number or the phrase the source used');
  if (q.shape !== undefined) {
    const { needs, forbids } = shapeNumbers[q.shape]!;
    for (const field of needs) if (q[field] === undefined) issue([field], `a ${q.shape} figure needs ${field}`);
    for (const field of forbids) if (q[field] !== undefined) issue([field], `a ${q.shape} figure has no ${field}`);
    if (q.shape === 'WORDS' && q.phrase === undefined) issue(['phrase'], 'a WORDS figure needs the phrase');
  }
  return issues;
}

export const quantitySchemaWith = (ref: RefSchema) =>
  z
    .object(quantityFields(ref))
    .strict()
    .superRefine((q, ctx) => {
      for (const { path, message } of quantityIssues(q)) ctx.addIssue({ code: 'custom', path, message });
    });

export const quantitySchema = quantitySchemaWith(() => z.string());

export const amountSchemaWith = (ref: RefSchema) =>
  quantitySchemaWith(ref).refine((q) => q.metric === 'AREA_KM2' || q.metric === 'SHARE', {
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
