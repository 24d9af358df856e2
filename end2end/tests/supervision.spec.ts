// The supervision list with JavaScript: checklist → tip by question → queue; the
// register → public notices; accessibility of its pages.
import { expect, open, test } from './helpers';
import { axe, login } from './complaint-helpers';
import { publishNotice, reportFromChecklist } from './supervision-helpers';

test('checklist → 我要反映 → queue by question → public notice', async ({ page }) => {
  const caseNumber = await reportFromChecklist(page, 'js');
  await publishNotice(page, 'js', caseNumber);
});

for (const url of ['/supervision', '/notices']) {
  test(`${url} has no serious accessibility violations`, async ({ page }) => {
    await open(page, url, 'js');
    await axe(page);
  });
}

test('staff register and inspection desks have no serious accessibility violations', async ({ page }) => {
  await login(page, 'jw');
  for (const url of ['/staff/measures', '/staff/inspections']) {
    await open(page, url, 'js');
    await expect(page.locator('h1')).toBeVisible();
    await axe(page);
  }
});
