// The public dashboard and policy alerts with JavaScript on (hydrated pages).
import { test } from './helpers';
import { subscribeToAlerts, viewDashboard } from './open-helpers';

test('dashboard: server-drawn charts with tables, a range of months, CSV, a clear error', async ({ page }) => {
  await viewDashboard(page, 'js');
});

test('alerts: from a search to a confirmed daily alert, then unsubscribed', async ({ page }) => {
  await subscribeToAlerts(page, 'js');
});
