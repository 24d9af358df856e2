import type { Page } from '@playwright/test';
import { expect, open, type Mode } from './helpers';

export async function browseLedger(page: Page, mode: Mode): Promise<void> {
  await open(page, '/tasks', mode);
  await expect(page.locator('#ledger-total')).toContainText('294');
  await expect(page.locator('#by-area tbody tr')).toHaveCount(17);
  const response = await page.request.get(`/api/v1/tasks?area=${encodeURIComponent('不动产登记')}&limit=1`);
  const expected = (await response.json()).total as number;
  await page.locator('#by-area a', { hasText: '不动产登记' }).click();
  await expect(page).toHaveURL(/area=/);
  await expect(page.locator('#tasks-h')).toContainText(`共 ${expected} 项`);
  const first = page.locator('#task-list a.hit-title').first();
  await first.click();
  await expect(page).toHaveURL(/\/task\//);
  for (const field of ['主要责任人', '分管责任人', '具体责任人', '完成时限']) {
    await expect(page.locator('#task-facts')).toContainText(field);
  }
  await expect(page.locator('.light').first()).toBeVisible();
}

/** /tasks → 周调度表: the week's reports by area, 未报送 marked, the same sheet as XLSX. */
export async function weeklySheet(page: Page, mode: Mode): Promise<void> {
  await open(page, '/tasks', mode);
  await page.locator('#weekly-link').click();
  await page.waitForURL((u) => u.pathname === '/tasks/weekly');
  await expect(page.locator('#weekly-total')).toContainText('未报送');
  await expect(page.locator('section.weekly-area').first()).toBeVisible();
  const href = await page.locator('#weekly-xlsx').getAttribute('href');
  const xlsx = await page.request.get(href!);
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
}
