/**
 * Escaping for the HTML report. Every string from an inventory is hostile
 * (resource names, tags, policy text): it reaches the page only through these
 * functions on the server side and through `textContent` in the browser.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content and double-quoted attributes; C0 controls (bar tab and newlines) are dropped as HTML forbids them. */
export function escapeHtml(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON that is safe inside `<script type="application/json">`: `<`, `>` and
 * `&` become `\u003c`-style escapes so no `</script>` or `<!--` can appear,
 * and U+2028/U+2029 are escaped for any consumer that treats the text as
 * JavaScript. The result still parses with `JSON.parse` to the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
