// The livelihood services with JavaScript: server-rendered pages whose islands hydrate,
// links and forms that load new pages (there is no client-side navigation), the
// printed guide (at most two A4 pages) and accessibility.
import AxeBuilder from '@axe-core/playwright';
import { expect, open, test, waitForHydration } from './helpers';
import { browseCatalogue, checkGuide, GUIDE_ELEMENTS, rateAndReport, SERVICE } from './services-helpers';

test('catalogue → life event → facet → service', async ({ page }) => {
  await browseCatalogue(page, 'js');
});

test('a service guide and its bundle', async ({ page }) => {
  await checkGuide(page, 'js');
});

test('a poor rating opens a rectification; a service that cannot be done becomes a tip', async ({ page }) => {
  await rateAndReport(page, 'js');
});

test('the guide prints on at most two A4 pages with the five elements', async ({ page }) => {
  await open(page, `/service/${SERVICE}`, 'js');
  await page.emulateMedia({ media: 'print' });
  for (const element of GUIDE_ELEMENTS) {
    await expect(page.locator('.service-guide h2, .service-guide dt', { hasText: element }).first()).toBeVisible();
  }
  await expect(page.locator('.rate')).toBeHidden();
  await expect(page.locator('.site-header')).toBeHidden();
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages, 'A4 pages of the printed guide').toBeGreaterThanOrEqual(1);
  expect(pages, 'A4 pages of the printed guide').toBeLessThanOrEqual(2);
});

for (const url of ['/services', `/service/${SERVICE}`, '/bundle/YJS-01', `/services?q=${encodeURIComponent('证明')}`]) {
  test(`${url} has no serious accessibility violations`, async ({ page }) => {
    await open(page, url, 'js');
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);
  });
}

test('one search box: policy results show matching services, typed, and narrow to them', async ({ page }) => {
  await open(page, '/', 'js');
  await expect(page.locator('label[for=q]')).toHaveText('搜索政策和办事服务');
  await open(page, `/search?q=${encodeURIComponent('补贴')}`, 'js');
  await expect(page.locator('#results .hit .tag-kind').first()).toHaveText('政策');
  await open(page, `/search?q=${encodeURIComponent('出生医学证明')}`, 'js');
  const box = page.locator('#also-services');
  await expect(box).toBeVisible();
  await expect(box.locator('.tag')).toHaveText('办事服务');
  // Each of these links loads a new page: waitForURL waits for its load event, so the
  // absences checked below are those of the whole new page, not of one still loading.
  await page.locator('#result-kinds a', { hasText: '只看政策' }).click();
  await page.waitForURL(/only=policy/);
  await waitForHydration(page);
  await expect(page.locator('#also-services')).toHaveCount(0);
  await expect(page.locator('#result-kinds a[aria-current=page]')).toHaveText('只看政策');
  await page.locator('#result-kinds a', { hasText: '全部' }).click();
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('only') !== 'policy');
  await waitForHydration(page);
  await box.locator('a.more').click();
  await page.waitForURL(/\/services\?q=/);
  await waitForHydration(page);
  await expect(page.locator('.service-hit').first()).toBeVisible();
  await expect(page.locator('#also-policies')).toHaveCount(0);
});
