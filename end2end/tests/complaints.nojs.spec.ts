import type { Browser, BrowserContext, Locator, Page, TestInfo } from '@playwright/test';
import { expect, test } from './helpers';
import { otherSession, staffLogin, submitAndWait } from './admin-helpers';
import { dueDate, fileTip, PNG, STAFF_PASSWORD, track } from './complaint-helpers';

test('the reporter flow works with JavaScript disabled', async ({ page }) => {
  const filed = await fileTip(page, { named: true, withFile: true, description: '政策兑现申请材料提交后一个月无人受理。' });
  // Without JavaScript there is no dead copy button; the code is selectable and downloadable.
  await expect(page.locator('#receipt-copy')).toHaveCount(0);
  await track(page, filed.receipt);
  await expect(page.locator('#case-state')).toHaveText('已提交');
  await page.fill('#text', '补充：经办人曾口头表示资金暂不拨付。');
  await page.locator('#message-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/track');
  await expect(page.locator('#timeline')).toContainText('经办人曾口头表示');
});

test('on a phone, a refused tip lists every problem at once, keeps the choice and the pledge, and asks for the files again', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/report');
  // The browser checks first: with nothing chosen, nothing is sent.
  await page.locator('#tip-form button[type=submit]').click();
  expect(new URL(page.url()).search).toBe('');
  await expect(page.locator('#description:invalid')).toHaveCount(1);
  await expect(page.locator('#named:invalid')).toHaveCount(1);
  // No default between 实名 and 匿名; the identity fields appear only under 实名.
  await expect(page.locator('#named')).not.toBeChecked();
  await expect(page.locator('#anon')).not.toBeChecked();
  await expect(page.locator('#name')).toBeHidden();
  await page.locator('#named').check();
  await expect(page.locator('#name')).toBeVisible();
  await expect(page.locator('label[for=phone]')).toContainText('实名必填');
  await page.locator('#anon').check();
  await expect(page.locator('#phone')).toBeHidden();
  await page.locator('#named').check();

  await page.locator('#kind-other').check();
  // Passes the browser's checks (11 characters), not the server's (spaces do not count).
  await page.fill('#description', '          短');
  await page.fill('#name', '赵企业家');
  await page.fill('#phone', '12');
  await page.setInputFiles('#evidence', { name: 'evidence.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('#pledge').check();
  await page.locator('#tip-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/report' && u.searchParams.has('error'));
  expect(new URL(page.url()).hash, 'the page opens at the error summary').toBe('#error-summary');
  const summary = page.locator('#error-summary');
  await expect(summary).toContainText('请修改以下 2 处');
  await expect(summary.locator('li')).toHaveCount(2);
  await expect(summary).toContainText('至少 10 个字');
  await expect(summary).toContainText('有效的联系电话');
  await expect(summary).toBeInViewport();
  await expect(page.locator('#named')).toBeChecked();
  await expect(page.locator('#pledge')).toBeChecked();
  await expect(page.locator('#name')).toHaveValue('赵企业家');
  await expect(page.locator('#description'), 'kept as the server read it (trimmed)').toHaveValue('短');
  await expect(page.locator('#files-again')).toContainText('1 个证据文件');
});

// ------------------------------------------------------------ the reporter's follow-ups, without JavaScript
//
// The reporter's pages run in this test's own page (JavaScript off, as the whole
// `nojs` project). The commission and the unit each get a browser session of their
// own (also without JavaScript: their pages are plain HTML forms too), so the
// reporter's receipt cookie and the staff cookies never mix.

/** A staff member logged in in a session of their own, without JavaScript. */
async function staffSession(browser: Browser, info: TestInfo, user: 'jw' | 'sw'): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await otherSession(browser, info, 'nojs');
  await staffLogin(page, user, STAFF_PASSWORD, 'nojs', '/staff');
  await expect(page.locator('#queue')).toBeVisible();
  return { context, page };
}

/** Opens a case straight from the queue link (a unit sees only its own cases there). */
async function openFromQueue(page: Page, caseNumber: string): Promise<void> {
  await page.goto('/staff');
  await submitAndWait(page, page.locator('#queue a', { hasText: caseNumber }), 'nojs');
  expect(new URL(page.url()).pathname).toBe(`/staff/case/${caseNumber}`);
  await expect(page.locator('#case-number')).toHaveText(caseNumber);
}

/** Submits one action form of the case page (confirming it where it asks) and returns
 * what the server says it did, insisting that it did something. */
async function staffAct(page: Page, action: string, fill?: (form: Locator) => Promise<void>): Promise<string> {
  const form = page.locator(`form[data-action="${action}"]`);
  await expect(form, `the case page offers the action ${action}`).toHaveCount(1);
  if (fill) await fill(form);
  const confirm = form.locator('details.confirm');
  if (await confirm.count()) {
    await expect(form.locator('button[type=submit]'), 'a confirmed step hides its submit until asked').toBeHidden();
    await confirm.locator('summary').click();
  }
  const url = await submitAndWait(page, form.locator('button[type=submit]'), 'nojs');
  const alert = (await page.locator('[role=alert]').allInnerTexts()).join(' ');
  const ok = url.searchParams.get('ok') ?? '';
  expect(ok, `action ${action} should say what it did (error shown: ${alert || 'none'})`).toMatch(/^(已|核查报告已提交|答复已发送|问题已发给|备注已保存)/);
  expect(alert).toBe('');
  return ok;
}

/** Posts one form of the track page and insists on the notice `ok` (and no error). */
async function reporterPost(page: Page, formId: string, ok: string | RegExp): Promise<void> {
  const url = await submitAndWait(page, page.locator(`#${formId} button[type=submit]`), 'nojs');
  expect(url.pathname).toBe('/track');
  const alert = (await page.locator('[role=alert]').allInnerTexts()).join(' ');
  expect(alert, `${formId}: no error expected`).toBe('');
  await expect(page.locator('p.notice[role=status]')).toContainText(ok);
}

/** A distinct small PNG: checked by content, so it must start with the PNG signature. */
const ANSWER_PNG = Buffer.concat([PNG, Buffer.from(' answer photo of the window notice')]);

test('without JavaScript the reporter answers a question with a file, rates, objects; units never see the follow-ups', async ({ page, browser }, info) => {
  test.setTimeout(180_000);
  const question = '请说明您第一次提交申请材料的具体日期和经办窗口。';
  const answer = '第一次提交是2026年9月3日，在区政务服务中心二楼3号窗口。';
  const comment = '资金仍未到账，处理不彻底。';
  const objection = '答复称已拨付，但企业账户至今未收到任何款项。';

  // The reporter (no JavaScript) files a named tip with a file and keeps the receipt.
  const filed = await fileTip(page, { named: true, withFile: true, description: '政策兑现资金批复两个月后仍未拨付，经办人推说等领导签字。' });
  await track(page, filed.receipt);
  await expect(page.locator('#case-state')).toHaveText('已提交');
  await expect(page.locator('#question')).toHaveCount(0);

  // The commission accepts it and asks the reporter a question.
  const jw = await staffSession(browser, info, 'jw');
  const unit = await staffSession(browser, info, 'sw');
  try {
    await openFromQueue(jw.page, filed.caseNumber);
    await staffAct(jw.page, 'accept');
    await expect(jw.page.locator('#case-state')).toHaveText('已受理');
    await staffAct(jw.page, 'ask_reporter', (f) => f.locator('textarea[name=question]').fill(question));
    await expect(jw.page.locator('#history')).toContainText('向举报人提问');

    // The reporter sees the question and answers it with a message and a file.
    await page.goto('/track');
    await expect(page.locator('#case-state')).toHaveText('已受理');
    await expect(page.locator('#question')).toHaveText(question);
    await expect(page.locator('#timeline')).toContainText(question);
    await page.fill('#text', answer);
    await page.setInputFiles('#files', { name: 'answer-photo.png', mimeType: 'image/png', buffer: ANSWER_PNG });
    await reporterPost(page, 'message-form', '留言已发送');
    const answered = page.locator('#timeline li.from-reporter', { hasText: answer });
    await expect(answered).toHaveCount(1);
    await expect(answered).toContainText('举报人留言');
    // Answered: the question is no longer shown as open.
    await expect(page.locator('#question')).toHaveCount(0);
    await expect(page.locator('#case-state')).toHaveText('已受理');

    // The commission sees the answer and both files, under their own names.
    await jw.page.reload();
    await expect(jw.page.locator('#history')).toContainText(answer);
    const files = jw.page.locator('section[aria-labelledby=files-h] li a');
    await expect(files).toHaveText(['evidence.png', 'answer-photo.png']);
    const answerHref = await files.nth(1).getAttribute('href');
    expect(answerHref).toMatch(new RegExp(`^/staff/case/${filed.caseNumber}/file/\\d+$`));
    const download = await jw.context.request.get(answerHref!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('image/png');
    expect(Buffer.from(await download.body()).equals(ANSWER_PNG), 'the answer file comes back byte for byte').toBe(true);

    // Forwarded to 区商务局: the unit sees the case and the tip's own file under a
    // neutral name, never the answer nor its file (not even by its address).
    await expect(jw.page.locator('form.next')).toHaveAttribute('data-action', 'forward');
    const forwarded = await staffAct(jw.page, 'forward', async (f) => {
      await f.locator('select[name=unit]').selectOption('区商务局');
      await f.locator('input[name=due]').fill(dueDate(20));
      await f.locator('textarea[name=instructions]').fill('请核实资金拨付情况');
    });
    expect(forwarded).toBe(`已转交区商务局核查，期限 ${dueDate(20)} / forwarded`);
    await expect(jw.page.locator('#case-state')).toHaveText('核查中');
    // No disposition before a verification result.
    await expect(jw.page.locator('form[data-action="handle"]')).toHaveCount(0);
    await expect(jw.page.locator('#next-step')).toContainText('等待核查单位');

    await openFromQueue(unit.page, filed.caseNumber);
    const unitMain = unit.page.locator('main');
    await expect(unit.page.locator('#history')).toContainText('转交单位核查');
    await expect(unit.page.locator('section[aria-labelledby=files-h] li a')).toHaveText(['证据1.png']);
    const unitText = await unitMain.innerText();
    for (const secret of [answer, '举报人留言', 'answer-photo', 'evidence.png', '赵企业家', '13700001234', 'zhao@example.com']) {
      expect(unitText, `the unit's case page must not show ${secret}`).not.toContain(secret);
    }
    const unitHtml = await unit.page.content();
    expect(unitHtml).not.toContain(answerHref!);
    expect(unitHtml).not.toContain(answer);
    const stolen = await unit.context.request.get(answerHref!, { maxRedirects: 0 });
    expect(stolen.status(), `the unit fetching ${answerHref}`).toBe(404);
    expect(Buffer.from(await stolen.body()).includes(ANSWER_PNG)).toBe(false);

    // The unit reports, with its written report attached; the form closes.
    await unit.page.fill('#ur-text', '经核实，资金因审批流程延误未拨付，现已督促拨付。');
    await unit.page.setInputFiles('#ur-files', { name: '核查报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    const reported = await staffAct(unit.page, 'unit_report');
    expect(reported).toContain('核查报告已提交');
    await expect(unit.page.locator('#report-sent')).toBeVisible();
    await expect(unit.page.locator('form[data-action="unit_report"]')).toHaveCount(0);

    // The commission sees 报告已到 in its queue, the report's file, and a mail to the handler.
    await jw.page.goto('/staff');
    await expect(jw.page.locator('#queue tr', { hasText: filed.caseNumber }).locator('.attention-tag')).toHaveText('报告已到');
    await openFromQueue(jw.page, filed.caseNumber);
    await expect(jw.page.locator('#case-attention')).toHaveText('报告已到');
    await expect(jw.page.locator('li[data-file]', { hasText: '核查报告.pdf' })).toContainText('单位核查报告');
    await expect(jw.page.locator('#mails')).toContainText('核查报告送达提醒');
    await expect(jw.page.locator('form.next')).toHaveAttribute('data-action', 'handle');
    // The finding has no default: submitting without choosing is stopped by the browser.
    await expect(jw.page.locator('#h-finding')).toHaveValue('');

    // The commission records the handling and answers the reporter.
    await staffAct(jw.page, 'handle', async (f) => {
      await f.locator('select[name=finding]').selectOption('substantiated');
      await f.locator('input[name=measures][value="充分运用监督执纪“第一种形态”"]').check();
    });
    await expect(jw.page.locator('#case-state')).toHaveText('已处置');
    await staffAct(jw.page, 'feedback', (f) => f.locator('textarea[name=text]').fill('经核查，反映属实，已督促限期拨付，并对经办人批评教育。'));
    await expect(jw.page.locator('#case-state')).toHaveText('已反馈');

    // The reporter reads the answer and rates it 不满意, with a comment.
    await page.goto('/track');
    await expect(page.locator('#case-state')).toHaveText('已反馈');
    await expect(page.locator('#state-meaning')).toContainText('可以评价');
    await expect(page.locator('#my-description')).toHaveText('政策兑现资金批复两个月后仍未拨付，经办人推说等领导签字。');
    await expect(page.locator('#feedback')).toContainText('已督促限期拨付');
    await expect(page.locator('#rate-form')).toBeVisible();
    await page.locator('#rate-form input[value="不满意"]').check();
    await page.fill('#comment', comment);
    await reporterPost(page, 'rate-form', '感谢您的评价');
    await expect(page.locator('#rating')).toHaveText('不满意');
    await expect(page.locator('#rating-comment')).toContainText(comment);
    await expect(page.locator('#rate-form')).toHaveCount(0);
    await expect(page.locator('#timeline')).toContainText('举报人评价');
    await expect(page.locator('#timeline')).toContainText(comment);

    // Then objects: the case goes back to 已受理 for the reporter.
    await expect(page.locator('#object-form')).toBeVisible();
    await page.fill('#reason', objection);
    await reporterPost(page, 'object-form', '异议已提交');
    await expect(page.locator('#case-state')).toHaveText('已受理');
    await expect(page.locator('#timeline')).toContainText('举报人提出异议');
    await expect(page.locator('#timeline')).toContainText(objection);
    await expect(page.locator('#object-form')).toHaveCount(0);
    await expect(page.locator('#rating')).toContainText('不满意');
    // The earlier reply is marked as replaced; a new deadline is shown.
    await expect(page.locator('#feedback')).toHaveCount(0);
    await expect(page.locator('#earlier-feedback')).toContainText('已督促限期拨付');
    await expect(page.locator('#timeline li', { hasText: '答复举报人' })).toContainText('已被新的办理取代');
    await expect(page.locator('#current-due')).toContainText('反馈期限');
    // A fresh look at the page (a new receipt entry) tells the same.
    await track(page, filed.receipt);
    await expect(page.locator('#case-state')).toHaveText('已受理');

    // The commission sees the rating and the objection, flagged in its queue and mailed;
    // the unit sees neither.
    await jw.page.goto('/staff');
    await expect(jw.page.locator('#queue tr', { hasText: filed.caseNumber }).locator('.attention-tag')).toHaveText('举报人有异议');
    await openFromQueue(jw.page, filed.caseNumber);
    await expect(jw.page.locator('#case-state')).toHaveText('已受理');
    await expect(jw.page.locator('#mails')).toContainText('异议提醒承办人');
    await expect(jw.page.locator('#history')).toContainText(comment);
    await expect(jw.page.locator('#history')).toContainText(objection);
    await unit.page.reload();
    await expect(unit.page.locator('#case-number')).toHaveText(filed.caseNumber);
    const unitLater = await unit.page.locator('main').innerText();
    for (const secret of [answer, comment, objection, '举报人评价', '举报人提出异议']) {
      expect(unitLater, `the unit's case page must not show ${secret}`).not.toContain(secret);
    }
  } finally {
    await jw.context.close();
    await unit.context.close();
  }
});

test('without JavaScript the reporter of a merged duplicate sees it closed and the other case named', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const first = await fileTip(page, { named: false, description: '区商务局窗口要求企业为同一事项重复开具证明，已往返五次。' });
  const duplicate = await fileTip(page, { named: false, withFile: true, description: '同一家企业反映：商务局窗口反复要求开具同一份证明。' });
  expect(duplicate.caseNumber).not.toBe(first.caseNumber);

  const jw = await staffSession(browser, info, 'jw');
  try {
    await openFromQueue(jw.page, first.caseNumber);
    await staffAct(jw.page, 'accept');
    await openFromQueue(jw.page, duplicate.caseNumber);
    await staffAct(jw.page, 'merge', (f) => f.locator('input[name=into_case]').fill(first.caseNumber));
    await expect(jw.page.locator('#case-state')).toHaveText('已办结');
    await expect(jw.page.locator('#history')).toContainText(first.caseNumber);
    // The target case's history names the duplicate.
    await openFromQueue(jw.page, first.caseNumber);
    await expect(jw.page.locator('#case-state')).toHaveText('已受理');
    await expect(jw.page.locator('#history li', { hasText: duplicate.caseNumber })).toHaveCount(1);
  } finally {
    await jw.context.close();
  }

  // The duplicate's reporter (no JavaScript) sees the case closed and the other case's number.
  await track(page, duplicate.receipt);
  await expect(page.locator('#case-state')).toHaveText('已办结');
  await expect(page.locator('#timeline li', { hasText: '合并案件' })).toContainText(first.caseNumber);
  // The first case's reporter is told nothing about the duplicate.
  await track(page, first.receipt);
  await expect(page.locator('#case-state')).toHaveText('已受理');
  await expect(page.locator('#timeline')).not.toContainText(duplicate.caseNumber);
});
