// The livelihood services without JavaScript: server-rendered pages, plain links and
// forms, the rating form's redirect and the prefilled tip form.
import { expect, test } from './helpers';
import { browseCatalogue, checkGuide, rateAndReport } from './services-helpers';

test('catalogue → life event → facet → service, by plain links', async ({ page }) => {
  await browseCatalogue(page, 'nojs');
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
});

test('a service guide and its bundle, server-rendered', async ({ page }) => {
  await checkGuide(page, 'nojs');
});

test('rating by form post, then the prefilled tip form', async ({ page }) => {
  await rateAndReport(page, 'nojs');
});
