// The enterprise's path through the portal, with JavaScript (hydrated Leptos app).
import type { Page } from '@playwright/test';
import {
  PROFILE,
  applyProfile,
  checkBadges,
  checkChips,
  checkChrome,
  checkFacets,
  checkHome,
  checkPagination,
  checkPolicyAgreesWithApi,
  checkPolicyPage,
  checkProfileForm,
  checkResults,
  clickFacet,
  codeFromHref,
  expect,
  firstApiHit,
  followHomeCategory,
  followPolicyLinks,
  hits,
  open,
  policyPath,
  readTotal,
  searchParams,
  submitSearch,
  test,
  waitForHydration,
} from './helpers';

const mode = 'js';

async function storedProfile(page: Page): Promise<string | null> {
  const raw = await page.evaluate(() => window.localStorage.getItem('qingdan.profile'));
  if (raw === null) return null;
  try {
    return JSON.stringify(JSON.parse(raw)); // undo any \uXXXX escapes
  } catch {
    try {
      return decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      return raw;
    }
  }
}

test('home page: search box, categories, 免申即享 and newest policies', async ({ page }) => {
  await open(page, '/', mode);
  await checkHome(page);
  await followHomeCategory(page, mode);
});

test('search → facet → profile → policy → back, and the profile is remembered', async ({ page }) => {
  await test.step('search from the home page', async () => {
    await open(page, '/', mode);
    await checkChrome(page);
    await submitSearch(page, '补贴');
    await waitForHydration(page);
    await checkChrome(page);
    await checkResults(page);
    await checkFacets(page);
  });

  await test.step('a category facet narrows the results and keeps the query, on a new page that hydrates', async () => {
    // Only islands hydrate, there is no client-side router: a facet is a plain link and
    // clickFacet waits for the new page's load event. That page must hydrate in its turn.
    const before = await readTotal(page);
    const chosen = await clickFacet(page, 'category');
    await waitForHydration(page);
    expect(searchParams(page).get('category')).toBe(chosen.name);
    expect(searchParams(page).get('q'), 'the facet keeps the query').toBe('补贴');
    const after = await readTotal(page);
    expect(after, 'the results for 补贴 fall in more than one category, so one of them narrows them').toBeLessThan(before);
    expect(after).toBeGreaterThan(0);
    await expect(hits(page).first()).toBeVisible();
  });

  let resultsUrl = '';
  await test.step('the enterprise profile marks each policy 适用 / 不适用 / 待确认 with reasons', async () => {
    await checkProfileForm(page);
    await applyProfile(page, PROFILE);
    await waitForHydration(page);
    await checkChips(page, PROFILE);
    expect(await readTotal(page)).toBeGreaterThan(0);
    await checkBadges(page);
    await expect
      .poll(() => storedProfile(page), { message: 'the profile is kept in localStorage["qingdan.profile"]' })
      .toContain(PROFILE.industry);
    expect(await storedProfile(page)).toContain(PROFILE.region);
    resultsUrl = page.url();
  });

  await test.step('the first hit opens its policy page', async () => {
    const first = hits(page).first().locator('a.hit-title');
    const href = (await first.getAttribute('href'))!;
    const title = (await first.innerText()).trim();
    const code = codeFromHref(href);
    await first.click();
    await page.waitForURL((u) => u.pathname === new URL(href, page.url()).pathname);
    await waitForHydration(page);
    await checkChrome(page);
    await expect(page.locator('main h1').first()).toHaveText(title);
    await checkPolicyPage(page, code);
  });

  await test.step('the back button returns to the same results', async () => {
    await page.goBack();
    await expect(page).toHaveURL(resultsUrl);
    await waitForHydration(page);
    await expect(hits(page).first()).toBeVisible();
    await checkChips(page, PROFILE);
    await checkBadges(page);
  });

  await test.step('a later visit to /search without profile parameters re-applies the saved profile', async () => {
    await open(page, '/search?q=' + encodeURIComponent('贴息'), mode);
    // The ProfileMemory island brings the saved profile back with location.replace: a
    // second page load, to the same search with the profile in its address.
    await page.waitForURL(
      (u) =>
        u.pathname === '/search' &&
        u.searchParams.get('q') === '贴息' &&
        u.searchParams.get('industry') === PROFILE.industry &&
        u.searchParams.get('region') === PROFILE.region,
    );
    await waitForHydration(page);
    await checkChrome(page);
    await checkChips(page, PROFILE);
    const total = await readTotal(page);
    expect(total, '贴息 finds policies to badge').toBeGreaterThan(0);
    await checkBadges(page);
  });
});

test('policy page: document, issuing and executing units, report button', async ({ page, request }) => {
  const hit = await firstApiHit(request, '补贴');
  await open(page, policyPath(hit.code), mode);
  await checkChrome(page);
  await checkPolicyPage(page, hit.code);
  await checkPolicyAgreesWithApi(page, hit);
  await followPolicyLinks(page, hit.code, mode, hit);
});

test('pagination: 下一页 when more than 20 results', async ({ page }) => {
  await checkPagination(page, '/search', mode);
});
