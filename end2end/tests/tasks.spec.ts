// The reform-task ledger with JavaScript: overview → area → task, and accessibility.
import AxeBuilder from '@axe-core/playwright';
import { expect, open, test } from './helpers';
import { browseLedger, weeklySheet } from './tasks-helpers';

test('ledger overview → area → task', async ({ page }) => {
  await browseLedger(page, 'js');
});

test('weekly sheet by area, with its XLSX', async ({ page }) => {
  await weeklySheet(page, 'js');
});

for (const url of ['/tasks', '/task/GG02001', '/tasks/weekly']) {
  test(`${url} has no serious accessibility violations`, async ({ page }) => {
    await open(page, url, 'js');
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);
  });
}
