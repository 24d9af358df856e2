import { test, expect } from '@playwright/test';
import { fileTip, track } from './complaint-helpers';

test('the reporter flow works with JavaScript disabled', async ({ page }) => {
  const filed = await fileTip(page, { named: true, withFile: true, description: '政策兑现申请材料提交后一个月无人受理。' });
  await track(page, filed.receipt);
  await expect(page.locator('#case-state')).toHaveText('已提交');
  await page.fill('#text', '补充：经办人曾口头表示资金暂不拨付。');
  await page.locator('#message-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/track');
  await expect(page.locator('#timeline')).toContainText('经办人曾口头表示');
});

test('an empty tip is refused with a clear error and the typed text kept', async ({ page }) => {
  await page.goto('/report');
  await page.locator('#kind-other').check();
  await page.locator('#anon').check();
  // Passes the browser's checks, fails the server's (at least 10 characters).
  await page.fill('#description', '太短');
  await page.locator('#pledge').check();
  await page.locator('#tip-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/report');
  await expect(page.locator('[role=alert]')).toBeVisible();
  await expect(page.locator('#description')).toHaveValue('太短');
});
