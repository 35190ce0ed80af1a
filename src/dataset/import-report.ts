/** What an import is asked to do, and what it says back: its counts and the problems it found. */

/** One thing wrong with one record (or with the file, line 0 meaning the file as a whole). */
export interface Problem {
  line: number;
  key?: string;
  /** Where in the record, as `quantities[0].high`; empty for the record as a whole. */
  field: string;
  message: string;
}

export interface Rejection extends Pick<Problem, 'line' | 'key'> {
  problems: Problem[];
  record: unknown;
}

export interface ImportCounts {
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportSummary extends ImportCounts {
  /** Whether the valid records were committed (always, with continueOnError; only when all were valid, without). */
  committed: boolean;
  /** The problems found, at most `maxProblems` of them; `problemCount` counts them all. */
  problems: Problem[];
  problemCount: number;
}

export interface ImportOptions {
  /** Commit the valid records and reject the others, instead of rolling back on the first problem. */
  continueOnError?: boolean;
  /** Empty every table first, in the same transaction (npm run db:seed). */
  replace?: boolean;
  /** Sees each rejected record as soon as it is rejected (for the rejects file). */
  onRejected?: (rejection: Rejection) => void;
  /** How many problems the summary keeps in memory (all are counted and passed to onRejected). */
  maxProblems?: number;
}
