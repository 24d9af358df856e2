// Accessibility (axe-core, WCAG 2 A and AA) and a narrow phone screen.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { loginAdmin } from './admin-helpers';
import { act, fileTip, login, logout, openCase } from './complaint-helpers';
import { apiSearch, checkChrome, expect, firstApiHit, open, policyPath, test, waitForHydration } from './helpers';

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

test('document page has no serious accessibility violations', async ({ page, request }) => {
  const { hits } = await apiSearch(request, { limit: '1' });
  expect(hits.length, 'the API lists no policy').toBe(1);
  const url = `/document/${encodeURIComponent(hits[0].document.number)}`;
  await open(page, url, 'js');
  await checkChrome(page);
  await expect(page.locator('main')).toContainText(hits[0].document.number);
  await expectNoSeriousViolations(page, url);
});

test('unit page has no serious accessibility violations', async ({ page, request }) => {
  const { hits } = await apiSearch(request, { limit: '1' });
  expect(hits.length, 'the API lists no policy').toBe(1);
  const url = `/unit/${encodeURIComponent(hits[0].executing_unit)}`;
  await open(page, url, 'js');
  await checkChrome(page);
  await expect(page.locator('#executed')).toBeVisible();
  await expectNoSeriousViolations(page, url);
});

test('report form has no serious accessibility violations', async ({ page }) => {
  await open(page, '/report', 'js');
  await checkChrome(page);
  await expect(page.locator('form#tip-form')).toBeVisible();
  await expectNoSeriousViolations(page, '/report');
});

test('receipt page and the staff case page (commission and unit views) have no serious accessibility violations', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const filed = await fileTip(page, {
    named: true,
    withFile: true,
    description: '办理海域使用权证时被要求重复提交材料，前后跑了四次仍未办结。',
  });
  await waitForHydration(page);
  await expect(page.locator('#accept-due'), 'the receipt names the acceptance deadline').toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  await expectNoSeriousViolations(page, '/report/receipt');

  await login(page, 'jw');
  await openCase(page, filed.caseNumber);
  await waitForHydration(page);
  await expect(page.locator('main')).toContainText('evidence.png');
  await expectNoSeriousViolations(page, `/staff/case/${filed.caseNumber} (commission)`);
  // Forwarded without a due date: the default verification deadline applies.
  await act(page, 'accept');
  await act(page, 'forward', async (f) => {
    await f.locator('select[name=unit]').selectOption('区商务局');
    await f.locator('input[name=due]').fill('');
  });
  await expect(page.locator('#case-state')).toHaveText('核查中');
  await logout(page);

  await login(page, 'sw');
  await openCase(page, filed.caseNumber);
  await waitForHydration(page);
  // A unit sees neutral evidence names, never the reporter's own file name.
  await expect(page.locator('main')).toContainText('证据1.png');
  await expect(page.locator('main')).not.toContainText('evidence.png');
  await expectNoSeriousViolations(page, `/staff/case/${filed.caseNumber} (unit)`);
  await logout(page);
});

test('admin page has no serious accessibility violations', async ({ page }) => {
  await loginAdmin(page, 'js');
  await checkChrome(page);
  await expect(page.locator('ol#admin-log, table#units').first()).toBeVisible();
  await expectNoSeriousViolations(page, '/staff/admin');
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

  test('nothing scrolls sideways on the admin page', async ({ page }) => {
    await loginAdmin(page, 'js');
    await expectNoSideways(page);
  });

  test('nothing scrolls sideways on a policy page', async ({ page, request }) => {
    const hit = await firstApiHit(request, '补贴');
    await open(page, policyPath(hit.code), 'js');
    await checkChrome(page);
    await expectNoSideways(page);
  });
});

test('dashboard and alerts pages have no serious accessibility violations', async ({ page }) => {
  for (const url of ['/dashboard', '/alerts', `/alerts/manage?token=${'0'.repeat(64)}`]) {
    await open(page, url, 'js');
    await checkChrome(page);
    await expectNoSeriousViolations(page, url);
  }
});

test('English pages have no serious accessibility violations', async ({ page }) => {
  for (const url of ['/en', '/en' + SEARCH_WITH_PROFILE, '/en/services', '/en/tasks', '/en/supervision', '/en/report', '/en/track', '/en/dashboard', '/en/alerts']) {
    await open(page, url, 'js');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expectNoSeriousViolations(page, url);
  }
});
