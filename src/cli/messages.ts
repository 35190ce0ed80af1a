/** Plain-language versions of the messages Node's parseArgs and the streaming JSON parser produce. */

/** What parseArgs' error codes mean for someone typing a claimgraph command. */
export function plainArgumentError(error: { code?: string; message: string }): string | undefined {
  const option = /'(-{1,2}[\w-]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `there is no option ${option ?? ''}`.trimEnd();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message)
        ? `${option ?? 'an option'} needs a value after it`
        : `${option ?? 'an option'} takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? ''}`.trimEnd();
    default:
      return undefined;
  }
}

const tokenNames: Record<string, string> = {
  LEFT_BRACE: '"{"',
  RIGHT_BRACE: '"}"',
  LEFT_BRACKET: '"["',
  RIGHT_BRACKET: '"]"',
  COLON: '":"',
  COMMA: '","',
  STRING: 'a string',
  NUMBER: 'a number',
  TRUE: 'true',
  FALSE: 'false',
  NULL: 'null',
};
const expectations: Record<string, string> = {
  VALUE: 'a value was expected (a string, number, object, array, true, false or null)',
  KEY: 'a field name in double quotes was expected',
  COLON: 'a ":" was expected after the field name',
  COMMA: 'a "," or the end of the object or array was expected',
  ENDED: 'the JSON text had already ended',
  SEPARATOR: 'only a line break was expected between two JSON texts',
};

/** Where the tokenizer was, by the prefix of its state's name. */
const tokenizerPlaces: [RegExp, string][] = [
  [/^STRING/, 'inside a string'],
  [/^NUMBER/, 'inside a number'],
  [/^(TRUE|FALSE|NULL)/, 'inside true, false or null'],
  [/^(START|BOM)/, 'where a value was expected'],
  [/^ENDED/, 'after the JSON text had ended'],
  [/^SEPARATOR/, 'where only a line break was expected'],
];

/**
 * "Unexpected RIGHT_BRACE ("}") in state VALUE" (the parser's states) becomes
 * 'found "}" where a value was expected (...)'; other text is left as it is.
 */
export function plainJsonError(message: string): string {
  return message
    .replace(
      /Unexpected "(.*?)" at chunk position "\d+" \(absolute position "(\d+)"\) in state (\w+)/s,
      (whole, character: string, position: string, state: string) => {
        const place = tokenizerPlaces.find(([prefix]) => prefix.test(state))?.[1];
        return `unexpected character ${JSON.stringify(character)} at byte ${position}${place ? `, ${place}` : ''}`;
      },
    )
    .replace(/Unexpected (\w+) \((".*?")\) in state (\w+)/, (whole, token: string, text: string, state: string) => {
      const found = tokenNames[token]
        ? `${tokenNames[token]}${token in { STRING: 1, NUMBER: 1 } ? ` ${text}` : ''}`
        : text;
      const expected = expectations[state];
      return expected ? `found ${found}, but ${expected}` : whole;
    });
}
