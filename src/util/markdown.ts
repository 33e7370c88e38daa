/**
 * Markdown text from untrusted input (resource names, messages, custom-rule
 * text): every ASCII punctuation character CommonMark gives a meaning to is
 * backslash-escaped, so a name cannot open a link, an image, raw HTML, code or
 * emphasis, or end a table cell; line breaks and other control characters
 * become spaces, so one value stays on its line.
 */
// Every ASCII punctuation character: CommonMark allows a backslash before each.
const MARKDOWN_PUNCTUATION = /[!-/:-@[-`{-~]/g;
// C0 and C1 controls, and the Unicode line and paragraph separators.
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** `text` as literal Markdown inline text. */
export function escapeMarkdown(text: string): string {
  return text.replace(BREAKS, ' ').replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`);
}

/** `text` as an inline code span, for identifiers (rule ids, ARNs): backticks inside cannot close it, pipes cannot end a table cell. */
export function markdownCode(text: string): string {
  const flat = text.replace(BREAKS, ' ').replace(/\|/g, '\\|');
  if (flat.trim() === '') return escapeMarkdown(text);
  const fence = fenceFor(flat, 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * A link target for `[label](<target>)`: only an absolute http(s) URL, as the
 * URL parser serializes it, with `<`, `>`, spaces and backslashes
 * percent-encoded so the target cannot end early. Undefined for anything else,
 * which the caller then shows as text.
 */
export function markdownLinkTarget(url: string): string | undefined {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:') return undefined;
  return parsed.href.replace(/[<>\\ ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A run of backticks longer than any in `text` (and at least `min` long), so `text` cannot close it. */
function fenceFor(text: string, min: number): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(min, longest + 1));
}

/** `text` as a fenced code block (its lines, control characters but line breaks shown as spaces), tagged with `lang`. */
export function markdownCodeBlock(text: string, lang: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.replace(BREAKS, ' '));
  const fence = fenceFor(text, 3);
  return [`${fence}${lang}`, ...lines, fence];
}
