// The reform-task ledger without JavaScript: the same path by plain links.
import { expect, test } from './helpers';
import { browseLedger, weeklySheet } from './tasks-helpers';

test('ledger overview → area → task, server-rendered', async ({ page }) => {
  await browseLedger(page, 'nojs');
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
});

test('weekly sheet by area, with its XLSX, server-rendered', async ({ page }) => {
  await weeklySheet(page, 'nojs');
});
