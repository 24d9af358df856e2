// The same path with JavaScript disabled: everything must work with server-rendered
// HTML, plain links and GET forms.
import {
  PROFILE,
  apiSearch,
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
} from './helpers';

const mode = 'nojs';

test('home page is server-rendered and never marked hydrated', async ({ page }) => {
  await open(page, '/', mode);
  await checkHome(page);
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
  await followHomeCategory(page, mode);
});

test('search → facet → profile → policy → back, with plain forms and links', async ({ page }) => {
  await test.step('search from the home page with a plain GET form', async () => {
    await open(page, '/', mode);
    await submitSearch(page, '补贴');
    await checkChrome(page);
    await checkResults(page);
    await checkFacets(page);
  });

  await test.step('a category facet is a plain link that narrows the results', async () => {
    const chosen = await clickFacet(page, 'category');
    expect(searchParams(page).get('category')).toBe(chosen.name);
    expect(searchParams(page).get('q'), 'the facet keeps the query').toBe('补贴');
  });

  let resultsUrl = '';
  await test.step('the profile form marks each policy with a badge and reasons', async () => {
    await checkProfileForm(page);
    await applyProfile(page, PROFILE);
    await checkChips(page, PROFILE);
    expect(await readTotal(page)).toBeGreaterThan(0);
    await checkBadges(page);
    resultsUrl = page.url();
  });

  await test.step('the first hit opens its server-rendered policy page', async () => {
    const first = hits(page).first().locator('a.hit-title');
    const href = (await first.getAttribute('href'))!;
    const title = (await first.innerText()).trim();
    const code = codeFromHref(href);
    await first.click();
    await page.waitForURL((u) => u.pathname === new URL(href, page.url()).pathname);
    await checkChrome(page);
    await expect(page.locator('main h1').first()).toHaveText(title);
    await checkPolicyPage(page, code);
  });

  await test.step('the back button returns to the same results', async () => {
    await page.goBack();
    await expect(page).toHaveURL(resultsUrl);
    await expect(hits(page).first()).toBeVisible();
    await checkChips(page, PROFILE);
    await checkBadges(page);
  });
});

test('the search page and the JSON API agree', async ({ page, request }) => {
  const api = await apiSearch(request, { q: '补贴', limit: '20' });
  await open(page, '/search?q=' + encodeURIComponent('补贴'), mode);
  expect(await readTotal(page)).toBe(api.total);
  const hrefs = await hits(page)
    .locator('a.hit-title')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.map(codeFromHref)).toEqual(api.hits.map((h) => h.code));

  const profileParams = {
    q: '补贴',
    industry: PROFILE.industry,
    size: PROFILE.size,
    region: PROFILE.region,
    qualification: PROFILE.qualifications,
    founded: PROFILE.founded,
  };
  const matched = await apiSearch(request, { ...profileParams, limit: '20' });
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(profileParams)) for (const one of [v].flat()) qs.append(k, one);
  await open(page, `/search?${qs}`, mode);
  await checkBadges(page);
  const badgeClasses = await hits(page).evaluateAll((lis) =>
    lis.map((li) => Array.from(li.querySelector('.badge')?.classList ?? [])),
  );
  const expected = matched.hits.map((h) =>
    h.applicable === true ? 'badge-applicable' : h.applicable === false ? 'badge-not-applicable' : 'badge-unknown',
  );
  expect(badgeClasses.map((cs) => cs.find((c) => c.startsWith('badge-')))).toEqual(expected);
});

test('policy page: document, issuing and executing units, report button', async ({ page, request }) => {
  const hit = await firstApiHit(request, '补贴');
  await open(page, policyPath(hit.code), mode);
  await checkChrome(page);
  await checkPolicyPage(page, hit.code);
  await checkPolicyAgreesWithApi(page, hit);
  await followPolicyLinks(page, hit.code, mode, hit);
});

test('pagination: 下一页 is a plain link when more than 20 results', async ({ page }) => {
  await checkPagination(page, '/search', mode);
});
