import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { indexSnapshot } from '../../src/report/snapshot-index.js';
import { HOSTILE, loadResults, resultsFixture } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';

interface Watched {
  page: Page;
  url: string;
  requests: string[];
  dialogs: string[];
  errors: string[];
}

describe('HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let smallFile: string;
  let hostileFile: string;
  let snippetFile: string;

  beforeAll(async () => {
    // A missing browser is a broken test machine, not a reason to skip: CI installs it (.ci/run).
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent: install it with "apt-get install -y chromium" (as .ci/run does)`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    dir = mkdtempSync(join(tmpdir(), 'sealcheck-html-'));
    smallFile = join(dir, 'small.html');
    hostileFile = join(dir, 'hostile.html');
    const smallTags = (await indexSnapshot(resultsFixture('small.snapshot.json')))!.tags;
    writeFileSync(smallFile, renderHtml(loadResults('small'), { tagsOf: (arn) => smallTags.get(arn) }));
    const hostileTags = (await indexSnapshot(resultsFixture('hostile.snapshot.json')))!.tags;
    expect(hostileTags.size).toBeGreaterThan(0);
    writeFileSync(hostileFile, renderHtml(loadResults('hostile'), { tagsOf: (arn) => hostileTags.get(arn) }));
    // The KMS rule with a severity reason and remediation snippets, one of them hostile.
    const withSnippets = loadResults('small');
    withSnippets.rules = withSnippets.rules.map((r) =>
      r.id === 'kms-key-rotation-enabled'
        ? {
            ...r,
            severityReason: { basis: 'stale-credentials', text: 'The same key material protects data for years.' },
            remediation: { ...r.remediation, cli: 'aws kms enable-key-rotation --key-id <key-id>', cloudformation: `Type: AWS::KMS::Key\nProperties:\n  Description: ${HOSTILE.scriptBreak}${HOSTILE.xss}`, noSnippet: { terraform: `Not in Terraform ${HOSTILE.xss}` } },
          }
        : r,
    );
    snippetFile = join(dir, 'snippets.html');
    writeFileSync(snippetFile, renderHtml(withSnippets, { tagsOf: (arn) => smallTags.get(arn) }));
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report from disk with every request but the file itself blocked, recording what was attempted. */
  async function open(file: string, javaScriptEnabled = true): Promise<Watched> {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const url = pathToFileURL(file).href;
    const w: Watched = { page, url, requests: [], dialogs: [], errors: [] };
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    page.on('request', (r) => w.requests.push(r.url()));
    page.on('dialog', (d) => {
      w.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') w.errors.push(m.text());
    });
    page.on('pageerror', (e) => w.errors.push(e.message));
    await page.goto(url);
    if (javaScriptEnabled) await page.waitForSelector('html[data-ready="true"]');
    return w;
  }

  const visibleRows = (page: Page) => page.locator('#findings-body tr.row');

  it('loads without any network request', async () => {
    const w = await open(smallFile);
    expect(w.requests).toEqual([w.url]);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it('shows the non-passing findings, filters by severity and searches by ARN', async () => {
    const w = await open(smallFile);
    const { page } = w;
    await expect.poll(() => visibleRows(page).count()).toBe(6);
    await page.selectOption('#f-severity', 'high');
    await expect.poll(() => visibleRows(page).count()).toBe(3);
    await page.fill('#f-search', 'arn:aws:s3:::legacy');
    await expect.poll(() => visibleRows(page).count()).toBe(1);
    expect(await visibleRows(page).first().textContent()).toContain('legacy-bucket');
    expect(await visibleRows(page).first().textContent()).toContain('suppressed');
    await page.fill('#f-search', 'team=platform');
    // The search is debounced: wait for the rows to change, not just for a count that was already right.
    await expect.poll(() => page.locator('#findings-body tr.row td:nth-child(7)').allTextContents()).toEqual(['logs-bucket']);
    await page.selectOption('#f-severity', '');
    await page.fill('#f-search', '');
    // The report lists findings; passes are counted per rule, not listed.
    await page.selectOption('#f-status', 'PASS');
    await expect.poll(() => visibleRows(page).count()).toBe(0);
    expect(w.errors).toEqual([]);
    await page.context().close();
  });

  it('sorts by a column', async () => {
    const { page, errors } = await open(smallFile);
    await page.selectOption('#f-status', '');
    await page.getByRole('button', { name: 'ARN' }).click();
    await expect.poll(() => visibleRows(page).count()).toBe(6);
    const arns = await page.locator('#findings-body tr.row td:nth-child(8)').allTextContents();
    expect(arns).toEqual([...arns].sort());
    await page.getByRole('button', { name: /ARN/ }).click();
    const desc = await page.locator('#findings-body tr.row td:nth-child(8)').allTextContents();
    expect(desc).toEqual([...arns].reverse());
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens a details panel with message, evidence, remediation and references', async () => {
    const { page, errors } = await open(smallFile);
    await page.fill('#f-search', 'alias/app');
    await expect.poll(() => visibleRows(page).count()).toBe(1);
    await visibleRows(page).first().click();
    const panel = page.locator('#details');
    await expect.poll(() => panel.isVisible()).toBe(true);
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('KMS key alias/app does not rotate automatically.');
    expect(text).toContain('keyRotationEnabled');
    expect(text).toContain('Enable automatic key rotation');
    expect(text).toContain('AWS Security Hub KMS.4');
    expect(text).toContain('cis-aws-v3.0.0 3.6');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows why the rule has its severity, its remediation snippets as code and why a form has none, escaped', async () => {
    const { page, errors } = await open(snippetFile);
    await page.fill('#f-search', 'alias/app');
    await expect.poll(() => visibleRows(page).count()).toBe(1);
    await visibleRows(page).first().click();
    const panel = page.locator('#details');
    await expect.poll(() => panel.isVisible()).toBe(true);
    expect(await panel.locator('p.why').textContent()).toBe('Why medium: The same key material protects data for years. (stale-credentials)');
    expect(await panel.locator('pre.snippet-cli code').textContent()).toBe('aws kms enable-key-rotation --key-id <key-id>');
    expect(await panel.locator('pre.snippet-cloudformation code').textContent()).toBe(`Type: AWS::KMS::Key\nProperties:\n  Description: ${HOSTILE.scriptBreak}${HOSTILE.xss}`);
    expect(await panel.locator('pre.snippet-terraform').count()).toBe(0);
    expect(await panel.locator('p.no-snippet-terraform').textContent()).toBe(`No snippet: Not in Terraform ${HOSTILE.xss}`);
    expect(await panel.locator('p.no-snippet').count()).toBe(1);
    expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('groups findings by rule and marks new ones', async () => {
    const { page, errors } = await open(smallFile);
    await page.click('#tab-groups');
    const groups = page.locator('#groups details.rule');
    await expect.poll(() => groups.count()).toBe(3);
    expect(await groups.first().getAttribute('data-rule')).toBe('ebs-volume-encrypted');
    const s3 = page.locator('#groups details.rule[data-rule="s3-bucket-tls-only"]');
    await s3.locator('summary').click();
    await expect.poll(() => s3.locator('li').count()).toBe(3);
    expect(await s3.locator('li .badge.new').count()).toBe(1);
    await s3.locator('li button').first().click();
    await expect.poll(() => page.locator('#details').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('reads without JavaScript: run, summary and coverage are there, the findings views are not', async () => {
    const { page, requests, url } = await open(smallFile, false);
    expect(await page.locator('#summary svg').count()).toBe(5);
    expect(await page.locator('#summary').textContent()).toContain('Failures by severity');
    expect(await page.locator('#coverage table').count()).toBe(2);
    expect(await page.locator('#findings').isVisible()).toBe(false);
    expect(await page.locator('#findings-nojs').isVisible()).toBe(true);
    expect(requests).toEqual([url]);
    await page.context().close();
  });

  it('runs nothing planted in names, tags, evidence and policy text', async () => {
    const w = await open(hostileFile);
    const { page } = w;
    await page.selectOption('#f-status', '');
    await expect.poll(() => visibleRows(page).count()).toBe(5);
    const cells = await page.locator('#findings-body tr.row td:nth-child(7)').allTextContents();
    expect(cells).toContain(HOSTILE.xss);
    expect(cells).toContain(HOSTILE.scriptBreak);
    // Open every finding's details (evidence, tags, suppression, javascript: links) and every rule group.
    for (let i = 0; i < 5; i++) {
      await visibleRows(page).nth(i).click();
      await expect.poll(() => page.locator('#details').isVisible()).toBe(true);
      await page.click('#close-details');
    }
    await page.fill('#f-search', HOSTILE.xss.slice(0, 12));
    await expect.poll(() => visibleRows(page).count()).toBeGreaterThan(0);
    await page.fill('#f-search', '');
    await page.click('#tab-groups');
    for (const summary of await page.locator('#groups details.rule summary').all()) await summary.click();
    await page.waitForTimeout(300);
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      handlers: Array.from(document.querySelectorAll('*')).filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith('on'))).length,
      jsLinks: Array.from(document.querySelectorAll('a')).filter((a) => !/^https?:/.test(a.href)).length,
      links: document.querySelectorAll('a').length,
    }));
    expect(injected).toEqual({ img: 0, scripts: 2, handlers: 0, jsLinks: 0, links: expect.any(Number) });
    expect(w.dialogs).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.requests).toEqual([w.url]);
    await page.context().close();
  });

  it('writes JUnit XML that a strict XML parser accepts, hostile strings included', async () => {
    const page = await browser.newPage();
    const result = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const error = doc.querySelector('parsererror');
      return { error: error?.textContent ?? null, cases: doc.querySelectorAll('testcase').length, names: Array.from(doc.querySelectorAll('testcase')).map((t) => t.getAttribute('name')) };
    }, renderJunit(loadResults('hostile')));
    expect(result.error).toBeNull();
    expect(result.cases).toBe(5);
    expect(result.names).toContain(`arn:aws:s3:::${HOSTILE.scriptBreak}`);
    await page.close();
  });
});
