// The livelihood-services pages, checked the same way with JavaScript on and off.
import type { Page } from '@playwright/test';
import { expect, open, settle, type Mode } from './helpers';

export const SERVICE = 'MS01001';
export const SERVICE_NAME = '出生医学证明首次签发';
export const BUNDLE = 'YJS-01';

/** The elements a printed guide must carry (the five of the guide, and its legal basis). */
export const GUIDE_ELEMENTS = ['申请材料', '承诺时限', '办理地点', '咨询电话', '收费标准', '设定依据'];

export async function apiServices(page: Page, query: string): Promise<{ total: number }> {
  const response = await page.request.get(`/api/v1/services?${query}`);
  expect(response.status()).toBe(200);
  return response.json();
}

/**
 * Catalogue → a life event → a facet → a service, by plain links: each one a full page
 * load in both modes (waitForURL waits for the new page's load event), hydrated in `js` mode.
 */
export async function browseCatalogue(page: Page, mode: Mode): Promise<void> {
  await open(page, '/services', mode);
  await expect(page.locator('.life-event')).toHaveCount(15);
  await expect(page.locator('#total')).toContainText('162');
  await page.locator('.life-event h2 a', { hasText: '入学' }).click();
  await page.waitForURL(/category=/);
  await settle(page, mode);
  const expected = await apiServices(page, `category=${encodeURIComponent('入学')}`);
  await expect(page.locator('#total')).toContainText(`共 ${expected.total} 项`);
  await expect(page.locator('.service-hit')).toHaveCount(expected.total);
  const facet = page.locator('[data-facet="online"] a.facet-link', { hasText: '是' });
  const label = (await facet.textContent()) ?? '';
  const count = Number(label.match(/\((\d+)\)/)?.[1]);
  expect(count, `facet label ${label}`).toBeGreaterThan(0);
  await facet.click();
  await page.waitForURL(/online=true/);
  await settle(page, mode);
  await expect(page.locator('.service-hit')).toHaveCount(count);
  for (const hit of await page.locator('.service-hit').all()) {
    await expect(hit.locator('.tag', { hasText: '全程网办' })).toHaveCount(1);
  }
  await page.locator('.service-hit a.hit-title').first().click();
  await page.waitForURL(/\/service\//);
  await settle(page, mode);
  await expect(page.locator('h1')).toBeVisible();
}

export async function checkGuide(page: Page, mode: Mode): Promise<void> {
  await open(page, `/service/${SERVICE}`, mode);
  await expect(page.locator('h1')).toHaveText(SERVICE_NAME);
  for (const element of GUIDE_ELEMENTS) {
    await expect(page.locator('.service-guide')).toContainText(element);
  }
  await expect(page.locator('#enquiry a')).toHaveAttribute('href', /^tel:/);
  await expect(page.locator('.targets table tbody tr')).toHaveCount(5);
  await page.locator('a', { hasText: '新生儿出生“一件事”' }).click();
  // A full page load: the table below is read at once, so wait for the whole new page.
  await page.waitForURL(new RegExp(`/bundle/${BUNDLE}`));
  await settle(page, mode);
  const rows = page.locator('#bundle-materials tbody tr');
  const names = await rows.locator('td:first-child').allTextContents();
  expect(new Set(names).size, 'each material once').toBe(names.length);
  await expect(rows.filter({ hasText: '出生医学证明' }).first()).toBeVisible();
}

/** A poor rating, then "此事项办不成", by the page's own forms and links. */
export async function rateAndReport(page: Page, mode: Mode): Promise<void> {
  await open(page, `/service/${SERVICE}`, mode);
  await page.locator('label', { hasText: '不满意' }).first().click();
  await page.locator('#rate-comment').fill('窗口说系统故障，让改天再来');
  await page.locator('.rate button[type=submit]').click();
  await expect(page.locator('.rate .notice')).toContainText('已转实施单位整改');
  await page.locator('a', { hasText: '此事项办不成？我要反映' }).click();
  await expect(page).toHaveURL(/\/report\?service=/);
  await expect(page.locator('#service-notice')).toContainText(SERVICE_NAME);
  await expect(page.locator('textarea[name=description]')).toHaveValue(new RegExp(SERVICE));
}
