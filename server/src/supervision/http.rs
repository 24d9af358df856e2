//! The supervision list over HTTP: the checklist and notices as JSON, the notices' Atom
//! feed, and the commission's and units' forms (register, inspections, rectification).

use std::collections::HashMap;

use app::complaints::model::NewTip;
use app::error::PortalError;
use app::staff::model::Role;
use app::supervision::backend::SupervisionBackend;
use app::supervision::model::{Answer, Checklist, NewMeasure, Notice, QUESTION_COUNT};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::inspections::NewInspection;
use crate::error::ApiError;
use crate::web::atom::{day_start, Entry, Feed};
use crate::web::form::trimmed;
use crate::web::respond::{back_with_error, back_with_ok};
use crate::web::session::{self, CsrfForm, StaffForm};
use crate::web::{api_method_not_allowed, HttpState};

const MEASURES: &str = "/staff/measures";
const INSPECTIONS: &str = "/staff/inspections";

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/supervision", get(checklist).fallback(api_method_not_allowed))
        .route("/api/v1/notices", get(notices).fallback(api_method_not_allowed))
        .route("/notices.atom", get(feed))
        .route("/staff/measures", post(record_measure))
        .route("/staff/inspections", post(record_inspection))
        .route("/staff/inspections/problem/{id}/report", post(report_problem))
        .route("/staff/inspections/problem/{id}/decide", post(decide_problem))
        .route("/staff/inspections/problem/{id}/case", post(open_case))
}

async fn checklist(State(state): State<HttpState>) -> Result<Json<Checklist>, ApiError> {
    Ok(Json(state.app.supervision.checklist().await?))
}

async fn notices(State(state): State<HttpState>) -> Result<Json<Vec<Notice>>, ApiError> {
    Ok(Json(state.app.supervision.notices().await?))
}

async fn feed(State(state): State<HttpState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let notices = state.app.supervision.notices().await?;
    let feed = Feed {
        key: "notices",
        title: "公开通报曝光 · 区纪委监委".into(),
        author: "区纪委监委".into(),
        self_path: app::supervision::pages::notices::FEED_PATH.into(),
        page_path: "/notices".into(),
        entries: notices
            .into_iter()
            .map(|n| Entry {
                key: format!("notice/{}", n.id),
                title: if n.post.is_empty() { n.unit.clone() } else { format!("{} · {}", n.unit, n.post) },
                updated: day_start(&n.date),
                link: format!("/notices#notice-{}", n.id),
                content: format!("问题：{}\n处理：{}", n.facts, n.outcome),
            })
            .collect(),
    };
    Ok(feed.response(&headers))
}

#[derive(Deserialize)]
struct MeasureForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    public: String,
    #[serde(default)]
    measure: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    post: String,
    #[serde(default)]
    basis_kind: String,
    #[serde(default)]
    basis_ref: String,
    #[serde(default)]
    facts: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    decided_on: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    reasoning: String,
}

impl CsrfForm for MeasureForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
    fn back(&self) -> String {
        MEASURES.into()
    }
}

async fn record_measure(State(state): State<HttpState>, staff: StaffForm<MeasureForm>) -> Response {
    let StaffForm { session, form, .. } = staff;
    if let Err(response) = session::require(&session, Role::Commission, "激励惩戒登记由纪委监委办理 / only the commission keeps the register") {
        return response;
    }
    let f = form;
    let measure = NewMeasure {
        measure: f.measure,
        unit: f.unit,
        person: f.person,
        post: f.post,
        basis_kind: f.basis_kind,
        basis_ref: f.basis_ref,
        facts: f.facts,
        outcome: f.outcome,
        decided_on: f.decided_on,
        body: f.body,
        public: f.public == "1",
        reasoning: f.reasoning,
    };
    match state.app.supervision.register.add(&measure, session.user.id).await {
        Ok(_) => back_with_ok(MEASURES, format!("已登记：{} / recorded", measure.measure)),
        Err(e) => back_with_error(MEASURES, &e),
    }
}

/// An inspection: its heading, and per checklist question `a{n}` (是/否/不适用) and
/// `e{n}` (the evidence), named after the questions the checklist holds.
#[derive(Deserialize)]
struct InspectionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default, deserialize_with = "trimmed")]
    unit: String,
    #[serde(default, deserialize_with = "trimmed")]
    period: String,
    #[serde(default, deserialize_with = "trimmed")]
    method: String,
    #[serde(default, deserialize_with = "trimmed")]
    summary: String,
    #[serde(flatten)]
    per_question: HashMap<String, String>,
}

impl InspectionForm {
    fn per_question(&self, field: char, number: u32) -> String {
        self.per_question.get(&format!("{field}{number}")).map(|v| v.trim().to_string()).unwrap_or_default()
    }
}

impl CsrfForm for InspectionForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
    fn back(&self) -> String {
        INSPECTIONS.into()
    }
}

async fn record_inspection(State(state): State<HttpState>, staff: StaffForm<InspectionForm>) -> Response {
    let StaffForm { session, form, .. } = staff;
    if let Err(response) = session::require(&session, Role::Commission, "监督检查由纪委监委记录 / only the commission records inspections") {
        return response;
    }
    let supervision = &state.app.supervision;
    let texts = match supervision.question_texts().await {
        Ok(t) => t,
        Err(e) => return back_with_error(INSPECTIONS, &crate::error::internal(e)),
    };
    // A question left unanswered counts as 不适用.
    let answers = (1..=QUESTION_COUNT)
        .filter(|n| texts.contains_key(n))
        .map(|n| Answer { number: n, answer: Some(form.per_question('a', n)).filter(|a| !a.is_empty()).unwrap_or_else(|| "na".into()), evidence: form.per_question('e', n) })
        .collect();
    let InspectionForm { unit, period, method, summary, .. } = form;
    let new = NewInspection { unit, period, method, summary, answers };
    match supervision.inspections.record(&new, &texts, session.user.id).await {
        Ok(id) => back_with_ok(INSPECTIONS, format!("已保存检查记录 JC{id} / inspection recorded")),
        Err(e) => back_with_error(INSPECTIONS, &e),
    }
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    decision: String,
}

impl CsrfForm for NoteForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
    fn back(&self) -> String {
        INSPECTIONS.into()
    }
}

async fn report_problem(State(state): State<HttpState>, Path(id): Path<i64>, staff: StaffForm<NoteForm>) -> Response {
    let StaffForm { session, form, .. } = staff;
    if let Err(response) = session::require(&session, Role::Unit, "整改情况由被检查单位报送 / only the inspected unit reports") {
        return response;
    }
    let unit = session.user.unit.clone().unwrap_or_default();
    match state.app.supervision.inspections.report(id, &unit, session.user.id, &form.note).await {
        Ok(()) => back_with_ok(INSPECTIONS, "已报送整改情况，等待审核 / reported"),
        Err(e) => back_with_error(INSPECTIONS, &e),
    }
}

async fn decide_problem(State(state): State<HttpState>, Path(id): Path<i64>, staff: StaffForm<NoteForm>) -> Response {
    let StaffForm { session, form, .. } = staff;
    if let Err(response) = session::require(&session, Role::Commission, "整改销号由纪委监委审核 / only the commission decides") {
        return response;
    }
    let approve = match form.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return back_with_error(INSPECTIONS, &PortalError::bad_request("请选择准予销号或退回整改 / approve or reject")),
    };
    match state.app.supervision.inspections.decide(id, approve, &form.note, session.user.id).await {
        Ok(()) => back_with_ok(INSPECTIONS, if approve { "已准予销号 / closed" } else { "已退回整改 / sent back" }),
        Err(e) => back_with_error(INSPECTIONS, &e),
    }
}

/// Opens a case from a problem (channel 巡察发现), once.
async fn open_case(State(state): State<HttpState>, Path(id): Path<i64>, staff: StaffForm<NoteForm>) -> Response {
    let StaffForm { session, .. } = staff;
    if let Err(response) = session::require(&session, Role::Commission, "由纪委监委转为问题线索 / only the commission opens cases") {
        return response;
    }
    let inspections = &state.app.supervision.inspections;
    let problem = match inspections.problem(id).await {
        Ok(Some(p)) => p,
        Ok(None) => return back_with_error(INSPECTIONS, &PortalError::not_found("未找到整改事项 / no such problem")),
        Err(e) => return back_with_error(INSPECTIONS, &crate::error::internal(e)),
    };
    match inspections.claim_case(id).await {
        Ok(true) => {}
        Ok(false) => return back_with_error(INSPECTIONS, &PortalError::bad_request("该事项已转为问题线索 / a case was opened already")),
        Err(e) => return back_with_error(INSPECTIONS, &crate::error::internal(e)),
    }
    let (unit, question, description, ..) = problem;
    let tip = NewTip {
        kind: "harming_environment".into(),
        subject_unit: unit,
        description: format!("监督检查发现（整改事项 {id}，监督清单第 {question} 条）：{description}"),
        anonymous: true,
        question: question.to_string(),
        ..Default::default()
    };
    match state.app.complaints.submit(tip, Vec::new(), "inspection", Some(&session.user), "staff").await {
        Ok(receipt) => {
            if let Err(e) = inspections.link_case(id, &receipt.case_number, session.user.id).await {
                crate::error::log_internal(&format!("case {} opened but not linked to problem {id}", receipt.case_number), &e);
            }
            back_with_ok(INSPECTIONS, format!("已转为问题线索 {} / case opened", receipt.case_number))
        }
        Err(e) => {
            let _ = inspections.release_case(id).await;
            back_with_error(INSPECTIONS, &e)
        }
    }
}
