import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import { escapeXml, stripInvalidXml } from '../../src/report/xml.js';
import { HOSTILE, loadResults } from './fixtures.js';

const INVALID_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

describe('JUnit XML', () => {
  it('has one suite per rule and one case per resource', () => {
    const xml = renderJunit(loadResults('small'));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
    expect(xml.match(/<testcase /g)).toHaveLength(8);
    expect(xml).toContain('<testsuites name="sealcheck" tests="8" failures="3" errors="1" skipped="2"');
    expect(xml).toContain('<testsuite name="s3-bucket-tls-only" tests="4" failures="1" errors="0" skipped="2"');
    expect(xml).toContain('<testcase classname="kms-key-rotation-enabled" name="arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" time="0">');
  });

  it('puts message and evidence in failures, the reason in skipped, rule errors in error', () => {
    const xml = renderJunit(loadResults('small'));
    expect(xml).toMatch(/<failure message="KMS key alias\/app does not rotate automatically." type="medium">KMS key alias\/app[\s\S]*keyRotationEnabled: found false, expected equals true<\/failure>/);
    expect(xml).toContain('<skipped message="S3 bucket secret-bucket: bucket policy not collected (AccessDenied)."/>');
    expect(xml).toMatch(/<error message="Rule ebs-volume-encrypted could not be evaluated[^"]*" type="RuleError">/);
    expect(xml).toContain('<skipped message="suppressed: Decommissioned in Q3"/>');
  });

  it('escapes hostile strings and strips characters XML 1.0 cannot hold', () => {
    const xml = renderJunit(loadResults('hostile'));
    expect(xml).not.toContain(HOSTILE.xss);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(INVALID_XML_CHAR.test(xml)).toBe(false);
    // Only our own markup remains: every '<' starts a known element.
    const tags = new Set([...xml.matchAll(/<\/?([a-zA-Z?-]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['?xml', 'failure', 'properties', 'property', 'skipped', 'system-out', 'testcase', 'testsuite', 'testsuites'].sort());
  });

  it('escapes and strips as XML 1.0 requires', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(stripInvalidXml('a\u0000b\u001bc\ufffed\ud800e\u{1F600}\tf')).toBe('abcde\u{1F600}\tf');
  });

  it('renders an empty scan', () => {
    expect(renderJunit(loadResults('empty'))).toContain('<testsuites name="sealcheck" tests="0" failures="0" errors="0" skipped="0" time="0">\n</testsuites>');
  });
});
