/**
 * Canonical form of a response's `data` for comparing targets: object keys sorted, and numbers
 * to 12 significant digits (SQLite's JSON writes doubles with 15, JavaScript with up to 17; a BM25
 * score must not count as a different answer for that). Array order is kept: it is part of the answer.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'number') return Number(value.toPrecision(12));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The path and both values of the first place two canonical values differ, or null when equal. */
export function firstDifference(expected: unknown, actual: unknown, path = 'data'): string | null {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return `${path}: ${expected.length} items expected, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object') {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of [...keys].sort()) {
      const d = firstDifference(
        (expected as Record<string, unknown>)[key],
        (actual as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (d) return d;
    }
    return null;
  }
  return Object.is(expected, actual) ? null : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

const show = (v: unknown) => {
  const text = JSON.stringify(v);
  return text === undefined ? 'nothing' : text.length > 120 ? `${text.slice(0, 120)}…` : text;
};

export interface Verdict {
  ok: boolean;
  problem?: string;
}

/**
 * Whether a target's response body answers as the reference did: valid JSON, no `errors`, and the
 * same canonical `data`.
 */
export function judge(reference: unknown, body: string, status: number): Verdict {
  let parsed: { data?: unknown; errors?: unknown[] };
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, problem: `HTTP ${status}, not JSON: ${body.slice(0, 200)}` };
  }
  if (status !== 200) return { ok: false, problem: `HTTP ${status}: ${body.slice(0, 300)}` };
  if (parsed.errors) return { ok: false, problem: `errors: ${JSON.stringify(parsed.errors).slice(0, 300)}` };
  if (parsed.data === undefined || parsed.data === null) return { ok: false, problem: 'no data' };
  const difference = firstDifference(canonical(reference), canonical(parsed.data));
  return difference ? { ok: false, problem: `differs from the floor at ${difference}` } : { ok: true };
}
