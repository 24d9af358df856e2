//! The complaint pages' backend: what their server functions may read, decided from
//! the request's cookies.

use app::complaints::backend::ComplaintBackend;
use app::complaints::model::{PublicStatus, QueueFilter, Receipt, ReportForm, Role, StaffCasePage, StaffHome, AREAS};
use app::error::PortalError;

use super::service::ComplaintService;
use crate::error::internal;
use crate::platform::units;

#[async_trait::async_trait]
impl ComplaintBackend for ComplaintService {
    async fn report_form(&self, policy: &str, service: &str, task: &str, question: &str, draft: &str) -> Result<ReportForm, PortalError> {
        let refilled = self.drafts.take(draft);
        let fresh = refilled.is_none();
        let app::complaints::model::TipDraft { tip: mut draft, kept } = refilled.unwrap_or_default();
        // "此事项办不成": the service, its unit and a first line, for the reporter to go on.
        let mut service_title = None;
        if !service.trim().is_empty() {
            if let Some((_, s)) = self.services.service(service.trim()).await.map_err(internal)? {
                if fresh {
                    draft.kind = "other".into();
                    draft.subject_unit = s.unit.clone();
                    draft.description = format!("办理「{}」（事项编码 {}）时办不成：", s.name, s.code);
                }
                service_title = Some(s.name);
            }
        }
        if draft.policy_code.is_empty() {
            draft.policy_code = policy.trim().to_string();
        }
        let policy_title = if draft.policy_code.is_empty() {
            None
        } else {
            self.policies.item(&draft.policy_code).await.ok().flatten().map(|item| {
                if draft.subject_unit.is_empty() {
                    draft.subject_unit = item.executing_unit.clone();
                }
                if draft.kind.is_empty() {
                    draft.kind = "policy_not_honoured".into();
                }
                item.title
            })
        };
        let mut task_title = None;
        if !task.trim().is_empty() {
            if let Some((_, t)) = self.tasks.task(task.trim()).await.map_err(internal)? {
                if fresh {
                    draft.kind = "policy_not_honoured".into();
                    draft.subject_unit = t.unit.clone();
                    draft.description = format!("改革任务「{}」（任务编号 {}）未落实：", t.content, t.code);
                }
                draft.task = t.code.clone();
                task_title = Some(t.content);
            }
        }
        // "我要反映" from the supervision checklist: the question and a first line.
        let mut question_text = None;
        let number = if draft.question.is_empty() { question.trim() } else { draft.question.as_str() };
        if let Ok(n) = number.parse::<u32>() {
            if let Some(q) = self.questions.question(n).await.map_err(internal)? {
                if fresh {
                    draft.kind = "harming_environment".into();
                    draft.description = format!("对照监督清单第 {} 条「{}」，存在以下问题：", q.number, q.question);
                }
                draft.question = q.number.to_string();
                question_text = Some(q.question);
            }
        }
        Ok(ReportForm { units: units::names(self.accounts.db()).await.map_err(internal)?, policy_title, service_title, task_title, question_text, draft, kept })
    }

    async fn take_receipt(&self, token: &str) -> Option<Receipt> {
        self.receipts.take(token)
    }

    async fn tracking(&self, receipt_cookie: Option<String>, client: &str) -> Result<Option<PublicStatus>, PortalError> {
        let Some(receipt) = receipt_cookie.and_then(|token| self.receipt_sessions.receipt(&token)) else {
            return Ok(None);
        };
        match self.status(&receipt, client).await {
            Ok(status) => Ok(Some(status)),
            Err(PortalError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn staff_home(&self, session_cookie: Option<String>, filter: QueueFilter) -> Result<Option<StaffHome>, PortalError> {
        let Some(session) = self.accounts.session_of_cookie(session_cookie).await? else { return Ok(None) };
        // Counts by area and question are over what the other filters leave.
        let all = self.queue(&session.user, &QueueFilter { area: None, question: None, ..filter.clone() }).await?;
        let mut by_area: Vec<(String, u32)> = AREAS.iter().map(|a| (a.to_string(), 0)).collect();
        let mut by_question: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
        for item in &all {
            if let Some(slot) = by_area.iter_mut().find(|(a, _)| item.area.as_deref() == Some(a.as_str())) {
                slot.1 += 1;
            }
            if let Some(q) = item.question {
                *by_question.entry(q).or_default() += 1;
            }
        }
        let items = all
            .into_iter()
            .filter(|i| filter.area.as_deref().is_none_or(|a| i.area.as_deref() == Some(a)))
            .filter(|i| filter.question.is_none_or(|q| i.question == Some(q)))
            .collect();
        let commission = session.user.role == Role::Commission;
        let units = if commission { units::names(self.accounts.db()).await.map_err(internal)? } else { Vec::new() };
        let approvals = self.approvals.pending(&session.user).await.map_err(internal)?;
        Ok(Some(StaffHome {
            approvals,
            me: session.user.view(),
            csrf: session.csrf,
            items,
            units,
            by_area: if commission { by_area } else { Vec::new() },
            by_question: if commission { by_question.into_iter().collect() } else { Vec::new() },
        }))
    }

    async fn staff_case(&self, session_cookie: Option<String>, number: &str, reveal: &str) -> Result<Option<StaffCasePage>, PortalError> {
        let Some(session) = self.accounts.session_of_cookie(session_cookie).await? else { return Ok(None) };
        let case = self.case(&session.user, number).await?;
        let identity = self
            .identities
            .take(reveal)
            .filter(|(user, case_number, _)| *user == session.user.id && case_number == number)
            .map(|(_, _, identity)| identity);
        let commission = session.user.role == Role::Commission;
        let units = if commission { units::names(self.accounts.db()).await.map_err(internal)? } else { Vec::new() };
        let staffed = if commission { self.accounts.staffed_units().await.map_err(internal)? } else { Vec::new() };
        let unstaffed_units: Vec<String> = units.iter().filter(|u| !staffed.contains(u)).cloned().collect();
        let handlers = if commission {
            self.accounts
                .users_with_role(Role::Commission, None)
                .await
                .map_err(internal)?
                .iter()
                .map(|u| u.view())
                .collect()
        } else {
            Vec::new()
        };
        Ok(Some(StaffCasePage { me: session.user.view(), csrf: session.csrf, case, identity, units, unstaffed_units, handlers }))
    }
}
