import { expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { clickAndLoad } from './helpers';

export const STAFF_PASSWORD = 'e2e-staff-password';

/** A tiny valid PNG header is enough: the server checks content, not names. */
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('qingdan evidence'),
]);

export interface Filed {
  receipt: string;
  caseNumber: string;
}

export async function fileTip(
  page: Page,
  opts: { named: boolean; description: string; withFile?: boolean },
): Promise<Filed> {
  await page.goto('/report');
  await expect(page.locator('main h1')).toContainText('反映');
  await page.locator('#kind-policy_not_honoured').check();
  await page.fill('#subject_unit', '区商务局');
  await page.fill('#description', opts.description);
  await page.fill('#occurred_when', '2026年10月');
  if (opts.named) {
    await page.locator('#named').check();
    await page.fill('#name', '赵企业家');
    await page.fill('#phone', '13700001234');
    await page.fill('#email', 'zhao@example.com');
  } else {
    await page.locator('#anon').check();
  }
  if (opts.withFile) {
    await page.setInputFiles('#evidence', { name: 'evidence.png', mimeType: 'image/png', buffer: PNG });
  }
  await page.locator('#pledge').check();
  await page.locator('#tip-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/report/receipt');
  const receipt = (await page.locator('#receipt').innerText()).trim();
  const caseNumber = (await page.locator('#case-number').innerText()).trim();
  expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  expect(caseNumber).toMatch(/^JB\d{8}-[0-9A-F]{6}$/);
  await expect(page.locator('#receipt-download')).toHaveAttribute('download', /回执/);
  return { receipt, caseNumber };
}

export async function track(page: Page, receipt: string): Promise<void> {
  await page.goto('/track');
  const leave = page.locator('form[action="/track/leave"] button');
  if (await leave.count()) {
    await leave.click();
    await page.waitForURL((u) => u.pathname === '/track');
  }
  await page.fill('#receipt', receipt);
  await page.locator('#track-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/track');
  await expect(page.locator('#case-state')).toBeVisible();
}

export async function login(page: Page, user: string): Promise<void> {
  await page.goto('/staff/login');
  await page.fill('#username', user);
  await page.fill('#password', STAFF_PASSWORD);
  await page.locator('#login-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/staff');
  await expect(page.locator('#queue')).toBeVisible();
}

export async function logout(page: Page): Promise<void> {
  await page.locator('form[action="/staff/logout"] button').first().click();
  await page.waitForURL((u) => u.pathname === '/staff/login');
}

export async function openCase(page: Page, caseNumber: string): Promise<void> {
  await page.goto('/staff');
  await page.locator('#queue a', { hasText: caseNumber }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/staff/case/'));
  await expect(page.locator('#case-number')).toHaveText(caseNumber);
}

/**
 * Submits one action form on the case page and waits for the page to come back: a form
 * POST answered by a redirect, so a new page whose load event fires (waiting for the
 * load state alone would return at once, on the page that was just submitted).
 */
export async function act(page: Page, action: string, fill?: (form: ReturnType<Page['locator']>) => Promise<void>): Promise<void> {
  const form = page.locator(`form[data-action="${action}"]`);
  if (fill) await fill(form);
  // Steps that cannot be taken back ask first.
  const confirm = form.locator('details.confirm summary');
  if (await confirm.count()) await confirm.click();
  await clickAndLoad(page, form.locator('button[type=submit]'));
  await expect(page.locator('[role=alert]')).toHaveCount(0);
}

export async function axe(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, JSON.stringify(bad.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) })), null, 2)).toEqual([]);
}

export function dueDate(daysAhead: number): string {
  const d = new Date(Date.now() + daysAhead * 86400_000 + 8 * 3600_000);
  return d.toISOString().slice(0, 10);
}
