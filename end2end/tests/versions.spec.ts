// Folded versions and the partial-match notice, with JavaScript (hydrated pages).
import { checkFoldedVersions, checkPartialNotice, expect, hits, readTotal, submitSearch, test, waitForHydration } from './helpers';

test('earlier versions fold under the current one and open from their links', async ({ page, request }) => {
  await checkFoldedVersions(page, request, 'js');
});

test('a query no policy matches in full says its hits contain some of the words', async ({ page }) => {
  await checkPartialNotice(page, 'js');
});

test('a server function answering with an HTML error page: no raw HTML in the results, the server renders the page', async ({ page }) => {
  await page.goto('/search?q=补贴');
  await waitForHydration(page);
  // As a bundle from another version (or a proxy in front) would meet it.
  const calls: string[] = [];
  await page.route('**/api/search_policies*', async (route) => {
    calls.push(route.request().url());
    await route.fulfill({ status: 404, contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><html><body><h1>404 Not Found</h1><p>nginx</p></body></html>' });
  });
  const reloaded = page.waitForEvent('load');
  await submitSearch(page, '贴息');
  await reloaded;
  expect(calls.length, 'the hydrated page asked the server function').toBeGreaterThan(0);
  await waitForHydration(page);
  expect(new URL(page.url()).searchParams.get('q')).toBe('贴息');
  expect(await readTotal(page), 'the server rendered the new results').toBeGreaterThan(0);
  await expect(hits(page).first()).toBeVisible();
  const main = page.locator('main');
  await expect(main).not.toContainText('404 Not Found');
  await expect(main).not.toContainText('nginx');
  await expect(main).not.toContainText('Invalid format');
});
