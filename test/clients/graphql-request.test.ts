import { ClientError, GraphQLClient } from 'graphql-request';
import { describe, expect, it } from 'vitest';
import * as operations from './operations.ts';
import { clientTestServerForFile, testWriteToken } from './server.ts';

const server = clientTestServerForFile();

describe('graphql-request, as shipped', () => {
  for (const method of ['POST', 'GET'] as const)
    it(`pages through every claim by ${method}, reads a node and a filtered list`, async () => {
      const client = new GraphQLClient(server.endpoint, { method, fetch: server.fetch });
      server.requests.length = 0;
      const ids: string[] = [];
      let after: string | null = null;
      let page: operations.ClaimsPageData;
      do {
        page = await client.request<operations.ClaimsPageData>(operations.ClaimsPage, {
          first: operations.pageSize,
          after,
        });
        ids.push(...page.claims.edges.map((edge) => edge.node.id));
        after = page.claims.pageInfo.endCursor;
      } while (page.claims.pageInfo.hasNextPage);
      expect(ids).toEqual(server.claimIds);

      const node = await client.request<operations.NodeByIdData>(operations.NodeById, { id: ids[1] });
      expect(node.node).toMatchObject({ __typename: 'Claim', id: ids[1] });
      const filtered = await client.request<operations.CasualtyClaimsData>(operations.CasualtyClaims);
      expect(filtered.claims.edges.map((edge) => edge.node.id)).toEqual(server.casualtyClaimIds);
      for (const request of server.requests) expect(request.split(' ')[0]).toBe(method);
    });

  it('creates with the write token; without it the error has a code', async () => {
    const client = new GraphQLClient(server.endpoint, { fetch: server.fetch });
    const created = await client.request<operations.CreateRegionData>(
      operations.CreateRegion,
      { name: 'Belgorod Oblast (graphql-request)' },
      { authorization: `Bearer ${testWriteToken}` },
    );
    expect(created.createRegion).toMatchObject({ __typename: 'CreateRegionSuccess', created: true });
    const refused = await client
      .request(operations.CreateRegion, { name: 'Refused Oblast' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ClientError);
    expect((refused as ClientError).response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a mutation by GET is refused (405) and a form POST without the CSRF header too (403), each with a code', async () => {
    const viaGet = await fetch(`${server.endpoint}?query=${encodeURIComponent('mutation { __typename }')}`, {
      headers: { authorization: `Bearer ${testWriteToken}` },
    });
    expect(viaGet.status).toBe(405);
    expect((await viaGet.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
    const form = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${testWriteToken}` },
      body: `query=${encodeURIComponent('mutation { __typename }')}`,
    });
    expect(form.status).toBe(403);
    expect((await form.json()).errors[0].extensions.code).toBe('CSRF_HEADER_MISSING');
  });
});
