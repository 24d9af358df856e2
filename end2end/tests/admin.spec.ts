// The administrator's page, /staff/admin: staff accounts (create, disable, enable,
// reset a password), units, the policy list upload and the log of what was done.
// Every name made here is unique to the run, so the tests do not depend on order.
import {
  ADMIN_USER,
  STAFF_PASSWORD,
  addAccount,
  addUnit,
  adminClick,
  expectAdminError,
  expectNotice,
  failedLogin,
  firstLogin,
  logEntries,
  loginAdmin,
  logoutStaff,
  otherSession,
  policyCount,
  policyCsv,
  policyRow,
  resetPassword,
  setActive,
  staffLogin,
  submitAccount,
  unique,
  unitRow,
  uploadPolicyList,
  userRow,
  writeTestFile,
} from './admin-helpers';
import { type ApiHit, checkChrome, checkPolicyPage, expect, open, policyPath, test, type Mode } from './helpers';

const WRONG_PASSWORD = '用户名或密码错误';

for (const mode of ['js', 'nojs'] as const satisfies readonly Mode[]) {
  test.describe(mode === 'js' ? 'with JavaScript' : 'with JavaScript disabled', () => {
    test.use({ javaScriptEnabled: mode === 'js' });

    test('an administrator adds a unit and an account for it, disables and re-enables it and resets its password', async ({
      page,
      browser,
    }, info) => {
      test.setTimeout(120_000);
      const id = unique();
      const unit = `区海洋发展试验站${id}`;
      const account = {
        username: `hy-${id.toLowerCase()}`,
        displayName: '海洋站核查员',
        role: 'unit' as const,
        unit,
        email: `hy-${id.toLowerCase()}@example.com`,
        password: `first-pass-${id}`,
      };
      const newPassword = `second-pass-${id}`;
      // What the holder chooses at the first login after each password the administrator set.
      const own = `own-pass-${id}`;
      const ownAgain = `own-again-${id}`;

      // The administrator's login lands on the admin page.
      await loginAdmin(page, mode);
      await checkChrome(page);
      await expect(page.locator('.staff-bar')).toContainText('管理员');
      for (const u of [ADMIN_USER, 'jw', 'sw']) await expect(userRow(page, u), `row of ${u}`).toHaveCount(1);
      await expect(userRow(page, 'jw')).toContainText('纪委监委');
      await expect(userRow(page, 'sw')).toContainText('区商务局');
      await expect(
        userRow(page, ADMIN_USER).getByRole('button', { name: /停用/ }),
        'an administrator cannot disable their own account',
      ).toHaveCount(0);

      // A new unit, offered in the account form's list, then an account for it.
      await addUnit(page, unit, mode);
      await expect(page.locator(`datalist#unit-names option[value="${unit}"]`)).toHaveCount(1);
      await expect(unitRow(page, unit).locator('td').last(), 'no account for the new unit yet').toHaveText('0');
      await addAccount(page, account, mode);
      const row = userRow(page, account.username);
      for (const cell of [account.displayName, '核查单位', unit, account.email, '正常']) await expect(row).toContainText(cell);
      await expect(unitRow(page, unit).locator('td').last(), 'the unit now has one account').toHaveText('1');

      // The same user name twice is refused.
      await submitAccount(page, { ...account, displayName: '重复账号' }, mode);
      await expectAdminError(page, /用户名「[^」]+」已存在/);
      await expect(userRow(page, account.username)).toHaveCount(1);
      await expect(userRow(page, account.username)).toContainText(account.displayName);

      await logoutStaff(page, mode);
      await expect(page.locator('p.notice[role=status]')).toContainText('已退出登录');

      // The new account logs in, in a browser of its own, and sees its (empty) queue.
      const unitUser = await otherSession(browser, info, mode);
      try {
        const up = unitUser.page;
        await firstLogin(up, account.username, account.password, own, mode, '/staff');
        expect(await failedLogin(up, account.username, account.password, mode), 'the administrator’s password is gone').toContain(WRONG_PASSWORD);
        await staffLogin(up, account.username, own, mode, '/staff');
        await expect(up.locator('.staff-bar')).toContainText(unit);
        await expect(up.locator('#queue')).toBeVisible();
        await expect(up.locator('#queue tbody tr')).toHaveCount(0);
        await expect(up.locator('#queue-total')).toHaveText('共 0 件');

        // Disabled: the open session ends and the login fails like a wrong password.
        await loginAdmin(page, mode);
        await setActive(page, account.username, false, mode);
        await open(up, '/staff', mode);
        await expect(up.locator('#queue')).toHaveCount(0);
        await expect(up.locator('main')).toContainText('请先登录');
        const disabledAnswer = await failedLogin(up, account.username, own, mode);
        expect(disabledAnswer).toContain(WRONG_PASSWORD);
        const unknownAnswer = await failedLogin(up, `nobody-${id.toLowerCase()}`, account.password, mode);
        expect(disabledAnswer, 'a disabled account and an unknown user get the same answer').toBe(unknownAnswer);

        // Enabled again with a new password: the old one no longer works, the new one does.
        await setActive(page, account.username, true, mode);
        await resetPassword(page, account.username, newPassword, mode);
        expect(await failedLogin(up, account.username, own, mode)).toContain(WRONG_PASSWORD);
        await firstLogin(up, account.username, newPassword, ownAgain, mode, '/staff');
        await expect(up.locator('#queue')).toBeVisible();
        expect(unitUser.errors, 'uncaught errors in the unit user’s pages').toEqual([]);
      } finally {
        await unitUser.context.close();
      }

      // The log lists every action, newest first, with the administrator's name.
      await open(page, '/staff/admin', mode);
      const log = page.locator('ol#admin-log');
      await expect(log).toBeVisible();
      await expect(logEntries(page, '新增单位', unit)).toHaveCount(1);
      await expect(logEntries(page, '新建账号', account.username)).toHaveCount(1);
      for (const action of ['停用账号', '启用账号', '重置密码']) {
        await expect(logEntries(page, action, account.username), `log entry ${action}`).toHaveCount(1);
      }
      await expect(logEntries(page, '新建账号', account.username)).toContainText(`系统管理员（${ADMIN_USER}）`);
      const mine = await page
        .locator('ol#admin-log > li')
        .filter({ hasText: account.username })
        .locator('strong')
        .allInnerTexts();
      expect(mine.slice(0, 4)).toEqual(['重置密码', '启用账号', '停用账号', '新建账号']);

      if (mode === 'js') {
        await page.screenshot({ path: '/tmp/admin.png', fullPage: true });
      } else {
        // Really without JavaScript: the wasm bundle never ran on this page.
        await page.waitForTimeout(1_000);
        await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
      }
    });

    test('a refused account form comes back filled in, at the form, and names the existing unit', async ({ page }) => {
      await loginAdmin(page, mode);
      const name = `near-${unique().toLowerCase()}`;
      const url = await submitAccount(page, { username: name, displayName: '近似单位', role: 'unit', unit: '商务局', email: `${name}@example.com`, password: `near-pass-${name}` }, mode);
      expect(url.hash, 'back at the refused form').toBe('#add-user');
      await expectAdminError(page, '您是否要找「区商务局」');
      const form = page.locator('form#add-user');
      await expect(form.locator('#nu-username')).toHaveValue(name);
      await expect(form.locator('#nu-display')).toHaveValue('近似单位');
      await expect(form.locator('#nu-role')).toHaveValue('unit');
      await expect(form.locator('#nu-unit')).toHaveValue('商务局');
      await expect(form.locator('#nu-password'), 'a password never comes back').toHaveValue('');
      await expect(userRow(page, name)).toHaveCount(0);
    });
  });
}

test('an administrator uploads a policy list: a good file is imported and searchable, a bad one names its row and writes nothing', async ({
  page,
  request,
}, info) => {
  test.setTimeout(120_000);
  const id = unique();
  const unit = `区深远海养殖服务中心${id}`;
  const good = [
    policyRow(`E2E-${id}-1`, `${id}A`, { 执行单位: unit }),
    policyRow(`E2E-${id}-2`, `${id}A`, {
      执行单位: unit,
      政策名称: '深远海养殖保险保费补贴',
      政策内容: '对投保深远海养殖保险的企业，按照实缴保费的30%给予补贴，单个企业每年最高20万元。',
      支持方式: '保费补贴',
      最高金额: '20',
      兑现方式: '免申即享',
    }),
  ];
  const mode: Mode = 'js';
  await loginAdmin(page, mode);
  const before = await policyCount(page);

  // A good file: both rows are new, the count grows, the policy pages show them.
  const goodFile = writeTestFile(info, `policies-${id}.csv`, policyCsv(good));
  await uploadPolicyList(page, goodFile, mode);
  await expectNotice(page, /导入完成：新增 2 条，更新 0 条/);
  expect(await policyCount(page)).toBe(before + 2);
  await expect(logEntries(page, '导入政策清单', `policies-${id}.csv`)).toHaveCount(1);

  const code = good[0].政策编号;
  const api = await request.get(`/api/v1/policies/${encodeURIComponent(code)}`);
  expect(api.status(), `GET /api/v1/policies/${code} after the import`).toBe(200);
  await open(page, policyPath(code), mode);
  await checkPolicyPage(page, code);
  await expect(page.locator('main h1').first()).toHaveText(good[0].政策名称);
  await expect(page.locator('#executing-unit')).toContainText(unit);
  await expect(page.locator('#document')).toContainText(good[0].文号);

  // The search index catches up shortly after the import.
  let hit: ApiHit | undefined;
  await expect
    .poll(
      async () => {
        const r = await request.get(`/api/v1/policies?q=${encodeURIComponent('深远海智能养殖工船')}&limit=50`);
        if (r.status() !== 200) return `status ${r.status()}`;
        const body = (await r.json()) as { hits: ApiHit[] };
        hit = body.hits.find((h) => h.code === code);
        return hit ? 'found' : `not among ${body.hits.length} hits`;
      },
      { message: `the search finds the imported policy ${code}`, timeout: 15_000, intervals: [250, 500, 1000] },
    )
    .toBe('found');
  expect(hit!.executing_unit).toBe(unit);
  expect(hit!.document.number).toBe(good[0].文号);

  // The same file again changes nothing.
  await open(page, '/staff/admin', mode);
  await uploadPolicyList(page, goodFile, mode);
  await expectNotice(page, /导入完成：新增 0 条，更新 0 条，未变 2 条/);
  expect(await policyCount(page)).toBe(before + 2);

  // A bad file: row 3 has an impossible date and an unknown 兑现方式; nothing is written,
  // not even the good row 2.
  const bad = [
    policyRow(`E2E-${id}-3`, `${id}B`, { 执行单位: unit }),
    policyRow(`E2E-${id}-4`, `${id}B`, { 执行单位: unit, 生效日期: '2020-13-45', 兑现方式: '自动兑现' }),
  ];
  await uploadPolicyList(page, writeTestFile(info, `bad-${id}.csv`, policyCsv(bad)), mode);
  await expectAdminError(page, '未写入任何数据');
  const alert = page.locator('[role=alert]');
  await expect(alert).toContainText('第 3 行「生效日期」列');
  await expect(alert).toContainText('第 3 行「兑现方式」列');
  await expect(alert).not.toContainText('第 2 行');
  expect(await policyCount(page)).toBe(before + 2);
  for (const row of bad) {
    const r = await request.get(`/api/v1/policies/${encodeURIComponent(row.政策编号)}`);
    expect(r.status(), `${row.政策编号} from the refused file must not exist`).toBe(404);
  }
  await expect(logEntries(page, `bad-${id}.csv`), 'a refused file is not logged as imported').toHaveCount(0);
  // Every problem is on the page and in a downloadable table of row, column and reason.
  const problems = page.locator('#import-problems');
  await expect(problems).toContainText('共 2 处问题');
  await expect(problems.locator('tbody tr')).toHaveCount(2);
  const download = await page.request.get('/staff/admin/import-problems.csv');
  expect(download.status()).toBe(200);
  const table = (await download.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(table[0]).toBe('行,列,问题');
  expect(table.slice(1).map((l) => l.split(',').slice(0, 2).join(',')).sort()).toEqual(['3,兑现方式', '3,生效日期']);
  // The columns of each list and a template to start from.
  await page.locator('#list-columns summary').click();
  await expect(page.locator('#list-columns [data-list=policies]')).toContainText('政策编号');
  const template = await page.request.get('/staff/admin/template/policies.csv');
  expect(template.status()).toBe(200);
  const header = (await template.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');
  expect(header.slice(0, 2)).toEqual(['政策编号', '政策名称']);
  expect(header).toContain('兑现方式');

  // A file named .xlsx that is not a spreadsheet is refused by its content.
  await uploadPolicyList(page, writeTestFile(info, `fake-${id}.xlsx`, policyCsv(bad)), mode);
  await expectAdminError(page, '不是有效的表格文件');
});

test('a commission user is refused the admin page and its actions; a visitor is sent to log in', async ({
  page,
  playwright,
}, info) => {
  const mode: Mode = 'js';
  const id = unique();
  await staffLogin(page, 'jw', STAFF_PASSWORD, mode, '/staff');
  await expect(page.locator('.staff-bar a[href="/staff/admin"]'), 'no admin link for the commission').toHaveCount(0);

  const response = await page.goto('/staff/admin');
  expect(response!.status(), 'the refusal is not a server error').toBeLessThan(500);
  await expect(page.locator('[role=alert]')).toContainText('只有管理员');
  await expect(page.locator('table#users')).toHaveCount(0);
  await expect(page.locator('form#add-user')).toHaveCount(0);
  await expect(page.locator('form#import-form')).toHaveCount(0);

  // The forms' targets refuse the commission too, even with its own valid CSRF token.
  await page.goto('/staff');
  const csrf = await page.locator('form[action="/staff/logout"] input[name=csrf]').first().inputValue();
  expect(csrf).not.toBe('');
  const sneaky = `sneaky-${id.toLowerCase()}`;
  const add = await page.request.post('/staff/admin', {
    form: { csrf, action: 'add_user', username: sneaky, display_name: '越权', role: 'admin', unit: '', email: '', password: 'sneaky-password-1' },
    maxRedirects: 0,
  });
  expect(add.status()).toBe(303);
  expect(decodeURIComponent(add.headers()['location'] ?? '')).toContain('只有管理员');
  const code = `E2E-${id}-X`;
  const upload = await page.request.post('/staff/admin/import', {
    multipart: {
      csrf,
      file: { name: 'policies.csv', mimeType: 'text/csv', buffer: Buffer.from(policyCsv([policyRow(code, `${id}X`)])) },
    },
    maxRedirects: 0,
  });
  expect(upload.status()).toBe(303);
  expect(decodeURIComponent(upload.headers()['location'] ?? '')).toContain('只有管理员');
  expect((await page.request.get(`/api/v1/policies/${code}`)).status(), 'the commission’s upload wrote nothing').toBe(404);

  // Someone not logged in is asked to log in, by the page and by the form target.
  const visitor = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
  try {
    const post = await visitor.post('/staff/admin', {
      form: { csrf: 'x', action: 'add_user', username: sneaky, role: 'admin', password: 'sneaky-password-1' },
      maxRedirects: 0,
    });
    expect(post.status()).toBe(303);
    expect(new URL(post.headers()['location'] ?? '', 'http://qingdan.invalid').pathname).toBe('/staff/login');
  } finally {
    await visitor.dispose();
  }
  await logoutStaff(page, mode);
  await open(page, '/staff/admin', mode);
  await expect(page.locator('table#users')).toHaveCount(0);
  await expect(page.locator('main a[href="/staff/login"]')).toBeVisible();

  // And no account was made.
  await loginAdmin(page, mode);
  await expect(userRow(page, sneaky)).toHaveCount(0);
});
