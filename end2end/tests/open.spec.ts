// The public dashboard and policy alerts with JavaScript on (hydrated pages).
import { test } from './helpers';
import { open311Key, subscribeToAlerts, viewDashboard } from './open-helpers';

test('dashboard: server-drawn charts with tables, a range of months, CSV, a clear error', async ({ page }) => {
  await viewDashboard(page, 'js');
});

test('alerts: from a search to a confirmed daily alert, then unsubscribed', async ({ page }) => {
  await subscribeToAlerts(page, 'js');
});

test('Open311: a key made on the admin desk files a tip, then is revoked', async ({ page }) => {
  await open311Key(page, 'js');
});
