import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer } from './helpers.ts';

/** Every error message of an answer, each checked for a code and for no long run of the input. */
function expectBoundedErrors(
  body: { errors?: { message: string; extensions?: Record<string, unknown> }[] },
  input: string,
) {
  expect(body.errors?.length).toBeGreaterThan(0);
  for (const error of body.errors!) {
    expect(error.extensions?.code).toEqual(expect.any(String));
    expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).not.toContain(input.slice(0, 41));
    expect(error.message.length).toBeLessThan(300);
  }
}

describe('errors quote at most a short prefix of what the client sent', () => {
  const server = createTestServer();
  afterAll(() => server.close());
  const cursor = 'c'.repeat(5_000);
  const id = 'Q'.repeat(10_000);

  it.each([
    ['a 5,000-character cursor on a connection', '{ claims(after: $v) { totalCount } }', 'String', cursor],
    ['a 5,000-character cursor on search', '{ search(query: "kursk", after: $v) { totalCount } }', 'String', cursor],
    ['a 10,000-character id to node', '{ node(id: $v) { id } }', 'ID!', id],
    ['a 10,000-character id to nodes', '{ nodes(ids: [$v]) { id } }', 'ID!', id],
    ['a 10,000-character id in a filter', '{ claims(filter: { articleId: $v }) { totalCount } }', 'ID', id],
    ['a 10,000-character date', '{ claims(filter: { from: $v }) { totalCount } }', 'Date', id],
  ])('%s', async (_name, selection, type, value) => {
    const body = await server.query(`query Echo($v: ${type}) ${selection}`, { v: value });
    expectBoundedErrors(body, value);
  });

  it('quotes the first 40 characters of a cursor, with an ellipsis', async () => {
    const body = await server.query('query Echo($v: String) { search(query: "kursk", after: $v) { totalCount } }', {
      v: cursor,
    });
    expect(body.errors?.[0]?.message).toBe(`"after" is not a cursor from this search: "${'c'.repeat(40)}…"`);
  });

  it('cuts a long value inside a library message, as inline literals too', async () => {
    const body = await server.query(`{ node(id: "${id}") { id } }`);
    expectBoundedErrors(body, id);
    expect(body.errors?.[0]?.message).toContain(`${'Q'.repeat(40)}…`);
  });
});
