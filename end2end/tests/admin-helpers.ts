// Helpers for the administrator page (/staff/admin) and for staff logins, in either
// mode (`js`: wait for hydration after every page load; `nojs`: plain HTML forms).
// Every admin action is a real form POST answered by a redirect back to the page
// with ?ok=… (shown as p.notice[role=status]) or ?error=… (the [role=alert] box).
import * as fs from 'node:fs';
import type { Browser, BrowserContext, Locator, Page, TestInfo } from '@playwright/test';
import { expect, settle, type Mode } from './helpers';

/** The password of the accounts made by playwright.config.ts (jw, sw, admin). */
export const STAFF_PASSWORD = 'e2e-staff-password';
export const ADMIN_USER = 'admin';

let counter = 0;
/** A short suffix unique to this run and call, for user names, unit names and policy codes. */
export function unique(): string {
  counter += 1;
  return `${Date.now().toString(36)}${process.pid.toString(36)}${counter}`.toUpperCase();
}

/**
 * Clicks a submit button and waits for the page it leads to (a POST answered by a
 * redirect is one navigation), then for hydration in `js` mode. Returns the new URL.
 */
export async function submitAndWait(page: Page, button: Locator, mode: Mode): Promise<URL> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await button.click();
  await navigated;
  await page.waitForLoadState('load');
  await settle(page, mode);
  return new URL(page.url());
}

/** Fills and submits the staff login form; returns where the server sent the browser. */
export async function submitLogin(page: Page, username: string, password: string, mode: Mode): Promise<URL> {
  const response = await page.goto('/staff/login');
  expect(response?.status(), 'status of /staff/login').toBe(200);
  await settle(page, mode);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  return submitAndWait(page, page.locator('#login-form button[type=submit]'), mode);
}

/** Logs a staff member in and insists on landing at `landing` without an error. */
export async function staffLogin(page: Page, username: string, password: string, mode: Mode, landing: string): Promise<void> {
  const url = await submitLogin(page, username, password, mode);
  const alert = (await page.locator('[role=alert]').allInnerTexts()).join(' ');
  expect(url.pathname, `${username} should land on ${landing} (error shown: ${alert || 'none'})`).toBe(landing);
}

/** The first login of an account whose password an administrator set: the holder is
 * sent to choose their own, does, and logs in again with it. */
export async function firstLogin(page: Page, username: string, given: string, own: string, mode: Mode, landing: string): Promise<void> {
  const url = await submitLogin(page, username, given, mode);
  expect(url.pathname, `${username}'s first login goes to the password page`).toBe('/staff/password');
  await expect(page.locator('#first-login')).toBeVisible();
  await page.locator('#current').fill(given);
  await page.locator('#new').fill(own);
  await page.locator('#confirm').fill(own);
  const after = await submitAndWait(page, page.locator('#password-form button[type=submit]'), mode);
  expect(after.pathname).toBe('/staff/login');
  await expect(page.locator('p.notice[role=status]')).toContainText('密码已修改');
  await staffLogin(page, username, own, mode, landing);
}

/** Logs the administrator in: the login lands on the admin page itself. */
export async function loginAdmin(page: Page, mode: Mode): Promise<void> {
  await staffLogin(page, ADMIN_USER, STAFF_PASSWORD, mode, '/staff/admin');
  await expect(page.locator('main h1').first()).toHaveText('系统管理');
  await expect(page.locator('table#users')).toBeVisible();
}

/** A failed login: back on the login page with an error, which is returned. */
export async function failedLogin(page: Page, username: string, password: string, mode: Mode): Promise<string> {
  const url = await submitLogin(page, username, password, mode);
  expect(url.pathname, `the login of ${username} should fail`).toBe('/staff/login');
  const alert = page.locator('[role=alert]');
  await expect(alert).toBeVisible();
  return (await alert.innerText()).trim();
}

export async function logoutStaff(page: Page, mode: Mode): Promise<void> {
  const url = await submitAndWait(page, page.locator('form[action="/staff/logout"] button').first(), mode);
  expect(url.pathname).toBe('/staff/login');
}

/** Submits one admin form through `button`; the answer must be the admin page with a notice or an error. */
export async function adminClick(page: Page, button: Locator, mode: Mode): Promise<URL> {
  const url = await submitAndWait(page, button, mode);
  expect(url.pathname, 'admin forms answer with the admin page').toBe('/staff/admin');
  expect(
    url.searchParams.has('ok') || url.searchParams.has('error'),
    `admin forms answer with ?ok= or ?error=, not ${url.search}`,
  ).toBe(true);
  return url;
}

export async function expectNotice(page: Page, text: string | RegExp): Promise<void> {
  const alerts = await page.locator('[role=alert]').allInnerTexts();
  expect(alerts, 'no error box after a successful action').toEqual([]);
  await expect(page.locator('p.notice[role=status]')).toContainText(text);
}

export async function expectAdminError(page: Page, text: string | RegExp): Promise<void> {
  await expect(page.locator('[role=alert]')).toContainText(text);
  await expect(page.locator('p.notice[role=status]')).toHaveCount(0);
}

export function userRow(page: Page, username: string): Locator {
  return page.locator(`table#users tbody tr[data-user="${username}"]`);
}

export function unitRow(page: Page, unit: string): Locator {
  return page.locator('table#units tbody tr').filter({ has: page.getByRole('link', { name: unit, exact: true }) });
}

export async function addUnit(page: Page, name: string, mode: Mode): Promise<void> {
  const form = page.locator('form#add-unit');
  await form.getByLabel('单位名称').fill(name);
  await adminClick(page, form.getByRole('button', { name: '新增' }), mode);
  await expectNotice(page, `已新增单位「${name}」`);
  await expect(unitRow(page, name)).toHaveCount(1);
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: 'commission' | 'unit' | 'admin';
  unit?: string;
  email?: string;
  password: string;
}

/** Fills form#add-user and submits it; the caller checks the answer. */
export async function submitAccount(page: Page, a: NewAccount, mode: Mode): Promise<URL> {
  const form = page.locator('form#add-user');
  await form.getByLabel('用户名', { exact: true }).fill(a.username);
  await form.getByLabel('姓名', { exact: true }).fill(a.displayName);
  await form.getByLabel('角色').selectOption(a.role);
  await form.getByLabel(/所属单位/).fill(a.unit ?? '');
  await form.getByLabel(/邮箱/).fill(a.email ?? '');
  await form.getByLabel(/初始密码/).fill(a.password);
  return adminClick(page, form.getByRole('button', { name: '创建账号' }), mode);
}

export async function addAccount(page: Page, a: NewAccount, mode: Mode): Promise<void> {
  await submitAccount(page, a, mode);
  await expectNotice(page, `已创建账号 ${a.username}`);
  await expect(userRow(page, a.username)).toHaveCount(1);
}

/** 停用 or 启用 on an account's row. */
export async function setActive(page: Page, username: string, active: boolean, mode: Mode): Promise<void> {
  const label = active ? '启用' : '停用';
  await adminClick(page, userRow(page, username).getByRole('button', { name: `${label}账号 ${username}` }), mode);
  await expectNotice(page, active ? `已启用账号 ${username}` : `已停用账号 ${username}`);
  const row = userRow(page, username);
  await expect(row).toContainText(active ? '正常' : '已停用');
  await expect(row.getByRole('button', { name: `${active ? '停用' : '启用'}账号 ${username}` })).toBeVisible();
}

export async function resetPassword(page: Page, username: string, password: string, mode: Mode): Promise<void> {
  const row = userRow(page, username);
  await row.getByLabel(`${username} 的新密码`).fill(password);
  await adminClick(page, row.getByRole('button', { name: /重置账号 .* 的密码/ }), mode);
  await expectNotice(page, `已重置 ${username} 的密码`);
}

export async function uploadPolicyList(page: Page, file: string, mode: Mode): Promise<URL> {
  const form = page.locator('form#import-form');
  await form.getByLabel(/清单文件/).setInputFiles(file);
  return adminClick(page, form.getByRole('button', { name: '校验并导入' }), mode);
}

export async function policyCount(page: Page): Promise<number> {
  const text = (await page.locator('#policy-count').innerText()).trim();
  expect(text).toMatch(/^\d+$/);
  return Number(text);
}

/** The entries of #admin-log that mention every one of `words`. */
export function logEntries(page: Page, ...words: string[]): Locator {
  let entries = page.locator('ol#admin-log > li');
  for (const w of words) entries = entries.filter({ hasText: w });
  return entries;
}

// ------------------------------------------------------------ policy list files

/** The columns of a policy list, as in the bundled sample list and server/src/import.rs. */
export const POLICY_COLUMNS = [
  '政策编号', '政策名称', '文件名称', '文号', '发布单位', '发布日期', '文件状态', '执行单位', '政策解读人',
  '解读人电话', '政策类别', '支持方式', '政策内容', '适用行业', '适用规模', '适用区域', '资质要求', '成立年限',
  '兑现方式', '最高金额', '申报时间', '受理窗口', '申报材料', '生效日期', '失效日期', '评估修订',
] as const;

export type PolicyRow = Record<(typeof POLICY_COLUMNS)[number], string>;

/** One valid row; `doc` makes the document (文号) unique to the caller. */
export function policyRow(code: string, doc: string, over: Partial<PolicyRow> = {}): PolicyRow {
  return {
    政策编号: code,
    政策名称: '深远海智能养殖工船建造补助',
    文件名称: `关于支持深远海养殖装备发展的若干措施（${doc}）`,
    文号: `区海发〔2020〕${doc}号`,
    发布单位: '区人民政府',
    发布日期: '2020-05-06',
    文件状态: '有效',
    执行单位: '区海洋发展局',
    政策解读人: '林海波',
    解读人电话: '0532-86751234',
    政策类别: '海洋经济',
    支持方式: '资金补助',
    政策内容: '对在区内建造深远海智能养殖工船、大型养殖围栏的企业，按照装备投资额的10%给予补助，单个项目最高200万元。',
    适用行业: '全部',
    适用规模: '全部',
    适用区域: '全区',
    资质要求: '',
    成立年限: '',
    兑现方式: '依申请',
    最高金额: '200',
    申报时间: '每年3月',
    受理窗口: '区政务服务中心三楼海洋窗口',
    申报材料: '申请表；建造合同；投资发票',
    生效日期: '2020-05-06',
    失效日期: '',
    评估修订: '',
    ...over,
  };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A UTF-8 CSV with a BOM, as a spreadsheet program saves it. */
export function policyCsv(rows: PolicyRow[]): string {
  const lines = [POLICY_COLUMNS.join(',')];
  for (const row of rows) lines.push(POLICY_COLUMNS.map((c) => csvCell(row[c])).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** Writes `content` to a file in this test's own output directory and returns its path. */
export function writeTestFile(info: TestInfo, name: string, content: string | Buffer): string {
  const file = info.outputPath(name);
  fs.writeFileSync(file, content);
  return file;
}

// ------------------------------------------------------------ a second browser

/** A second, separate browser session (cookies of its own) in the same mode, checked for page errors. */
export async function otherSession(
  browser: Browser,
  info: TestInfo,
  mode: Mode,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL: info.project.use.baseURL,
    locale: 'zh-CN',
    javaScriptEnabled: mode === 'js',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
  return { context, page, errors };
}
