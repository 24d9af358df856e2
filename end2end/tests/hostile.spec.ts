// Whatever the public types into the search box, the page renders normally, shows
// the text escaped, runs none of it, and the server never answers 5xx.
import type { Page } from '@playwright/test';
import {
  HOSTILE_QUERIES,
  LONG_QUERY,
  checkChrome,
  describeQuery,
  expect,
  open,
  readTotal,
  submitSearch,
  test,
  waitForHydration,
} from './helpers';

/** Nothing from the query became markup: no injected element, no inline script. */
async function expectNothingInjected(page: Page): Promise<void> {
  const injected = await page.evaluate(() => ({
    images: document.querySelectorAll('img[src="x"]').length,
    scripts: Array.from(document.scripts).filter((s) => (s.textContent ?? '').trim() === 'alert(1)').length,
    handlers: document.querySelectorAll('[onerror]').length,
  }));
  expect(injected).toEqual({ images: 0, scripts: 0, handlers: 0 });
}

/** The query is shown as text: in the search box or in the page. */
async function expectShownAsText(page: Page, q: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate((query) => {
          const inBox = Array.from(document.querySelectorAll<HTMLInputElement>('input[name="q"]')).some(
            (input) => input.value === query,
          );
          return inBox || document.body.innerText.includes(query);
        }, q),
      { message: 'the query is echoed as text (search box value or page text)' },
    )
    .toBe(true);
}

for (const q of HOSTILE_QUERIES) {
  test(`search page renders normally for ${describeQuery(q)}`, async ({ page, dialogs }) => {
    const response = await page.goto('/search?q=' + encodeURIComponent(q));
    expect(response).not.toBeNull();
    expect(response!.status()).toBeLessThan(500);
    await waitForHydration(page);
    await checkChrome(page);
    expect(await readTotal(page)).toBeGreaterThanOrEqual(0);
    await expectShownAsText(page, q);
    await expectNothingInjected(page);
    await page.waitForTimeout(200); // give a stray handler the chance to fire
    expect(dialogs).toEqual([]);
  });

  test(`API answers ${describeQuery(q)} with JSON`, async ({ request }) => {
    const response = await request.get('/api/v1/policies?limit=5&q=' + encodeURIComponent(q));
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/json');
    const body = await response.json();
    expect(typeof body.total).toBe('number');
    expect(Array.isArray(body.hits)).toBe(true);
  });
}

test('a hostile query typed into the search box runs nothing', async ({ page, dialogs }) => {
  await open(page, '/', 'js');
  for (const q of ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>']) {
    await page.goto('/');
    await waitForHydration(page);
    await submitSearch(page, q);
    await waitForHydration(page);
    await checkChrome(page);
    await readTotal(page);
    await expectShownAsText(page, q);
    await expectNothingInjected(page);
  }
  await page.waitForTimeout(200);
  expect(dialogs).toEqual([]);
});

test('an over-long query gets an error message, not a server error', async ({ page }) => {
  const response = await page.goto('/search?q=' + encodeURIComponent(LONG_QUERY));
  expect(response).not.toBeNull();
  expect(response!.status()).toBeLessThan(500);
  await waitForHydration(page);
  await checkChrome(page);
  const alert = page.locator('[role="alert"]').first();
  await expect(alert).toBeVisible();
  await expect(alert).not.toHaveText(/^\s*$/);
});

test('the API refuses an over-long query with its documented JSON error', async ({ request }) => {
  const response = await request.get('/api/v1/policies?limit=5&q=' + encodeURIComponent(LONG_QUERY));
  expect(response.status()).toBe(400);
  expect(response.headers()['content-type']).toContain('application/json');
  const body = await response.json();
  expect(body.code).toBe('bad_request');
  expect(body.error).toContain('搜索词过长');
});

test('odd filter and page values never cause a server error', async ({ page, request }) => {
  const odd = [
    '/search?q=补贴&page=0',
    '/search?q=补贴&page=-1',
    '/search?q=补贴&page=99999',
    '/search?q=补贴&page=abc',
    '/search?founded=abc&industry=%3Cscript%3E&size=%22',
    '/search?category=' + encodeURIComponent('<img src=x onerror=alert(1)>'),
    '/search?in_force=maybe&qualification=&qualification=' + encodeURIComponent('"'),
  ];
  for (const url of odd) {
    const response = await page.goto(url);
    expect(response, url).not.toBeNull();
    expect(response!.status(), url).toBeLessThan(500);
    await waitForHydration(page);
    await checkChrome(page);
    await expectNothingInjected(page);
  }
  for (const query of ['limit=100000', 'limit=-1', 'offset=-5', 'founded=abc', 'in_force=maybe', 'limit=abc']) {
    const response = await request.get('/api/v1/policies?' + query);
    expect(response.status(), query).toBe(400);
    expect(response.headers()['content-type'], query).toContain('application/json');
    const body = await response.json();
    expect(body.code, query).toBe('bad_request');
    expect(typeof body.error === 'string' && body.error.length > 0, query).toBe(true);
  }
});
