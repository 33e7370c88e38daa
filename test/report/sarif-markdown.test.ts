import { describe, expect, it } from 'vitest';
import type { RuleSummary } from '../../src/engine/result.js';
import { buildSarif } from '../../src/report/sarif.js';
import { escapeMarkdown, markdownLinkTarget } from '../../src/util/markdown.js';
import { HOSTILE, loadResults } from './fixtures.js';

// help.markdown is rendered by code scanning: custom-rule text in it must stay text, and links must point where they say.
function helpOf(rule: Partial<RuleSummary>): string {
  const scan = loadResults('small');
  const first = scan.rules[0]!;
  const hostile = { ...first, ...rule };
  const log = buildSarif({ ...scan, rules: [hostile, ...scan.rules.slice(1)] });
  return log.runs[0].tool.driver.rules.find((r) => r.id === first.id)!.help.markdown!;
}

describe('SARIF help.markdown from rule text', () => {
  it('escapes every Markdown and HTML construct in titles, descriptions and remediation', () => {
    const help = helpOf({
      title: `[click me](${HOSTILE.jsUrl}) ${HOSTILE.xss}`,
      description: `**bold** _em_ \`code\` ![img](https://evil.example/x.png)\n# Heading\n---\n> quote\n1. item <https://evil.example> www.evil.example`,
      remediation: { text: `${HOSTILE.scriptBreak} | table | &amp; \\[x]` },
    });
    const [title, , description, , , , remediation] = help.split('\n');
    expect(title).toBe('**\\[click me\\]\\(javascript\\:alert\\(1\\)\\) \\<img src\\=x onerror\\=alert\\(1\\)\\>**');
    expect(description).toBe(
      '\\*\\*bold\\*\\* \\_em\\_ \\`code\\` \\!\\[img\\]\\(https\\:\\/\\/evil\\.example\\/x\\.png\\) \\# Heading \\-\\-\\- \\> quote 1\\. item \\<https\\:\\/\\/evil\\.example\\> www\\.evil\\.example',
    );
    expect(remediation).toBe('\\<\\/script\\>\\<script\\>alert\\(1\\)\\<\\/script\\> \\| table \\| \\&amp\\; \\\\\\[x\\]');
  });

  it('links only to absolute http(s) URLs, with their targets encoded so they cannot close the link', () => {
    const help = helpOf({
      remediation: { text: 'Fix it now, please.', url: 'https://docs.example/a b)<c>\\d"e' },
      references: { links: [HOSTILE.jsUrl, 'https://ok.example/p?q=(1)'] },
    });
    expect(help).toContain('[Remediation guide](<https://docs.example/a%20b)%3Cc%3E/d%22e>)');
    expect(help).toContain('- javascript\\:alert\\(1\\): javascript\\:alert\\(1\\)');
    expect(help).toContain('- [https\\:\\/\\/ok\\.example\\/p\\?q\\=\\(1\\)](<https://ok.example/p?q=(1)>)');
  });

  it('leaves plain words alone and keeps escaped text readable as the same characters', () => {
    expect(escapeMarkdown('Turn on encryption at rest')).toBe('Turn on encryption at rest');
    const text = 'a*b_c[d](e)<f>`g`#h!i|j~k\\l';
    expect(escapeMarkdown(text).replace(/\\(.)/g, '$1')).toBe(text);
    expect(markdownLinkTarget('ftp://x.example/')).toBeUndefined();
    expect(markdownLinkTarget('not a url')).toBeUndefined();
  });
});
