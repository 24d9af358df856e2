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
