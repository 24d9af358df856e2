// The supervision list without JavaScript: the same journey by plain links and forms.
import { expect, test } from './helpers';
import { publishNotice, reportFromChecklist } from './supervision-helpers';

test('checklist → 我要反映 → queue by question → public notice, server-rendered', async ({ page }) => {
  const caseNumber = await reportFromChecklist(page, 'nojs');
  await publishNotice(page, 'nojs', caseNumber);
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
});
