// Folded versions and the partial-match notice, with JavaScript (hydrated islands), and
// the proof that the search page asks no server function from the browser.
import {
  checkFoldedVersions,
  checkPartialNotice,
  clickFacet,
  expect,
  hits,
  open,
  readTotal,
  searchParams,
  submitSearch,
  test,
  waitForHydration,
} from './helpers';

test('earlier versions fold under the current one and open from their links', async ({ page, request }) => {
  await checkFoldedVersions(page, request, 'js');
});

test('a query no policy matches in full says its hits contain some of the words', async ({ page }) => {
  await checkPartialNotice(page, 'js');
});

test('the hydrated search page never calls a server function: searching and narrowing are full page loads', async ({ page }) => {
  // Islands mode: the server renders every page, links and GET forms load new pages, and
  // none of the islands on /search asks the server for anything. Any request to /api/…
  // (a server function, or the JSON API) made by the page is counted, whatever answers it.
  const apiCalls: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) apiCalls.push(`${r.method()} ${url.pathname}${url.search}`);
  });

  await open(page, '/search?q=' + encodeURIComponent('补贴'), 'js');
  expect(await readTotal(page), 'the server rendered results for 补贴').toBeGreaterThan(0);
  await expect(hits(page).first()).toBeVisible();

  await submitSearch(page, '贴息');
  await waitForHydration(page);
  expect(await readTotal(page), 'the server rendered results for 贴息').toBeGreaterThan(0);
  await expect(hits(page).first()).toBeVisible();

  const chosen = await clickFacet(page, 'category');
  await waitForHydration(page);
  expect(searchParams(page).get('q'), 'the facet keeps the query').toBe('贴息');
  expect(searchParams(page).get('category')).toBe(chosen.name);
  expect(await readTotal(page)).toBeGreaterThan(0);
  await expect(hits(page).first()).toBeVisible();

  // Give a late call from an island (after hydration) the time to go out before counting.
  await page.waitForLoadState('networkidle');
  expect(apiCalls, 'requests to /api/ made by the search page').toEqual([]);
});
