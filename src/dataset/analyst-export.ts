import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import type { Db } from '../db/client.ts';
import { claimReviewPieces } from './claim-review.ts';
import { csvLines } from './csv-export.ts';
import { geojsonPieces } from './geojson-export.ts';

/**
 * The exports in formats other tools read (CSV, GeoJSON, schema.org JSON-LD), beside the dataset format (export.ts), which
 * only claimgraph reads back. Each is a stream of text pieces, each piece one row or item.
 */

export const analystFormats = ['csv-conservative', 'csv-range', 'geojson', 'claimreview'] as const;
export type AnalystFormat = (typeof analystFormats)[number];

/** What one item of each format is, for the line the CLI prints when done. */
export const itemNames: Record<AnalystFormat, string> = {
  'csv-conservative': 'figures',
  'csv-range': 'figures',
  geojson: 'features',
  claimreview: 'claim reviews',
};

export const isAnalystFormat = (format: string): format is AnalystFormat =>
  (analystFormats as readonly string[]).includes(format);

/** The pieces of an export and how many of them frame the items (a header, an opening and closing). */
function piecesOf(sqlite: Database.Database, format: AnalystFormat): { pieces: Iterable<string>; framing: number } {
  switch (format) {
    case 'csv-conservative':
      return { pieces: csvLines(sqlite, 'conservative'), framing: 1 };
    case 'csv-range':
      return { pieces: csvLines(sqlite, 'range'), framing: 1 };
    case 'geojson':
      return { pieces: geojsonPieces(sqlite), framing: 2 };
    case 'claimreview':
      return { pieces: claimReviewPieces(sqlite), framing: 2 };
  }
}

/**
 * Writes one analyst format to `out` in one read transaction (a consistent snapshot even while a
 * server writes); answers how many items (rows, features, reviews) it wrote.
 */
export async function exportForAnalysts(db: Db | Database.Database, out: Writable, format: AnalystFormat) {
  const sqlite = '$client' in db ? db.$client : db;
  let pieces = 0;
  sqlite.exec('begin');
  try {
    const { pieces: text, framing } = piecesOf(sqlite, format);
    for (const piece of text) {
      if (!out.write(piece)) await once(out, 'drain');
      pieces++;
    }
    return pieces - framing;
  } finally {
    sqlite.exec('commit');
  }
}
