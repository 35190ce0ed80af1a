import type { DatasetInput } from '../src/dataset/format.ts';
import { syntheticRecords, syntheticShape } from '../bench/synthetic-file.ts';

/**
 * The import benchmark's synthetic dataset with five units, officials and provinces, so each of
 * them carries many claims: deterministic for a given size.
 */
export function syntheticDataset(claims: number): DatasetInput {
  const shape = { ...syntheticShape, units: 5, officials: 5, provinces: 5 };
  return { format: 'claimgraph-dataset', version: 1, records: [...syntheticRecords(claims, shape)] };
}
