// The English interface with JavaScript on (hydrated pages).
import { test } from './helpers';
import { englishFormError, switchLanguage } from './english-helpers';

test('English: the switch keeps the query, links stay English, data stays Chinese', async ({ page }) => {
  await switchLanguage(page, 'js');
});

test('English: a refused tip form comes back to the English page', async ({ page }) => {
  await englishFormError(page, 'js');
});
