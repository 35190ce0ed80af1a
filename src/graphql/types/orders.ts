import { sql } from 'drizzle-orm';
import { orEmpty, orderingsOf, periodDay } from '../ordering.ts';

/**
 * The orderings of each node type, shared by its root connection and every connection nested in
 * another type, so that one `orderBy` input means the same wherever a list of that type is paged.
 */

export const actorOrder = orderingsOf('Actor', { NAME: { description: 'The name.', column: 'name' } });

export const articleOrder = orderingsOf('Article', {
  PUBLISHED: {
    description: 'The publication time; articles without one come first in ascending order.',
    expression: (a) => orEmpty(a.publishedAt),
  },
  TITLE: { description: 'The title.', column: 'title' },
});

const byDate = {
  description: "When it happened: the period's start, else its end, else the article's publication day.",
  expression: periodDay,
};

export const claimOrder = orderingsOf('Claim', { DATE: byDate });

export const officialOrder = orderingsOf('Official', {
  NAME: {
    description: 'The label: the name, or for an unnamed source its description.',
    expression: (o) => sql`coalesce(${o.name}, ${o.description})`,
  },
});

export const regionOrder = orderingsOf('Region', { NAME: { description: 'The name.', column: 'name' } });

export const territoryChangeOrder = orderingsOf('TerritoryChange', { DATE: byDate });
