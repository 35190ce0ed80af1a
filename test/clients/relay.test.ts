import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  commitMutation,
  createOperationDescriptor,
  Environment,
  fetchQuery,
  type GraphQLResponse,
  Network,
  type OperationType,
  RecordSource,
  type RequestParameters,
  Store,
  type Variables,
} from 'relay-runtime';
import { describe, expect, it } from 'vitest';
import casualtyClaimsQuery, {
  type operationsCasualtyClaimsQuery,
} from './relay/__generated__/operationsCasualtyClaimsQuery.graphql.ts';
import claimsPageQuery, {
  type operationsClaimsPageQuery,
} from './relay/__generated__/operationsClaimsPageQuery.graphql.ts';
import createRegionMutation, {
  type operationsCreateRegionMutation,
} from './relay/__generated__/operationsCreateRegionMutation.graphql.ts';
import nodeByIdQuery, { type operationsNodeByIdQuery } from './relay/__generated__/operationsNodeByIdQuery.graphql.ts';
import { pageSize } from './operations.ts';
import { clientTestServerForFile, testWriteToken } from './server.ts';

const server = clientTestServerForFile();

/** A Relay network layer as Relay's docs write it: the operation text and variables, by POST or GET. */
function createEnvironment(method: 'POST' | 'GET', headers: Record<string, string> = {}) {
  const fetchFn = async (params: RequestParameters, variables: Variables): Promise<GraphQLResponse> => {
    const response =
      method === 'POST'
        ? await server.fetch(server.endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify({ query: params.text, variables }),
          })
        : await server.fetch(
            `${server.endpoint}?query=${encodeURIComponent(params.text!)}&variables=${encodeURIComponent(JSON.stringify(variables))}`,
            { headers },
          );
    return response.json();
  };
  return new Environment({ network: Network.create(fetchFn), store: new Store(new RecordSource()) });
}

const fetchOnce = <T extends OperationType>(
  environment: Environment,
  query: Parameters<typeof fetchQuery<T>>[1],
  variables: T['variables'],
) => fetchQuery<T>(environment, query, variables, { fetchPolicy: 'network-only' }).toPromise();

describe('Relay (relay-runtime with relay-compiler artifacts)', () => {
  // relay-compiler is a native program run to its end: beside the rest of the suite on two cores it has taken 30 s.
  it(
    'the committed artifacts are what relay-compiler makes of the operations and schema.graphql',
    { timeout: 90_000 },
    () => {
      const run = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.resolve('relay-compiler/cli.js')), '--validate', 'relay.config.json'],
        { cwd: fileURLToPath(new URL('./relay/', import.meta.url)), encoding: 'utf8' },
      );
      expect(
        run.status,
        `${run.stdout}${run.stderr}\nrun: cd test/clients/relay && npx relay-compiler relay.config.json`,
      ).toBe(0);
    },
  );

  for (const method of ['POST', 'GET'] as const)
    it(`pages through every claim by ${method}; the connection handler merges the pages in the store`, async () => {
      const environment = createEnvironment(method);
      server.requests.length = 0;
      let variables: operationsClaimsPageQuery['variables'] = { first: pageSize, after: null };
      for (let pages = 0; pages <= server.claimIds.length; pages++) {
        const page = await fetchOnce<operationsClaimsPageQuery>(environment, claimsPageQuery, variables);
        if (!page!.claims.pageInfo.hasNextPage) break;
        variables = { first: pageSize, after: page!.claims.pageInfo.endCursor };
      }
      // Read the first page's operation back from the store: @connection has appended every page to it.
      const operation = createOperationDescriptor(claimsPageQuery, { first: pageSize, after: null });
      const merged = environment.lookup(operation.fragment).data as operationsClaimsPageQuery['response'];
      expect(merged.claims.edges.map((edge) => edge.node.id)).toEqual(server.claimIds);
      expect(merged.claims.totalCount).toBe(server.claimIds.length);
      for (const request of server.requests) expect(request.split(' ')[0]).toBe(method);
    });

  it('reads a node by id and a filtered list', async () => {
    const environment = createEnvironment('GET');
    const node = await fetchOnce<operationsNodeByIdQuery>(environment, nodeByIdQuery, { id: server.claimIds[0]! });
    expect(node!.node).toMatchObject({ __typename: 'Claim', id: server.claimIds[0] });
    const filtered = await fetchOnce<operationsCasualtyClaimsQuery>(environment, casualtyClaimsQuery, {});
    expect(filtered!.claims.edges.map((edge) => edge.node.id)).toEqual(server.casualtyClaimIds);
  });

  it('commits a mutation with the write token, and the store has the new region', async () => {
    const environment = createEnvironment('POST', { authorization: `Bearer ${testWriteToken}` });
    const response = await new Promise<operationsCreateRegionMutation['response']>((resolve, reject) =>
      commitMutation<operationsCreateRegionMutation>(environment, {
        mutation: createRegionMutation,
        variables: { name: 'Belgorod Oblast (Relay)' },
        onCompleted: (data, errors) => (errors?.length ? reject(new Error(JSON.stringify(errors))) : resolve(data)),
        onError: reject,
      }),
    );
    expect(response.createRegion).toMatchObject({ __typename: 'CreateRegionSuccess', created: true });
    const id =
      response.createRegion.__typename === 'CreateRegionSuccess' ? (response.createRegion.region?.id ?? '') : '';
    expect(environment.getStore().getSource().get(id)).toMatchObject({ name: 'Belgorod Oblast (Relay)' });
  });
});
