// Folded versions and the partial-match notice, with JavaScript (hydrated pages).
import { checkFoldedVersions, checkPartialNotice, test } from './helpers';

test('earlier versions fold under the current one and open from their links', async ({ page, request }) => {
  await checkFoldedVersions(page, request, 'js');
});

test('a query no policy matches in full says its hits contain some of the words', async ({ page }) => {
  await checkPartialNotice(page, 'js');
});
