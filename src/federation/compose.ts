import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';

export interface SubgraphService {
  /** The subgraph's name in the supergraph (`join__Graph`), e.g. `claimgraph`. */
  name: string;
  /** Where the gateway sends this subgraph's operations. */
  url: string;
  /** The subgraph's SDL; fetched from `url` through `_service { sdl }` when not given. */
  sdl?: string;
}

/** A subgraph's own SDL, with its federation directives, as it serves it. */
export async function fetchSubgraphSdl(url: string, timeoutMs = 10_000): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json().catch(() => null)) as {
    data?: { _service?: { sdl?: string } };
    errors?: { message: string }[];
  } | null;
  const sdl = body?.data?._service?.sdl;
  if (!response.ok || !sdl) {
    const reason = body?.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`;
    throw new Error(`${url} did not answer _service { sdl }: ${reason}`);
  }
  return sdl;
}

/**
 * The supergraph SDL a gateway serves (`hive-gateway supergraph <file>`), composed by the Guild's
 * open-source composition (same rules and messages as Apollo's). Throws with every composition
 * error when the subgraphs do not fit together.
 */
export async function composeSupergraph(services: readonly SubgraphService[]): Promise<string> {
  const definitions = await Promise.all(
    services.map(async ({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl ?? (await fetchSubgraphSdl(url))) })),
  );
  const result = composeServices(definitions);
  if (compositionHasErrors(result)) {
    throw new Error(`the subgraphs do not compose:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
