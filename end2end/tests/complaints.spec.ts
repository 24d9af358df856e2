import { test, expect } from './helpers';
import { act, axe, dueDate, fileTip, login, logout, openCase, track } from './complaint-helpers';

test('tips: file named and anonymous, commission accepts and forwards, unit reports, commission answers, reporter rates', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/report');
  await axe(page);

  const named = await fileTip(page, { named: true, withFile: true, description: '申请稳岗返还三个月未兑现，窗口工作人员一直推诿。' });
  const anon = await fileTip(page, { named: false, withFile: true, description: '某窗口要求企业重复提交已经提供过的材料，办事拖延。' });
  expect(anon.caseNumber).not.toBe(named.caseNumber);

  await track(page, anon.receipt);
  await expect(page.locator('#case-state')).toHaveText('已提交');
  await axe(page);
  await track(page, named.receipt);
  await expect(page.locator('#case-state')).toHaveText('已提交');

  // The commission: queue, accept, forward to the unit.
  await login(page, 'jw');
  await axe(page);
  await expect(page.locator('#queue')).toContainText(named.caseNumber);
  await openCase(page, named.caseNumber);
  await expect(page.locator('main')).toContainText('evidence.png');
  await expect(page.locator('li[data-file]').first(), 'each file says where it came from').toContainText('提交举报');
  await expect(page.locator('main')).not.toContainText('赵企业家');
  await act(page, 'accept');
  await expect(page.locator('#case-state')).toHaveText('已受理');
  // Units without a unit account are marked and cannot be chosen: nobody could work the case there.
  await expect(page.locator('#fw-unit option[value="区财政局"]')).toBeDisabled();
  await expect(page.locator('#fw-unit option[value="区财政局"]')).toContainText('无单位账号');
  await expect(page.locator('#fw-unit option[value="区商务局"]')).toBeEnabled();
  await act(page, 'forward', async (f) => {
    await f.locator('select[name=unit]').selectOption('区商务局');
    await f.locator('input[name=due]').fill(dueDate(20));
    await f.locator('textarea[name=instructions]').fill('请核实稳岗返还办理情况');
  });
  await expect(page.locator('#case-state')).toHaveText('核查中');
  await logout(page);

  // The unit sees the forwarded case, never the reporter, and reports.
  await login(page, 'sw');
  await expect(page.locator('#queue')).toContainText(named.caseNumber);
  await expect(page.locator('#queue')).not.toContainText(anon.caseNumber);
  await openCase(page, named.caseNumber);
  const unitView = await page.locator('main').innerText();
  for (const secret of ['赵企业家', '13700001234', 'zhao@example.com']) expect(unitView).not.toContain(secret);
  await act(page, 'unit_report', (f) => f.locator('textarea[name=report]').fill('经核实，因系统对接延误未及时兑现，已于本周拨付。'));
  await expect(page.locator('#history')).toContainText('单位核查报告');
  await logout(page);

  // The commission handles and answers.
  await login(page, 'jw');
  await openCase(page, named.caseNumber);
  await act(page, 'handle', async (f) => {
    await f.locator('select[name=finding]').selectOption('partly');
    await f.locator('input[name=measures][value="严格问责追责"]').check();
  });
  await act(page, 'feedback', (f) => f.locator('textarea[name=text]').fill('经核查，问题部分属实，资金已拨付，相关人员已被问责。'));
  await expect(page.locator('#case-state')).toHaveText('已反馈');
  await expect(page.locator('#mails')).toBeVisible();
  await logout(page);

  // The reporter sees the answer and rates it.
  await track(page, named.receipt);
  await expect(page.locator('#case-state')).toHaveText('已反馈');
  await expect(page.locator('#feedback')).toContainText('资金已拨付');
  await expect(page.locator('#timeline')).not.toContainText('系统对接延误');
  await page.locator('#rate-form input[value="满意"]').check();
  await page.locator('#rate-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/track');
  await expect(page.locator('#rating')).toHaveText('满意');
});

test('a wrong receipt gets a clear answer and no case', async ({ page }) => {
  await page.goto('/track');
  await page.fill('#receipt', 'AAAA-BBBB-CCCC-DDDD-EEEE');
  await page.locator('#track-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/track');
  await expect(page.locator('[role=alert]')).toContainText('回执码');
  await expect(page.locator('#case-state')).toHaveCount(0);
});

test('the commission records a hotline tip; it joins the queue with its channel and a receipt for the caller', async ({ page }) => {
  await login(page, 'jw');
  await page.goto('/staff/intake');
  await page.locator('#ch-hotline').check();
  await page.locator('#kind-obstructing_business').check();
  await page.fill('#subject_unit', '区商务局');
  await page.fill('#description', '来电反映：办理外贸备案时被要求提供无关证明，多次往返未果。');
  await page.locator('#anon').check();
  await page.locator('#tip-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/report/receipt');
  const caseNumber = (await page.locator('#case-number').innerText()).trim();
  await expect(page.locator('#receipt')).toBeVisible();
  await page.goto('/staff?state=submitted');
  const row = page.locator('#queue tr', { hasText: caseNumber });
  await expect(row).toContainText('电话');
  await expect(row).toContainText('已提交');
});

test('the receipt is copied with one click once the page has hydrated', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/report');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const filed = await fileTip(page, { named: true, withFile: false, description: '窗口要求企业先撤回投诉再办理补贴申请。' });
  // The receipt is a new page (the tip form is a plain POST); its CopyReceipt island
  // works once that page has hydrated.
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const copy = page.locator('#receipt-copy');
  await expect(copy).toHaveText('复制回执码');
  await copy.click();
  await expect(copy).toHaveText('已复制');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(filed.receipt);
});

test('on a 390-px phone the receipt code stays on one line', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await fileTip(page, { named: false, description: '手机上提交：窗口要求企业重复提交已经提供过的材料。' });
  const code = page.locator('#receipt');
  const box = await code.boundingBox();
  expect(box, 'the code is shown').not.toBeNull();
  const fontSize = await code.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(box!.height, 'one line, not broken across lines').toBeLessThan(fontSize * 2.4);
  expect(box!.x + box!.width, 'and within the screen').toBeLessThanOrEqual(390);
});

test('on a 390-px phone the staff queue is a stack of cards, the deadline first', async ({ page }) => {
  await fileTip(page, { named: false, description: '手机上查看队列：窗口要求重复提交已经提供过的材料。' });
  await login(page, 'jw');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/staff');
  const row = page.locator('#queue tbody tr').first();
  await expect(row).toBeVisible();
  const card = (await row.boundingBox())!;
  expect(card.width, 'a card as wide as the screen allows').toBeGreaterThan(300);
  const due = (await row.locator('td.due').boundingBox())!;
  const number = (await row.locator('td').first().boundingBox())!;
  expect(due.y, 'the deadline comes first').toBeLessThan(number.y);
  await expect(row.locator('td.due')).toContainText(/\d{4}-\d{2}-\d{2}/);
  const sideways = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
  expect(sideways, 'nothing sticks out sideways').toBeLessThanOrEqual(0);
  await logout(page);
});

test('once hydrated, choosing 实名 makes the name and phone required in the browser, and a refused tip moves focus to its problems', async ({ page }) => {
  await page.goto('/report');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.locator('#named').check();
  await expect(page.locator('#phone')).toHaveAttribute('required', '');
  await expect(page.locator('#name')).toHaveAttribute('required', '');
  await page.locator('#anon').check();
  await expect(page.locator('#phone')).not.toHaveAttribute('required', '');
  await page.locator('#named').check();
  await page.locator('#kind-other').check();
  await page.fill('#description', '          短');
  await page.fill('#name', '赵企业家');
  await page.fill('#phone', '12');
  await page.locator('#pledge').check();
  await page.locator('#tip-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/report' && u.searchParams.has('error'));
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.locator('#error-summary li')).toHaveCount(2);
  await expect(page.locator('#pledge')).toBeChecked();
});
