// The public dashboard and policy alerts without JavaScript: plain links and forms.
import { expect, test } from './helpers';
import { open311Key, subscribeToAlerts, viewDashboard } from './open-helpers';

test('dashboard without JavaScript', async ({ page }) => {
  await viewDashboard(page, 'nojs');
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
});

test('alerts without JavaScript', async ({ page }) => {
  await subscribeToAlerts(page, 'nojs');
});

test('Open311: a key made on the admin desk files a tip, then is revoked (no JavaScript)', async ({ page }) => {
  await open311Key(page, 'nojs');
});
