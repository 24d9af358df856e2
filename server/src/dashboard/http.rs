//! The dashboard's figures as JSON (`/api/v1/dashboard`) and CSV (`/dashboard.csv`):
//! the same aggregates as the page, small counts as "<5".

use app::dashboard::backend::DashboardBackend;
use app::dashboard::model::{Dashboard, Row};
use app::dashboard::page::{API_PATH, CSV_PATH};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};

use crate::error::ApiError;
use crate::web::csv::csv_download;
use crate::web::{api_method_not_allowed, HttpState};

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route(API_PATH, get(json).fallback(api_method_not_allowed))
        .route(CSV_PATH, get(csv))
}

async fn figures(state: &HttpState, raw: Option<String>) -> Result<Dashboard, ApiError> {
    let pairs = app::url::parse_pairs(raw.as_deref().unwrap_or(""))?;
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
    Ok(state.app.dashboard.dashboard(get("from"), get("to")).await?)
}

async fn json(State(state): State<HttpState>, RawQuery(raw): RawQuery) -> Result<Json<Dashboard>, ApiError> {
    Ok(Json(figures(&state, raw).await?))
}

async fn csv(State(state): State<HttpState>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let d = figures(&state, raw).await?;
    Ok(csv_download(&format!("数据公开-{}-{}.csv", d.from, d.to), table(&d)))
}

/// Every figure of the page as (group, item, measure, value) rows.
pub fn table(d: &Dashboard) -> Vec<Vec<String>> {
    let mut rows = vec![vec!["分组".to_string(), "项目".to_string(), "指标".to_string(), "数值".to_string()]];
    let mut push = |group: &str, item: &str, measure: &str, value: String| {
        rows.push(vec![group.to_string(), item.to_string(), measure.to_string(), value]);
    };
    let range = format!("{} 至 {}", d.from, d.to);
    push("统计范围", &range, "数据截至", d.today.clone());
    let t = &d.tips;
    for (item, cell) in [("收到线索", t.received), ("已受理", t.accepted), ("不予受理", t.not_accepted), ("转单位核查", t.forwarded), ("已办结", t.closed)] {
        push("问题线索", item, "件数", cell.text());
    }
    let groups: [(&str, &Vec<Row>); 5] =
        [("按月份", &t.by_month), ("按问题类别", &t.by_kind), ("按来源渠道", &t.by_channel), ("按涉及单位", &t.by_unit), ("举报人评价", &t.ratings)];
    for (group, list) in groups {
        for r in list {
            push(group, &r.label, "件数", r.count.text());
        }
    }
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "—".to_string());
    for x in &t.durations {
        push("办理用时", &x.label, "中位数（工作日）", or_dash(x.median_days.map(|d| d.to_string())));
    }
    for l in &t.limits {
        push("按期办理", &l.label, "时限（工作日）", l.working_days.to_string());
        push("按期办理", &l.label, "应办件数", l.due.text());
        push("按期办理", &l.label, "按期件数", l.met.text());
        push("按期办理", &l.label, "逾期件数", l.missed.text());
        push("按期办理", &l.label, "按期率（%）", or_dash(l.percent.map(|p| p.to_string())));
    }
    push("举报人评价", "已评价", "件数", t.rated.text());
    push("异议", "提出异议", "件数", t.objected.text());
    push("异议", "提出异议", "占已反馈（%）", or_dash(t.objected_percent.map(|p| p.to_string())));
    for (group, list) in [("改革任务·按领域", &d.tasks_by_area), ("改革任务·按单位", &d.tasks_by_unit)] {
        for p in list {
            let green = p.tasks.saturating_sub(p.red + p.yellow);
            for (measure, n) in [("任务", p.tasks), ("绿灯", green), ("黄灯", p.yellow), ("红灯", p.red), ("已销号", p.closed)] {
                push(group, &p.name, measure, n.to_string());
            }
        }
    }
    push("办事服务", "全部", "事项", d.services_total.to_string());
    push("办事服务", "全部", "已达标", d.services_met.to_string());
    for s in &d.services_by_unit {
        push("办事服务·按单位", &s.unit, "事项", s.services.to_string());
        push("办事服务·按单位", &s.unit, "已达标", s.met.to_string());
    }
    rows
}
