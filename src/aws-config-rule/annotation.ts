/** AWS Config's limit on an evaluation's annotation, in characters (UTF-16 code units, as the API counts). */
export const ANNOTATION_LIMIT = 256;

const ELLIPSIS = '…';

/** Control characters and runs of white space become one space: an annotation is one line shown in the console. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
}

/** Cuts `text` to `max` characters, at a word boundary when one is near, ending with an ellipsis; never splits a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - ELLIPSIS.length;
  const space = text.lastIndexOf(' ', end);
  // A break more than a few words back would throw away too much of a long identifier or ARN.
  if (space > end - 30 && space > 0) end = space;
  else if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

/**
 * An annotation of at most {@link ANNOTATION_LIMIT} characters: `head` shortened as needed, `tail` (such as
 * "(+2 more)") kept whole so the reader still learns there is more. Never empty: Config needs one character.
 */
export function annotation(head: string, tail = ''): string {
  const t = oneLine(tail);
  const sep = t ? ' ' : '';
  const h = cut(oneLine(head) || '-', ANNOTATION_LIMIT - t.length - sep.length);
  return cut(`${h}${sep}${t}`, ANNOTATION_LIMIT);
}
