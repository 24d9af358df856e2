// The English interface without JavaScript (server-rendered HTML and plain forms).
import { test } from './helpers';
import { englishFormError, switchLanguage } from './english-helpers';

test('English (no JS): the switch keeps the query, links stay English, data stays Chinese', async ({ page }) => {
  await switchLanguage(page, 'nojs');
});

test('English (no JS): a refused tip form comes back to the English page', async ({ page }) => {
  await englishFormError(page, 'nojs');
});
