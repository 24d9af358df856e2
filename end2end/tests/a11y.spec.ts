// Accessibility (axe-core, WCAG 2 A and AA) and a narrow phone screen.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { checkChrome, expect, firstApiHit, open, policyPath, test } from './helpers';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

function describeViolations(violations: AxeResults['violations']): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `[${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n\n');
}

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    console.log(`axe found ${serious.length} serious/critical violation(s) on ${what}:\n${describeViolations(serious)}`);
  }
  expect(serious.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×)`), describeViolations(serious)).toEqual([]);
}

async function expectNoSideways(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'document.documentElement.scrollWidth at a 375 px wide viewport').toBeLessThanOrEqual(375);
}

const SEARCH_WITH_PROFILE = '/search?q=' + encodeURIComponent('补贴') + '&industry=' + encodeURIComponent('制造业') + '&size=' + encodeURIComponent('小型');

test('home page has no serious accessibility violations', async ({ page }) => {
  await open(page, '/', 'js');
  await checkChrome(page);
  await expectNoSeriousViolations(page, '/');
});

test('search page with a profile has no serious accessibility violations', async ({ page }) => {
  await open(page, SEARCH_WITH_PROFILE, 'js');
  await checkChrome(page);
  await expect(page.locator('ol#results > li.hit').first()).toBeVisible();
  await expectNoSeriousViolations(page, SEARCH_WITH_PROFILE);
});

test('policy page has no serious accessibility violations', async ({ page, request }) => {
  const hit = await firstApiHit(request, '补贴');
  const url = policyPath(hit.code);
  await open(page, url, 'js');
  await checkChrome(page);
  await expectNoSeriousViolations(page, url);
});

test.describe('on a 375×667 phone screen', () => {
  test.use({ viewport: { width: 375, height: 667 } });

  for (const url of ['/', SEARCH_WITH_PROFILE]) {
    test(`nothing scrolls sideways on ${decodeURIComponent(url)}`, async ({ page }) => {
      await open(page, url, 'js');
      await checkChrome(page);
      await expectNoSideways(page);
    });
  }

  test('nothing scrolls sideways on a policy page', async ({ page, request }) => {
    const hit = await firstApiHit(request, '补贴');
    await open(page, policyPath(hit.code), 'js');
    await checkChrome(page);
    await expectNoSideways(page);
  });
});
