// The portal's open doors: the public dashboard and policy alerts, by the same steps
// with JavaScript on and off.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { checkChrome, expect, open, type Mode } from './helpers';
import { adminClick, expectNotice, loginAdmin } from './admin-helpers';

/** `YYYY-MM` of the month `back` months before this one (the dashboard counts ended months only). */
function monthAgo(back: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** /dashboard: charts drawn by the server with their tables; a range of months; the CSV; a bad range. */
export async function viewDashboard(page: Page, mode: Mode): Promise<void> {
  await open(page, '/dashboard', mode);
  await checkChrome(page);
  for (const id of ['by-month', 'by-kind', 'by-channel', 'by-unit', 'ratings', 'tasks-by-area', 'tasks-by-unit']) {
    await expect(page.locator(`#${id} svg`), `chart ${id} drawn`).toHaveCount(1);
    await expect(page.locator(`#${id} table`), `chart ${id} has its table`).toHaveCount(1);
  }
  await expect(page.locator('#by-month tbody tr')).toHaveCount(12);
  await expect(page.locator('#tasks-by-area svg rect').first()).toBeVisible();
  await expect(page.locator('#services-total')).toContainText('项服务事项');
  // Any count below five is "<5", never a number.
  for (const cell of await page.locator('#by-kind tbody td').allInnerTexts()) {
    expect(cell === '<5' || Number(cell) >= 5, `a published count: ${cell}`).toBe(true);
  }

  const [from, middle, to] = [monthAgo(3), monthAgo(2), monthAgo(1)];
  await page.locator('#from').fill(from);
  await page.locator('#to').fill(to);
  await page.locator('#range-form button[type=submit]').click();
  await page.waitForURL((u) => u.searchParams.get('from') === from && u.searchParams.get('to') === to);
  await expect(page.locator('#range-echo')).toContainText(`${from} 至 ${to}`);
  await expect(page.locator('#by-month tbody tr')).toHaveCount(3);
  const csvHref = await page.locator('#csv-link').getAttribute('href');
  expect(csvHref).toContain(`from=${from}`);
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain(`按月份,${middle},件数,`);

  const bad = await page.goto(`/dashboard?from=${to}&to=${from}`);
  expect(bad!.status()).toBe(400);
  await expect(page.locator('.error-box')).toContainText('起始月份晚于结束月份');
}

/** The token of the last mail the portal wrote for `address` (mail goes to files in the tests' portal). */
async function tokenMailedTo(address: string): Promise<string> {
  const dir = path.join(process.env.__QINGDAN_E2E_DATA_DIR ?? '', 'mail');
  const find = (): string => {
    if (!fs.existsSync(dir)) return '';
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.eml'))) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const token = /unsubscribe\?token=([0-9a-f]{64})/.exec(text);
      if (text.includes(address) && token) return token[1];
    }
    return '';
  };
  await expect.poll(find, { message: `a confirmation mail to ${address}`, timeout: 30_000 }).not.toBe('');
  return find();
}

/** From a search with a profile to a daily alert: subscribe, confirm by the mailed link, unsubscribe. */
export async function subscribeToAlerts(page: Page, mode: Mode): Promise<void> {
  const address = `qy-${mode}-${Date.now()}@example.com`;
  await open(page, '/search?q=' + encodeURIComponent('补贴') + '&industry=' + encodeURIComponent('制造业'), mode);
  await page.locator('#alert-link').click();
  await page.waitForURL((u) => u.pathname === '/alerts');
  await expect(page.locator('#a-q')).toHaveValue('补贴');
  await expect(page.locator('#p-industry')).toHaveValue('制造业');
  await page.locator('#a-email').fill(address);
  await page.locator('#a-daily').check();
  await page.locator('#alert-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/alerts' && u.searchParams.has('ok'));
  await expect(page.locator('[role=status]')).toContainText('确认邮件已发送');

  const token = await tokenMailedTo(address);
  await open(page, `/alerts/manage?token=${token}`, mode);
  await expect(page.locator('#subscription-state')).toContainText('尚未确认');
  await expect(page.locator('#subscription')).toContainText('关键词：补贴');
  await expect(page.locator('#subscription')).toContainText('行业：制造业');
  await expect(page.locator('#subscription')).toContainText('每日汇总');
  await expect(page.locator('body')).not.toContainText(address);
  await page.locator('#subscription-action').click();
  await expect(page.locator('#subscription-state')).toContainText('已生效');
  await page.locator('#subscription-action').click();
  await expect(page.locator('#subscription-state')).toContainText('已退订');
  await expect(page.locator('#subscription-action')).toHaveCount(0);

  await open(page, `/alerts/manage?token=${'0'.repeat(64)}`, mode);
  await expect(page.locator('#unknown-link')).toContainText('链接无效');
}

/**
 * The admin desk makes an Open311 key (shown once), a client files a tip with it and
 * reads the tip back without its words; the key is revoked and files nothing more.
 */
export async function open311Key(page: Page, mode: Mode): Promise<void> {
  await loginAdmin(page, mode);
  const client = `热线系统-${mode}-${Date.now()}`;
  await page.locator('#key-name').fill(client);
  await adminClick(page, page.locator('#add-api-key button[type=submit]'), mode);
  await expectNotice(page, '只显示这一次');
  const key = (await page.locator('#new-api-key').innerText()).trim();
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  const row = page.locator('#api-key-list tbody tr', { hasText: client });
  await expect(row).toBeVisible();

  const words = `Open311 测试（${mode}）：某窗口要求重复提交已经提交过的材料`;
  const form = { api_key: key, service_code: 'obstructing_business', description: words, 'attribute[anonymous]': 'true' };
  const filed = await page.request.post('/open311/v2/requests.json', { form });
  expect(filed.status()).toBe(201);
  const [answer] = await filed.json();
  expect(answer.service_notice).toContain('回执码');
  const one = await page.request.get(`/open311/v2/requests/${answer.service_request_id}.xml`);
  expect(one.status()).toBe(200);
  const xml = await one.text();
  expect(xml).toContain(`<service_request_id>${answer.service_request_id}</service_request_id>`);
  expect(xml).not.toContain('重复提交');

  await open(page, '/staff/admin', mode);
  await adminClick(page, row.locator('button', { hasText: '停用' }), mode);
  await expectNotice(page, '已停用');
  await expect(page.locator('#new-api-key')).toHaveCount(0);
  const refused = await page.request.post('/open311/v2/requests.json', { form });
  expect(refused.status()).toBe(403);
}
