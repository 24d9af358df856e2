// Shared helpers for the Qingdan browser tests. The page contract they check
// is the one agreed for the Rust side (ids, classes and Chinese labels).
import {
  test as base,
  expect,
  type APIRequestContext,
  type Locator,
  type Page,
} from '@playwright/test';

export { expect };

/** Every test fails if the page throws (a wasm panic, a failed hydration) or opens a dialog. */
export const test = base.extend<{ pageErrors: string[]; dialogs: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
      await use(errors);
      expect(errors, 'uncaught errors in the page (a wasm panic or a broken hydration?)').toEqual([]);
    },
    { auto: true },
  ],
  dialogs: [
    async ({ page }, use) => {
      const seen: string[] = [];
      page.on('dialog', (d) => {
        seen.push(`${d.type()}: ${d.message()}`);
        d.dismiss().catch(() => {});
      });
      await use(seen);
      expect(seen, 'no page may open a dialog (alert/confirm/prompt): injected script?').toEqual([]);
    },
    { auto: true },
  ],
});

/** `js`: wait for hydration after every full page load; `nojs`: server-rendered HTML only. */
export type Mode = 'js' | 'nojs';

export const PAGE_SIZE = 20;

export async function waitForHydration(page: Page): Promise<void> {
  await expect(
    page.locator('body'),
    'body[data-hydrated="true"] never appeared: the wasm bundle did not load or hydrate',
  ).toHaveAttribute('data-hydrated', 'true', { timeout: 30_000 });
}

export async function settle(page: Page, mode: Mode): Promise<void> {
  if (mode === 'js') await waitForHydration(page);
}

/** page.goto that insists on a successful answer, then waits for hydration in `js` mode. */
export async function open(page: Page, url: string, mode: Mode): Promise<void> {
  const response = await page.goto(url);
  expect(response, `no response for ${url}`).not.toBeNull();
  expect(response!.status(), `status of ${url}`).toBeLessThan(400);
  await settle(page, mode);
}

/**
 * Clicks a link or a form's submit button and waits for the new page it loads. The app
 * hydrates islands only and has no client-side router, so every link and every form is
 * a full page load: this resolves on the new document's `load` event, which an in-app
 * update (pushState and a re-render) would never fire. Callers then check the address
 * and, in `js` mode, wait for the new page to hydrate.
 */
export async function clickAndLoad(page: Page, target: Locator): Promise<void> {
  const loaded = page.waitForEvent('load', { timeout: 30_000 });
  await target.click();
  await loaded;
}

/** What every page has: the language, the main landmark, the sample-data notice. */
export async function checkChrome(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('main#main')).toHaveCount(1);
  await expect(page.locator('main#main')).toBeVisible();
  await expect(page.locator('footer').filter({ hasText: '示例数据' }).first()).toBeVisible();
}

export function searchParams(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

// ---------------------------------------------------------------- search page

/** Reads `#total` (`共 12 条`) once it is rendered. */
export function parseTotal(text: string): number {
  const m = text.match(/共\s*([\d,]+)\s*条/);
  if (!m) throw new Error(`#total does not read like "共 12 条": ${JSON.stringify(text)}`);
  return Number(m[1].replace(/,/g, ''));
}

export async function readTotal(page: Page): Promise<number> {
  const total = page.locator('#total');
  await expect(total).toHaveText(/共\s*[\d,]+\s*条/);
  return parseTotal(await total.innerText());
}

/** A facet link's text, `科技创新 (12)`, as name and count (full-width brackets accepted). */
export function parseFacet(text: string): { name: string; count: number } {
  const m = text.trim().match(/^(.*?)\s*[(（]\s*(\d+)\s*[)）]$/s);
  if (!m) throw new Error(`facet link does not read like "科技创新 (12)": ${JSON.stringify(text)}`);
  return { name: m[1].trim(), count: Number(m[2]) };
}

export function hits(page: Page): Locator {
  return page.locator('ol#results > li.hit');
}

/**
 * The items a results page accounts for: each hit plus the matching earlier versions
 * folded under it (`data-folded`). `#total` counts every item, versions included.
 */
export async function pageWeight(page: Page): Promise<number> {
  const folded = await hits(page).evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-folded') ?? 'NaN')));
  for (const n of folded) expect(Number.isInteger(n), 'every hit says how many versions fold under it').toBe(true);
  return folded.reduce((sum, n) => sum + 1 + n, 0);
}

/** The policy code in a `/policy/{code}` href. */
export function codeFromHref(href: string): string {
  const m = new URL(href, 'http://qingdan.invalid').pathname.match(/^\/policy\/([^/]+)\/?$/);
  if (!m) throw new Error(`not a /policy/{code} link: ${href}`);
  return decodeURIComponent(m[1]);
}

function cssString(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/** Links to one policy, whether its code is percent-encoded in the href or not. */
export function linksToPolicy(scope: Page | Locator, code: string): Locator {
  const raw = `/policy/${code}`;
  const encoded = `/policy/${encodeURIComponent(code)}`;
  const sel = [raw, encoded].map((h) => `a[href=${cssString(h)}]`).join(', ');
  return scope.locator(sel);
}

/**
 * Fills the home/search box (labelled 搜索政策) and submits it with the 搜索 button: a
 * GET form, so a full page load of /search?q=… (wait for hydration after it in `js` mode).
 */
export async function submitSearch(page: Page, query: string): Promise<void> {
  const form = page.locator('form#search-form');
  await expect(form).toHaveAttribute('action', '/search');
  await expect(form).toHaveAttribute('method', /^get$/i);
  const input = form.getByLabel('搜索政策');
  await expect(input).toHaveAttribute('name', 'q');
  await input.fill(query);
  await clickAndLoad(page, form.getByRole('button', { name: '搜索', exact: true }));
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === query);
}

/** Results are there, and the matched terms in the snippets are wrapped in <mark>. */
export async function checkResults(page: Page): Promise<number> {
  const total = await readTotal(page);
  expect(total, 'the search found nothing').toBeGreaterThan(0);
  await expect(hits(page).first()).toBeVisible();
  const shown = await hits(page).count();
  expect(shown).toBeLessThanOrEqual(Math.min(total, PAGE_SIZE));
  const weight = await pageWeight(page);
  if (shown < PAGE_SIZE) expect(weight, 'one page: its hits and folded versions are the total').toBe(total);
  else expect(weight).toBeLessThanOrEqual(total);
  const titles = hits(page).locator('a.hit-title');
  await expect(titles).toHaveCount(shown);
  for (const href of await titles.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
    expect(href).toMatch(/^\/policy\/[^/]+$/);
  }
  await expect(hits(page).locator('.snippet').first()).toBeVisible();
  await expect(hits(page).locator('.snippet mark').first(), 'no <mark> in any snippet').toBeVisible();
  return total;
}

function facetSection(page: Page, facet: string): Locator {
  return page.locator(`nav#facets section.facet[data-facet="${facet}"]`);
}

/** All six facet groups are there, each link reading like `科技创新 (12)`. */
export async function checkFacets(page: Page): Promise<void> {
  for (const facet of ['category', 'support', 'issuer', 'executor', 'delivery', 'in_force']) {
    const section = facetSection(page, facet);
    await expect(section, `facet group ${facet}`).toHaveCount(1);
    const texts = await section.locator('a.facet-link').allInnerTexts();
    for (const t of texts) parseFacet(t);
  }
  await expect(facetSection(page, 'category').locator('a.facet-link').first()).toBeVisible();
}

/**
 * Clicks a not-yet-active link of one facet group (preferring one that narrows the
 * results). A facet is a plain link, so this waits for the page it loads, then checks
 * that the link is the active one there and that the total equals its count.
 */
export async function clickFacet(page: Page, facet: string): Promise<{ name: string; count: number }> {
  const before = await readTotal(page);
  const candidates = facetSection(page, facet).locator('a.facet-link:not([aria-current="true"])');
  await expect(candidates.first(), `no ${facet} facet to click`).toBeVisible();
  const texts = (await candidates.allInnerTexts()).map(parseFacet);
  let index = texts.findIndex((f) => f.count > 0 && f.count < before);
  if (index < 0) index = 0;
  const chosen = texts[index];
  await clickAndLoad(page, candidates.nth(index));
  await page.waitForURL((u) => u.searchParams.has(facet));
  const active = facetSection(page, facet).locator('a.facet-link[aria-current="true"]');
  await expect(active).toHaveCount(1);
  await expect(active).toContainText(chosen.name);
  // The new page is complete (its load event fired): its total is final, nothing to wait for.
  expect(await readTotal(page), `the total after choosing ${chosen.name} should be its facet count`).toBe(chosen.count);
  expect(chosen.count).toBeLessThanOrEqual(before);
  return chosen;
}

// ------------------------------------------------------------ enterprise profile

export interface Profile {
  industry: string;
  size: string;
  region: string;
  qualifications: string[];
  founded: string;
}

export const PROFILE: Profile = {
  industry: '制造业',
  size: '小型',
  region: '黄岛街道',
  qualifications: ['高新技术企业'],
  founded: '2015',
};

/** The profile panel offers the agreed choices. */
export async function checkProfileForm(page: Page): Promise<void> {
  const form = page.locator('form#profile-form');
  await expect(form).toHaveAttribute('action', '/search');
  await expect(form).toHaveAttribute('method', /^get$/i);
  const options = async (name: string) =>
    (await form.locator(`select[name="${name}"] option`).allInnerTexts()).map((t) => t.trim());
  const industries = await options('industry');
  expect(industries).toEqual(expect.arrayContaining(['制造业', '信息技术服务业']));
  const sizes = await options('size');
  expect(sizes).toEqual(expect.arrayContaining(['大型', '中型', '小型', '微型']));
  const regions = await options('region');
  expect(regions).toEqual(expect.arrayContaining(['黄岛街道', '张家楼街道']));
  const quals = await form
    .locator('input[type="checkbox"][name="qualification"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(quals).toEqual(expect.arrayContaining(['高新技术企业', '专精特新', '科技型中小企业', '规上企业']));
  await expect(form.locator('input[name="founded"]')).toHaveCount(1);
}

/** Fills the profile panel and submits it with 匹配政策 (a GET form: a full page load). */
export async function applyProfile(page: Page, profile: Profile = PROFILE): Promise<void> {
  const form = page.locator('form#profile-form');
  await form.locator('select[name="industry"]').selectOption(profile.industry);
  await form.locator('select[name="size"]').selectOption(profile.size);
  await form.locator('select[name="region"]').selectOption(profile.region);
  for (const q of profile.qualifications) {
    await form.locator(`input[name="qualification"][value=${cssString(q)}]`).check();
  }
  await form.locator('input[name="founded"]').fill(profile.founded);
  await clickAndLoad(page, form.getByRole('button', { name: '匹配政策' }));
  await page.waitForURL(
    (u) =>
      u.pathname === '/search' &&
      u.searchParams.get('industry') === profile.industry &&
      u.searchParams.get('size') === profile.size &&
      u.searchParams.get('region') === profile.region &&
      profile.qualifications.every((q) => u.searchParams.getAll('qualification').includes(q)) &&
      u.searchParams.get('founded') === profile.founded,
  );
}

/** The chips above the results show the profile. */
export async function checkChips(page: Page, profile: Profile = PROFILE): Promise<void> {
  const chips = page.locator('#profile-chips .chip');
  await expect(chips.first(), 'no profile chips').toBeVisible();
  for (const word of [profile.industry, profile.size, profile.region, ...profile.qualifications]) {
    await expect(chips.filter({ hasText: word }), `a chip showing ${word}`).not.toHaveCount(0);
  }
}

const BADGE_TEXT: Record<string, RegExp> = {
  'badge-applicable': /^(?!.*不适用).*适用/s,
  'badge-not-applicable': /不适用/,
  'badge-unknown': /待确认/,
};

/** Every hit carries exactly one applicability badge and at least one reason. */
export async function checkBadges(page: Page): Promise<void> {
  await expect(hits(page).first().locator('.badge'), 'no applicability badge').toBeVisible();
  const rows = await hits(page).evaluateAll((lis) =>
    lis.map((li) => {
      const badges = Array.from(li.querySelectorAll('.badge'));
      return {
        title: li.querySelector('a.hit-title')?.textContent?.trim() ?? '',
        badges: badges.map((b) => ({ classes: Array.from(b.classList), text: (b.textContent ?? '').trim() })),
        reasons: Array.from(li.querySelectorAll('ul.reasons > li')).map((r) => (r.textContent ?? '').trim()),
      };
    }),
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row.badges, `one badge on "${row.title}"`).toHaveLength(1);
    const kinds = row.badges[0].classes.filter((c) => c in BADGE_TEXT);
    expect(kinds, `badge class on "${row.title}"`).toHaveLength(1);
    expect(row.badges[0].text, `badge text on "${row.title}" (${kinds[0]})`).toMatch(BADGE_TEXT[kinds[0]]);
    expect(row.reasons.length, `reasons on "${row.title}"`).toBeGreaterThan(0);
    for (const r of row.reasons) expect(r, `an empty reason on "${row.title}"`).not.toBe('');
  }
}

// ------------------------------------------------------------ policy pages

export interface ApiHit {
  code: string;
  title: string;
  document: { title: string; number: string };
  issuing_unit: string;
  executing_unit: string;
  interpreter: { name: string; phone: string };
  category: string;
  in_force: boolean;
  snippet: string;
  applicable: boolean | null;
  reasons: string[];
}

export interface ApiResult {
  total: number;
  hits: ApiHit[];
  facets: unknown;
}

export async function apiSearch(
  request: APIRequestContext,
  params: Record<string, string | string[]>,
): Promise<ApiResult> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
  }
  const response = await request.get(`/api/v1/policies?${qs}`);
  expect(response.status(), `GET /api/v1/policies?${qs}`).toBe(200);
  const body = (await response.json()) as ApiResult;
  expect(typeof body.total).toBe('number');
  expect(Array.isArray(body.hits)).toBe(true);
  return body;
}

export function policyPath(code: string): string {
  return `/policy/${encodeURIComponent(code)}`;
}

/** The first policy the API finds for a query. */
export async function firstApiHit(request: APIRequestContext, q = '补贴'): Promise<ApiHit> {
  const result = await apiSearch(request, { q, limit: '5' });
  expect(result.hits.length, `the API finds nothing for ${q}`).toBeGreaterThan(0);
  return result.hits[0];
}

function digits(s: string): string {
  return s.replace(/\D/g, '');
}

/**
 * The policy page contract: title, 申兑指南, document, units, interpreter with a
 * phone link, history and the 我要反映 button. With `hit`, the page must agree with the API.
 */
export async function checkPolicyPage(page: Page, code: string): Promise<void> {
  const h1 = page.locator('main h1').first();
  await expect(h1).toBeVisible();
  await expect(h1).not.toHaveText('');

  const guide = page.locator('#guide');
  await expect(guide).toBeVisible();
  for (const word of ['兑现方式', '申报时间', '受理窗口', '申报材料']) {
    await expect(guide, `申兑指南 mentions ${word}`).toContainText(word);
  }

  const doc = page.locator('#document');
  await expect(doc).toBeVisible();
  await expect(doc.locator('a[href^="/document/"]').first()).toBeVisible();

  const issuing = page.locator('#issuing-unit a[href^="/unit/"]').first();
  const executing = page.locator('#executing-unit a[href^="/unit/"]').first();
  await expect(issuing).toBeVisible();
  await expect(executing).toBeVisible();

  const interpreter = page.locator('#interpreter');
  await expect(interpreter).toBeVisible();
  await expect(interpreter.locator('a[href^="tel:"]').first()).toBeVisible();

  await expect(page.locator('#history')).toBeVisible();

  const report = page.locator('#report-button');
  await expect(report).toBeVisible();
  await expect(report).toHaveText(/此政策未落实\s*[?？]\s*我要反映/);
  const reportHref = (await report.getAttribute('href'))!;
  const reportUrl = new URL(reportHref, 'http://qingdan.invalid');
  expect(reportUrl.pathname).toBe('/report');
  expect(reportUrl.searchParams.get('policy')).toBe(code);
}

/** The policy page agrees with the API's hit: title, document, units and interpreter. */
export async function checkPolicyAgreesWithApi(page: Page, hit: ApiHit): Promise<void> {
  await expect(page.locator('main h1').first()).toHaveText(hit.title);
  const doc = page.locator('#document');
  await expect(doc).toContainText(hit.document.number);
  const href = (await doc.locator('a[href^="/document/"]').first().getAttribute('href'))!;
  expect(decodeURIComponent(new URL(href, 'http://qingdan.invalid').pathname.slice('/document/'.length))).toBe(
    hit.document.number,
  );
  await expect(page.locator('#issuing-unit a[href^="/unit/"]').first()).toHaveText(hit.issuing_unit);
  await expect(page.locator('#executing-unit a[href^="/unit/"]').first()).toHaveText(hit.executing_unit);
  const interpreter = page.locator('#interpreter');
  await expect(interpreter).toContainText(hit.interpreter.name);
  const telHref = (await interpreter.locator('a[href^="tel:"]').first().getAttribute('href'))!;
  expect(digits(telHref)).toContain(digits(hit.interpreter.phone));
}

/**
 * From a policy page: its document page lists it, its issuing unit's page lists it
 * under #issued, its executing unit's under #executed, and 我要反映 opens the report page.
 */
export async function followPolicyLinks(page: Page, code: string, mode: Mode, hit: ApiHit): Promise<void> {
  const policyUrl = page.url();

  await page.locator('#document a[href^="/document/"]').first().click();
  await page.waitForURL((u) => u.pathname.startsWith('/document/'));
  await settle(page, mode);
  await checkChrome(page);
  await expect(page.locator('main')).toContainText(hit.document.number);
  await expect(linksToPolicy(page.locator('main'), code).first(), 'the document page lists the policy').toBeVisible();
  await expect(page.locator('main a[href^="/policy/"]').first()).toBeVisible();

  await open(page, policyUrl, mode);
  await page.locator('#issuing-unit a[href^="/unit/"]').first().click();
  await page.waitForURL((u) => u.pathname.startsWith('/unit/'));
  await settle(page, mode);
  await checkChrome(page);
  await expect(page.locator('#issued')).toBeVisible();
  await expect(page.locator('#executed')).toHaveCount(1);
  await expect(page.locator('main')).toContainText(hit.issuing_unit);
  // A unit issues documents; the policy's document must be among them.
  await expect(page.locator('#issued'), '#issued lists the policy document').toContainText(hit.document.number);
  await expect(page.locator('#issued a[href^="/document/"]').first()).toBeVisible();

  await open(page, policyUrl, mode);
  await page.locator('#executing-unit a[href^="/unit/"]').first().click();
  await page.waitForURL((u) => u.pathname.startsWith('/unit/'));
  await settle(page, mode);
  await expect(page.locator('#executed')).toBeVisible();
  await expect(page.locator('#issued')).toHaveCount(1);
  await expect(linksToPolicy(page.locator('#executed'), code).first(), '#executed lists the policy').toBeVisible();

  await open(page, policyUrl, mode);
  await page.locator('#report-button').click();
  await page.waitForURL((u) => u.pathname === '/report' && u.searchParams.get('policy') === code);
  await settle(page, mode);
  await checkChrome(page);
  await expect(page.locator('main h1').first()).toContainText('反映');
  await expect(page.locator('main')).toContainText('86757678');
}

// ------------------------------------------------------------ home, pagination

export async function checkHome(page: Page): Promise<void> {
  await checkChrome(page);
  const form = page.locator('form#search-form');
  await expect(form).toBeVisible();
  await expect(form.getByLabel('搜索政策')).toHaveAttribute('name', 'q');
  await expect(form.getByRole('button', { name: '搜索', exact: true })).toBeVisible();
  await expect(page.locator('#categories a[href^="/search?category="]').first()).toBeVisible();
  await expect(page.locator('#auto-benefits a[href^="/policy/"]').first()).toBeVisible();
  await expect(page.locator('#newest a[href^="/policy/"]').first()).toBeVisible();
}

/** Clicks the first category on the home page and checks the filtered search. */
export async function followHomeCategory(page: Page, mode: Mode): Promise<void> {
  const link = page.locator('#categories a[href^="/search?category="]').first();
  const href = (await link.getAttribute('href'))!;
  const category = new URL(href, 'http://qingdan.invalid').searchParams.get('category')!;
  expect(category).toBeTruthy();
  await link.click();
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('category') === category);
  await settle(page, mode);
  const active = facetSection(page, 'category').locator('a.facet-link[aria-current="true"]');
  await expect(active).toHaveCount(1);
  await expect(active).toContainText(category);
  const total = await readTotal(page);
  expect(total, `category ${category} from the home page is empty`).toBeGreaterThan(0);
  expect(parseFacet(await active.innerText()).count).toBe(total);
}

/**
 * 下一页 appears exactly when more policies follow (earlier versions fold under their
 * current one, so pages account for their hits plus the versions folded under them),
 * and leads to page 2 of the same search.
 */
export async function checkPagination(page: Page, url: string, mode: Mode): Promise<void> {
  await open(page, url, mode);
  const total = await readTotal(page);
  const next = page.locator('nav.pagination a', { hasText: '下一页' });
  const first = await pageWeight(page);
  expect(total, `${url} must list more than one page to test paging`).toBeGreaterThan(first);
  await expect(hits(page)).toHaveCount(PAGE_SIZE);
  const firstHref = (await hits(page).first().locator('a.hit-title').getAttribute('href'))!;
  const before = new URL(page.url()).searchParams;
  await next.first().click();
  await page.waitForURL((u) => u.searchParams.get('page') === '2');
  for (const [k, v] of before) {
    if (k !== 'page') expect(new URL(page.url()).searchParams.getAll(k), `page 2 keeps ${k}`).toContain(v);
  }
  await expect(hits(page).first().locator('a.hit-title')).not.toHaveAttribute('href', firstHref);
  await expect(hits(page).first()).toBeVisible();
  const second = await pageWeight(page);
  expect(first + second).toBeLessThanOrEqual(total);
  const third = await next.count();
  expect(third === 0 ? first + second : total, 'two pages account for every item when no third follows').toBe(total);
  expect(await readTotal(page)).toBe(total);
}

// ------------------------------------------------------------ hostile input

/** Queries the public may type that must neither break the page nor run as code. */
export const HOSTILE_QUERIES: string[] = [
  '"',
  'AND OR',
  'title:(',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '*:* +-&&||!(){}[]^"~*?:\\/',
  "补贴' OR '1'='1",
  '%',
];

/**
 * 5004 characters, longer than any query the server should accept, yet a URL of
 * about 6.4 KB (5000 CJK characters would make a 45 KB URL that proxies refuse).
 */
export const LONG_QUERY = '补贴'.repeat(10) + 'subsidy '.repeat(623);

export function describeQuery(q: string): string {
  return q.length > 40 ? `${q.slice(0, 12)}… (${q.length} chars)` : JSON.stringify(q);
}

// ------------------------------------------------------------ folded versions, partial matches

/** A policy of the sample list issued in four documents (2017, 2019 and twice in 2020). */
export const VERSIONED_TITLE = '发明专利资助';

/**
 * A search for a policy issued several times shows it once, its newest version in
 * front and a "其他版本 N 个" line whose links open the other versions; the page
 * and the JSON API agree.
 */
export async function checkFoldedVersions(page: Page, request: APIRequestContext, mode: Mode): Promise<void> {
  await open(page, `/search?q=${encodeURIComponent(VERSIONED_TITLE)}`, mode);
  const titled = hits(page).filter({ has: page.locator('a.hit-title', { hasText: VERSIONED_TITLE }) });
  await expect(titled, 'the policy is shown once, not once per version').toHaveCount(1);
  const hit = titled.first();
  const earlier = hit.locator('details.earlier');
  await expect(earlier.locator('summary')).toHaveText(/其他版本\s*\d+\s*个/);
  const n = Number((await earlier.locator('summary').innerText()).match(/(\d+)/)![1]);
  expect(n, 'the sample has three earlier versions').toBe(3);
  const api = await request.get(`/api/v1/policies?q=${encodeURIComponent(VERSIONED_TITLE)}&limit=50`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { hits: Array<{ code: string; title: string; earlier: Array<{ code: string }> }> };
  const apiHit = body.hits.find((h) => h.title === VERSIONED_TITLE)!;
  expect(apiHit.earlier.length).toBe(n);
  expect(codeFromHref((await hit.locator('a.hit-title').getAttribute('href'))!)).toBe(apiHit.code);
  await earlier.locator('summary').click();
  const links = earlier.locator('a');
  await expect(links).toHaveCount(n);
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.map(codeFromHref)).toEqual(apiHit.earlier.map((e) => e.code));
  const oldest = apiHit.earlier[n - 1].code;
  await links.nth(n - 1).click();
  await page.waitForURL((u) => u.pathname === policyPath(oldest) || decodeURIComponent(u.pathname) === `/policy/${oldest}`);
  await settle(page, mode);
  await checkPolicyPage(page, oldest);
  await expect(page.locator('main h1').first()).toHaveText(VERSIONED_TITLE);
}

export const PARTIAL_NOTICE = '没有同时包含全部词语的结果，以下结果只包含部分词语';

/** A query no policy matches in full says that its hits contain only some words. */
export async function checkPartialNotice(page: Page, mode: Mode): Promise<void> {
  await open(page, `/search?q=${encodeURIComponent('发明专利 火星基地')}`, mode);
  await expect(page.locator('#partial-notice')).toContainText(PARTIAL_NOTICE);
  expect(await readTotal(page)).toBeGreaterThan(0);
  await expect(hits(page).first()).toBeVisible();
  await open(page, `/search?q=${encodeURIComponent('发明专利')}`, mode);
  await expect(hits(page).first()).toBeVisible();
  await expect(page.locator('#partial-notice')).toHaveCount(0);
}
