import type { Page } from '@playwright/test';
import { expect, open, type Mode } from './helpers';
import { dueDate, login } from './complaint-helpers';

/** /supervision → 我要反映 on question 42 → an anonymous tip → the commission finds it by question. */
export async function reportFromChecklist(page: Page, mode: Mode): Promise<string> {
  await open(page, '/supervision', mode);
  await expect(page.locator('main .sample-note')).toContainText('示例');
  await expect(page.locator('section.checklist-area')).toHaveCount(5);
  await expect(page.locator('ol.checklist > li')).toHaveCount(100);
  await expect(page.locator('#measures ol.measures li')).toHaveCount(10);
  await expect(page.locator('#measures')).toContainText('充分运用监督执纪“第一种形态”');
  await expect(page.locator('#measures')).not.toContainText('提拔使用');
  const question = (await page.locator('#q42 .question').innerText()).trim();
  await page.locator('#q42 a.report-link').click();
  await page.waitForURL((u) => u.pathname === '/report' && u.searchParams.get('question') === '42');
  await expect(page.locator('#question-notice')).toContainText(question);
  await expect(page.locator('#description')).toHaveValue(/第 42 条/);
  await page.locator('#description').fill(`对照监督清单第 42 条：某执法队一个月内三次检查同一事项（${mode}）`);
  await page.locator('#anon').check();
  await page.locator('#pledge').check();
  await page.locator('#tip-form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/report/receipt');
  const caseNumber = (await page.locator('#case-number').innerText()).trim();

  await login(page, 'jw');
  await open(page, '/staff?question=42', mode);
  await expect(page.locator('#queue a', { hasText: caseNumber })).toBeVisible();
  await expect(page.locator('#question-counts')).toContainText('第 42 条');
  return caseNumber;
}

/** The commission records a public notice; /notices shows it, and nothing about the reporter. */
export async function publishNotice(page: Page, mode: Mode, caseNumber: string): Promise<void> {
  await open(page, '/staff/measures', mode);
  const facts = `一个月内对同一企业重复检查三次（${mode}）`;
  await page.locator('#m-measure').selectOption('公开通报曝光');
  await page.locator('#m-unit').fill('区商务局');
  await page.locator('#m-post').fill('某执法队队长');
  await page.locator('#m-basis').selectOption('case');
  await page.locator('#m-ref').fill(caseNumber);
  await page.locator('#m-facts').fill(facts);
  await page.locator('#m-outcome').fill('给予诫勉谈话，予以通报');
  await page.locator('#m-date').fill(dueDate(0));
  await page.locator('#m-body').fill('区纪委监委');
  await page.locator('#m-public').check();
  await page.locator('#measure-form button[type=submit]').click();
  await expect(page.locator('[role=status]')).toContainText('已登记');
  await expect(page.locator('#measure-records')).toContainText(caseNumber);
  await open(page, '/notices', mode);
  await expect(page.locator('#notices')).toContainText(facts);
  await expect(page.locator('#notices')).not.toContainText(caseNumber);
  const feed = await page.request.get('/notices.atom');
  expect(feed.headers()['content-type']).toContain('application/atom+xml');
  expect(await feed.text()).toContain(facts);
}
