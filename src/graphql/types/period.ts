import { builder } from '../builder.ts';

export interface PeriodShape {
  start: string | null;
  end: string | null;
  text: string | null;
  effectiveEnd: string | null;
}

/**
 * A period stored as three nullable columns; null as a whole when none is set. `openEnd` is the
 * day an open period ends at (the statement or publication date), when known.
 */
export function periodOf(
  row: { periodStart: string | null; periodEnd: string | null; periodText: string | null },
  openEnd: string | null = null,
): PeriodShape | null {
  if (row.periodStart === null && row.periodEnd === null && row.periodText === null) return null;
  return { start: row.periodStart, end: row.periodEnd, text: row.periodText, effectiveEnd: row.periodEnd ?? openEnd };
}

export const Period = builder.objectRef<PeriodShape>('Period').implement({
  shareable: true,
  description: 'When something happened, as precisely as the source says it.',
  fields: (t) => ({
    start: t.expose('start', { type: 'Date', nullable: true, description: 'First day, when known.' }),
    end: t.expose('end', {
      type: 'Date',
      nullable: true,
      description: 'Last day, when known; null while ongoing or unknown.',
    }),
    effectiveEnd: t.expose('effectiveEnd', {
      type: 'Date',
      nullable: true,
      description:
        "The last day the period covers: its end, else (for a claim) the last day of the statement date, else the article's publication day: 'since August' said in December ends in December, never in the future. Null when none is known.",
    }),
    text: t.exposeString('text', {
      nullable: true,
      description: "The source's wording: 'since August', 'within just three days'.",
    }),
  }),
});
