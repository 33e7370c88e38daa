/** Turns V8's `JSON.parse` error ("… at position 123" / "line 4 column 7") into `line:column` of the text. */
export function jsonErrorLocation(text: string, error: unknown): { line: number; column: number; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  const detail = message.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+.*$/, '');
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]), detail };
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : text.length;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  // V8 words a cut-off document in many ways; what they share is an error at the very end of the text.
  const atEnd = /Unexpected end/.test(message) || offset >= text.trimEnd().length || (/Unterminated/.test(message) && text.indexOf('"', offset + 1) === -1);
  return { line, column: offset - lineStart + 1, detail: atEnd ? 'unexpected end of input (truncated file?)' : detail };
}
