import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { renderHtml } from '../../src/report/html.js';
import { jsonForScript, escapeHtml } from '../../src/util/html-escape.js';
import { frameworkCoverage } from '../../src/report/html-coverage.js';
import { countsByRule } from '../../src/report/facets.js';
import { HOSTILE, loadResults } from './fixtures.js';

function inlineBlocks(html: string, tag: 'script' | 'style'): { attrs: string; body: string }[] {
  return [...html.matchAll(new RegExp(`<${tag}([^>]*)>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => ({ attrs: m[1]!, body: m[2]! }));
}

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

describe('HTML report', () => {
  it('has a strict CSP whose hashes match the inline script and style', () => {
    const html = renderHtml(loadResults('small'));
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:');
    const [style] = inlineBlocks(html, 'style');
    expect(csp).toContain(`style-src 'sha256-${sha(style!.body)}'`);
    const scripts = inlineBlocks(html, 'script').filter((s) => !s.attrs.includes('application/json'));
    expect(scripts).toHaveLength(1);
    expect(csp).toContain(`script-src 'sha256-${sha(scripts[0]!.body)}'`);
  });

  it('makes no external reference of any kind', () => {
    const html = renderHtml(loadResults('small'));
    expect(html).not.toMatch(/\b(src|href)="(?!data:)/);
    expect(html).not.toMatch(/@import|url\(|@font-face/);
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });

  it('shows run, summary, coverage, rules and collection errors as plain HTML', () => {
    const html = renderHtml(loadResults('small'));
    const beforeScript = html.slice(0, html.indexOf('<script'));
    for (const text of ['111111111111, 222222222222', 'eu-west-1, us-east-1', 'Failures by severity', 'Failures by service', 'Failures by account', 'Failures by region', 'Results by status', 'AWS Security Hub controls', 'cis-aws-v3.0.0', 's3:GetBucketPolicy', 'kms-key-rotation-enabled']) {
      expect(beforeScript).toContain(text);
    }
    expect(beforeScript).toMatch(/<svg [^>]*role="img"/);
  });

  it('embeds the data so that no hostile string can close the script or open markup', () => {
    const html = renderHtml(loadResults('hostile'));
    const island = /<script type="application\/json" id="sealcheck-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(island).not.toMatch(/[<>&\u2028\u2029]/);
    const data = JSON.parse(island) as { rows: unknown[][] };
    expect(data.rows.map((r) => r[7])).toContain(HOSTILE.scriptBreak);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain(HOSTILE.xss);
    expect(html).not.toContain('onerror=alert(1)>');
  });

  it('escapes for HTML and for script data', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(escapeHtml('a\u0000b\u001bc\td')).toBe('abc\td');
    const text = jsonForScript({ s: `</script><!--\u2028\u2029&` });
    expect(text).toBe('{"s":"\\u003c/script\\u003e\\u003c!--\\u2028\\u2029\\u0026"}');
    expect(JSON.parse(text)).toEqual({ s: `</script><!--\u2028\u2029&` });
  });

  it('computes coverage per framework control', () => {
    const small = loadResults('small');
    const coverage = frameworkCoverage(small.rules, countsByRule(small));
    expect(coverage.find((c) => c.control === 'S3.5')).toMatchObject({ framework: 'Security Hub', rules: ['s3-bucket-tls-only'], verdict: 'FAIL', counts: { FAIL: 2, PASS: 1, UNKNOWN: 1, ERROR: 0 } });
    expect(coverage.find((c) => c.control === '3.6')).toMatchObject({ framework: 'cis-aws-v3.0.0', verdict: 'FAIL' });
    expect(coverage.filter((c) => c.framework === 'Security Hub').map((c) => c.control)).toEqual(['EC2.3', 'KMS.4', 'S3.5']);
  });

  it('renders an empty scan', () => {
    const html = renderHtml(loadResults('empty'));
    expect(html).toContain('No rule of this run maps');
    expect(html).toContain('No collection errors');
  });

  it('includes tags when given them', () => {
    const html = renderHtml(loadResults('small'), { tagsOf: (arn) => (arn === 'arn:aws:s3:::logs-bucket' ? { team: 'platform' } : undefined) });
    expect(html).toContain('{"team":"platform"}');
  });
});
