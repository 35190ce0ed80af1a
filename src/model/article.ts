import { defineModel, instantColumn, reference, references } from './codec.ts';
import { httpUrl, instant, text } from './fields.ts';
import { z } from 'zod';

/** A published piece that carries claims. Stored in `articles`, its cited sources in `article_cited_sources`. */
export const articleModel = defineModel({
  type: 'article',
  fields: (ref) => ({
    title: text(500),
    url: httpUrl.optional(),
    outlet: ref('actor').optional(),
    publishedAt: instant.optional(),
    summary: text(5000).optional(),
    citedSources: z.array(ref('actor')).max(100, 'must hold at most 100 sources').default([]),
  }),
  codecs: {
    outlet: reference('outletId', 'actor'),
    publishedAt: instantColumn('publishedAt'),
    citedSources: references('citedSourceIds', 'actor'),
  },
});
