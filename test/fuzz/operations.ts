import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
  };
}

export type Random = ReturnType<typeof random>;

export interface Operation {
  kind: 'query' | 'mutation';
  query: string;
  variables: Record<string, unknown>;
  /** Whether to send the write token (mutations only). */
  authorized: boolean;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');
const nodeTypes = ['Actor', 'Official', 'Region', 'Article', 'Claim', 'TerritoryChange', 'Quantity', 'Nope', ''];

/** Ids and cursors, well-formed and not: existing and absent rows, wrong types, bad base64, huge numbers. */
function idLike(rng: Random): string {
  return rng.pick([
    () => base64(`${rng.pick(nodeTypes)}:${rng.int(40) + 1}`),
    () =>
      base64(`${rng.pick(nodeTypes)}:${rng.pick(['0', '-1', '1.5', '99999999999999999999', 'abc', '', '1e3', ' 1'])}`),
    () => base64(rng.pick(['Claim', 'Claim:', ':1', 'Claim:1:2', '{}', 'null'])),
    () => rng.pick(['', '!!!', '====', 'Q2xhaW06MQ', 'Q2xhaW06MQ==='.repeat(3), '\u0000', '😀', 'x'.repeat(10_000)]),
    () => base64(`cursor:${rng.pick(['0', '-5', 'x', '1e400', '[1,2]'])}`),
    () => base64(JSON.stringify(rng.pick([[1, 2], { id: 1 }, 'a', null, [1e308]]))),
    () => 'A'.repeat(rng.pick([1, 41, 5_000])),
  ])();
}

const hostileStrings = [
  '',
  ' ',
  'Kursk',
  'a',
  "'; drop table claims; --",
  '" OR 1=1 --',
  '%',
  '_',
  '*',
  'NEAR(',
  '"unterminated',
  'AND OR NOT',
  '\u0000',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '😀🇺🇦',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\\',
  '{"a":1}',
  '2024-13-45',
  '2024-02-30',
  '2024-08-06',
  '2024-08-06T10:00:00Z',
  '9999-12-31',
  '0000-01-01',
  'UA',
  'ZZZ',
  'https://example.org/a',
  'javascript:alert(1)',
];

function stringValue(rng: Random): string {
  if (rng.chance(0.25)) return idLike(rng);
  if (rng.chance(0.05)) return rng.pick(hostileStrings).repeat(rng.pick([100, 2_000]));
  return rng.pick(hostileStrings);
}

const ints = [0, 1, -1, 2, 3, 10, 50, 100, 101, 1000, 2 ** 31 - 1, -(2 ** 31)];
const floats = [0, -0, 0.5, -1.5, 1e-300, 1e308, -1e308, 123456.789, 2 ** 53 + 1];

/** A value of the given input type: the right type, any content. */
export function valueOf(rng: Random, type: GraphQLInputType, depth = 0): unknown {
  if (!isNonNullType(type) && rng.chance(0.08)) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (depth > 3) return [];
    return Array.from({ length: rng.pick([0, 1, 1, 2, 3]) }, () => valueOf(rng, nullable.ofType, depth + 1));
  }
  if (isEnumType(nullable)) return rng.pick(nullable.getValues()).name;
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      if (isNonNullType(field.type) || (depth < 3 && rng.chance(0.5)))
        value[field.name] = valueOf(rng, field.type, depth + 1);
    }
    return value;
  }
  switch (nullable.name) {
    case 'Int':
      return rng.pick(ints);
    case 'Float':
      return rng.pick(floats);
    case 'Boolean':
      return rng.chance(0.5);
    case 'ID':
      return idLike(rng);
    case '_Any':
      return entityRepresentation(rng);
    default:
      return stringValue(rng);
  }
}

/** A federation `_Any`: a typename (right, wrong, missing) and an id (well-formed or not). */
function entityRepresentation(rng: Random) {
  const representation: Record<string, unknown> = {};
  if (rng.chance(0.85)) representation.__typename = rng.pick([...nodeTypes, 'Query', '__Schema', 5]);
  if (rng.chance(0.9)) representation.id = rng.chance(0.9) ? idLike(rng) : rng.pick([1, null, [], {}]);
  return representation;
}

/** GraphQL literal syntax for a JSON value of the given input type (enum values unquoted). */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null) return 'null';
  const nullable = getNullableType(type);
  if (isListType(nullable)) return `[${(value as unknown[]).map((item) => literal(item, nullable.ofType)).join(', ')}]`;
  if (isEnumType(nullable)) return String(value);
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([name, item]) => `${name}: ${literal(item, fields[name]!.type)}`).join(', ')}}`;
  }
  if (typeof value === 'object') {
    // _Any is a custom scalar: its object literal, fields unquoted.
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([name, item]) => `${name}: ${JSON.stringify(item)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** Builds random operations over the schema: valid selections, variables and arguments of the right types. */
export class OperationGenerator {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rng: Random,
  ) {}

  next(): Operation {
    const mutation = this.schema.getMutationType();
    const kind = mutation && this.rng.chance(0.25) ? 'mutation' : 'query';
    const root = kind === 'mutation' ? mutation! : this.schema.getQueryType()!;
    const variables: Record<string, unknown> = {};
    const definitions: string[] = [];
    const fields = Object.values(root.getFields());
    const selections = Array.from({ length: kind === 'mutation' ? 1 : this.rng.pick([1, 1, 2]) }, (_, i) => {
      const field = this.rng.pick(fields);
      return this.field(field, `f${i}`, variables, definitions, 0);
    });
    const header = definitions.length ? `(${definitions.join(', ')})` : '';
    return {
      kind,
      query: `${kind} Fuzz${header} { ${selections.join(' ')} }`,
      variables,
      authorized: this.rng.chance(0.7),
    };
  }

  private field(
    field: GraphQLField<unknown, unknown>,
    alias: string | undefined,
    variables: Record<string, unknown>,
    definitions: string[],
    depth: number,
  ): string {
    const args = field.args
      .filter((arg) => isNonNullType(arg.type) || this.rng.chance(0.4))
      .map((arg) => `${arg.name}: ${this.argument(arg, variables, definitions)}`);
    const argumentText = args.length ? `(${args.join(', ')})` : '';
    return `${alias ? `${alias}: ` : ''}${field.name}${argumentText}${this.selection(field.type, depth + 1, variables, definitions)}`;
  }

  private argument(arg: GraphQLArgument, variables: Record<string, unknown>, definitions: string[]): string {
    const value = valueOf(this.rng, arg.type);
    if (this.rng.chance(0.5)) return literal(value, arg.type);
    const name = `v${definitions.length}`;
    definitions.push(`$${name}: ${String(arg.type)}`);
    variables[name] = value;
    return `$${name}`;
  }

  private selection(type: GraphQLOutputType, depth: number, variables: Record<string, unknown>, definitions: string[]) {
    const named: GraphQLNamedType = getNamedType(type);
    if (isLeafType(named)) return '';
    if (isAbstractType(named)) {
      const possible = this.schema.getPossibleTypes(named);
      const chosen = possible.filter(() => this.rng.chance(0.5)).slice(0, 3);
      const fragments = chosen.map(
        (object) => `... on ${object.name}${this.objectSelection(object, depth, variables, definitions)}`,
      );
      return ` { __typename ${fragments.join(' ')} }`;
    }
    return this.objectSelection(named as GraphQLObjectType, depth, variables, definitions);
  }

  private objectSelection(
    object: GraphQLObjectType,
    depth: number,
    variables: Record<string, unknown>,
    definitions: string[],
  ): string {
    const fields = Object.values(object.getFields());
    // Deep enough: leaves only, so the selection ends.
    const candidates = depth >= 4 ? fields.filter((field) => isLeafType(getNamedType(field.type))) : fields;
    const count = Math.min(candidates.length, 1 + this.rng.int(4));
    const chosen = new Set(Array.from({ length: count }, () => this.rng.pick(candidates)));
    const parts = [...chosen].map((field) => this.field(field, undefined, variables, definitions, depth));
    return ` { __typename ${parts.join(' ')} }`;
  }
}
