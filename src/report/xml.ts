/**
 * XML 1.0 text and attribute escaping for hostile strings. Characters XML 1.0
 * cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are
 * dropped: no escape makes them legal, and a parser would reject the file.
 */

// Allowed: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] (paired surrogates).
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripInvalidXml(value: string): string {
  return value.replace(INVALID_XML, '');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes for element text and for attribute values (quotes included); tabs and newlines in attributes are kept as character references so parsers do not normalise them away. */
export function escapeXml(value: string): string {
  return stripInvalidXml(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function escapeXmlAttribute(value: string): string {
  return escapeXml(value).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
