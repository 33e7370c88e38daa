/** Turns V8's `JSON.parse` error ("… at position 123" / "line 4 column 7") into `line:column` of the text. */
export function jsonErrorLocation(text: string, error: unknown): { line: number; column: number; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  const detail = message.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+.*$/, '');
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]), detail };
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : (offsetFromSnippet(text, message) ?? text.length);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  // V8 words a cut-off document in many ways; what they share is an error at the very end of the text.
  const atEnd = /Unexpected end/.test(message) || (offset >= text.trimEnd().length && !/Unexpected token/.test(message)) || (/Unterminated/.test(message) && text.indexOf('"', offset + 1) === -1);
  return { line, column: offset - lineStart + 1, detail: atEnd ? 'unexpected end of input (truncated file?)' : detail };
}

/**
 * Some V8 messages carry no position, only the offending token and a snippet of
 * the text around it (`Unexpected token 'x', "{"a": x}" is not valid JSON`):
 * find the snippet in the text to place the token.
 */
function offsetFromSnippet(text: string, message: string): number | undefined {
  const m = /Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
  if (!m) return undefined;
  const [, token, cut, snippet] = m as unknown as [string, string, string | undefined, string];
  const at = text.indexOf(snippet);
  // A cut snippet starts ten characters before the token (V8's context width); a whole one is the text itself.
  const within = cut ? 10 : snippet.indexOf(token);
  return at === -1 || within === -1 || snippet[within] !== token ? undefined : at + within;
}
