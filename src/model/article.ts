import { defineModel, instantColumn, reference, references } from './codec.ts';
import { httpUrl, instant, partialDate, text } from './fields.ts';
import { z } from 'zod';

/** A published piece that carries claims. Stored in `articles`, its cited sources in `article_cited_sources`. */
export const articleModel = defineModel({
  type: 'article',
  fields: (ref) => ({
    title: text(500),
    url: httpUrl.optional(),
    outlet: ref('actor').optional(),
    publishedAt: instant.optional(),
    publishedOn: partialDate
      .optional()
      .describe('The publication date when only the day, month or year is known (YYYY, YYYY-MM, YYYY-MM-DD).'),
    summary: text(5000).optional(),
    citedSources: z.array(ref('actor')).max(100, 'must hold at most 100 sources').default([]),
  }),
  codecs: {
    outlet: reference('outletId', 'actor'),
    publishedAt: instantColumn('publishedAt'),
    citedSources: references('citedSourceIds', 'actor'),
  },
});

/** The rule across an article's dates: a known day, month or year agrees with the publication instant. */
export function articleIssues(a: { publishedAt?: string | null; publishedOn?: string | null }) {
  if (!a.publishedAt || !a.publishedOn || Number.isNaN(Date.parse(a.publishedAt))) return [];
  const day = new Date(a.publishedAt).toISOString().slice(0, 10);
  return day.startsWith(a.publishedOn)
    ? []
    : [{ path: ['publishedOn'], message: `does not agree with publishedAt (${day})` }];
}
