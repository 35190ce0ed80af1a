import { builder } from '../builder.ts';

export interface PeriodShape {
  start: string | null;
  end: string | null;
  text: string | null;
}

/** A period stored as three nullable columns; null as a whole when none is set. */
export function periodOf(row: { periodStart: string | null; periodEnd: string | null; periodText: string | null }) {
  if (row.periodStart === null && row.periodEnd === null && row.periodText === null) return null;
  return { start: row.periodStart, end: row.periodEnd, text: row.periodText };
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
    text: t.exposeString('text', {
      nullable: true,
      description: "The source's wording: 'since August', 'within just three days'.",
    }),
  }),
});
