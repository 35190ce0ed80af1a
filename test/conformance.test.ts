import { type AuditResult, auditServer } from 'graphql-http';
import { afterAll, describe, expect, it } from 'vitest';
import { type Config, readConfig } from '../src/config.ts';
import { createClaimgraph } from '../src/server/yoga.ts';
import { createTestServer } from './helpers.ts';

/**
 * The GraphQL-over-HTTP audits of the graphql-http package, run through the real Yoga instance
 * with the configuration a deployment uses. Every MUST passes; SHOULD and MAY audits that do not
 * pass are listed here with the reason (and in the README).
 */
describe('GraphQL over HTTP conformance (graphql-http audits)', () => {
  const server = createTestServer();
  afterAll(() => server.close());

  const audit = async (config: Config, headers: Record<string, string> = {}) => {
    const yoga = createClaimgraph({ db: server.db, config });
    const results = await auditServer({
      url: 'http://claimgraph.test/graphql',
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
        yoga.fetch(
          new Request(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...headers } }),
        ),
    });
    const failing = (status: AuditResult['status']) =>
      results.filter((r) => r.status === status).map((r) => `${r.id} ${r.name}`);
    return { results, errors: failing('error'), warnings: failing('warn'), notices: failing('notice') };
  };

  it('production defaults: every MUST and SHOULD passes; the MAYs on GET need the CSRF header', async () => {
    const { results, errors, warnings, notices } = await audit(readConfig({ NODE_ENV: 'production' }));
    expect(results.length).toBeGreaterThan(40);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    // A GET without a custom header is what a cross-site <img> or link sends: CSRF prevention refuses it (403).
    expect(notices).toEqual([
      '5A70 MAY accept application/x-www-form-urlencoded formatted GET requests',
      'D6D5 MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
      '6A70 MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
    ]);
  });

  it('production defaults, from a client that sends the CSRF header: every audit passes', async () => {
    const { results } = await audit(readConfig({ NODE_ENV: 'production' }), { 'x-graphql-yoga-csrf': '1' });
    expect(results.filter((r) => r.status !== 'ok')).toEqual([]);
  });

  it('with introspection turned off, only the audits that query __type fail', async () => {
    const { errors, warnings } = await audit(readConfig({ NODE_ENV: 'production', CLAIMGRAPH_INTROSPECTION: 'false' }));
    expect(errors).toEqual(['28B9 MUST allow map {variables} parameter when accepting application/json']);
    expect(warnings).toEqual([
      '2EA1 SHOULD allow map {variables} parameter when accepting application/graphql-response+json',
    ]);
  });
});
