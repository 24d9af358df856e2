// The English interface (/en/…), by the same steps with JavaScript on and off: the
// switch keeps the page and its query, links stay in English, the data stays Chinese
// (marked lang="zh-CN"), and a form on an English page answers on an English page.
import type { Page } from '@playwright/test';
import { expect, open, settle, type Mode } from './helpers';

const QUERY = '?q=' + encodeURIComponent('补贴') + '&industry=' + encodeURIComponent('制造业');

/** An English page: the language, the English navigation and sample notice. */
export async function checkEnglishChrome(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('nav[aria-label="Main navigation"]')).toBeVisible();
  await expect(page.locator('footer').filter({ hasText: 'Sample data' }).first()).toBeVisible();
  await expect(page.locator('#lang-switch')).toHaveText('中文');
  await expect(page.locator('#lang-switch')).toHaveAttribute('lang', 'zh-CN');
}

/** From a Chinese search to the English one and a policy, and back to Chinese. */
export async function switchLanguage(page: Page, mode: Mode): Promise<void> {
  await open(page, '/search' + QUERY, mode);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('#lang-switch')).toHaveText('English');
  await page.locator('#lang-switch').click();
  await page.waitForURL((u) => u.pathname === '/en/search' && u.search === QUERY);
  await settle(page, mode);
  await checkEnglishChrome(page);
  await expect(page.locator('form#search-form')).toHaveAttribute('action', '/en/search');
  const first = page.locator('ol#results > li.hit').first();
  await expect(first).toBeVisible();
  // The hit's title is data: Chinese, and marked so.
  const title = first.locator('h3 a, h2 a').first();
  await expect(title.locator('xpath=ancestor-or-self::*[@lang][1]')).toHaveAttribute('lang', 'zh-CN');
  const href = await title.getAttribute('href');
  expect(href, 'a hit links to the English policy page').toMatch(/^\/en\/policy\//);

  // A new search from the English page stays English (the form's own address).
  const input = page.locator('form#search-form input[name=q]');
  await input.fill('贴息');
  await page.locator('form#search-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/en/search' && u.searchParams.get('q') === '贴息');
  await settle(page, mode);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.goto(href!);
  await settle(page, mode);
  await checkEnglishChrome(page);
  const policy = new URL(page.url()).pathname;
  await page.locator('#lang-switch').click();
  await page.waitForURL((u) => u.pathname === policy.replace(/^\/en/, ''));
  await settle(page, mode);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('#lang-switch')).toHaveAttribute('href', policy);
}

/** A tip form on the English page with a missing field comes back English, with its error. */
export async function englishFormError(page: Page, mode: Mode): Promise<void> {
  await open(page, '/en/report', mode);
  await checkEnglishChrome(page);
  await page.locator('#kind-policy_not_honoured').check();
  await page.fill('#description', 'English page test: the window asked for the same document three times.');
  await page.locator('#anon').check();
  // No pledge ticked: the server refuses and sends the form back.
  await page.locator('#pledge').evaluate((el) => el.removeAttribute('required'));
  await page.locator('#tip-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/en/report' && u.searchParams.has('error'));
  await settle(page, mode);
  await checkEnglishChrome(page);
  await expect(page.locator('#error-summary')).toBeVisible();
  await expect(page.locator('#description')).toHaveValue(/English page test/);
}
