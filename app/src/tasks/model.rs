//! The reform-task ledger (改革攻坚任务清单): tasks, their weekly progress reports, and
//! the pure rules over them — the colour of a task against the time elapsed, and the
//! weekly cut-off after which a missing report shows as 未报送.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::lang::{td_string, Locale};

/// The 17 reform areas. 工程建设项目审批 and 不动产登记 are named in the district's
/// report; the others follow the indicators of China's business-environment evaluation.
pub const AREAS: [&str; 17] = [
    "开办企业",
    "工程建设项目审批",
    "获得电力",
    "获得用水用气",
    "不动产登记",
    "纳税",
    "跨境贸易",
    "获得信贷",
    "保护中小投资者",
    "执行合同",
    "办理破产",
    "政府采购",
    "招标投标",
    "劳动力市场监管",
    "知识产权创造保护和运用",
    "市场监管",
    "政务服务",
];

/// Where the 2020 targets came from.
pub const SOURCES: [&str; 5] = ["深圳市", "上海市", "山东省", "青岛市", "本区"];

pub const STATE_OPEN: &str = "open";
/// A unit asked for close-out (销号); the certifier has not decided yet.
pub const STATE_CLOSING: &str = "closing";
pub const STATE_CLOSED: &str = "closed";

/// The monthly verdicts (一月一认定).
pub const VERDICTS: [&str; 4] = ["已完成", "序时推进", "滞后", "未启动"];

/// What happened to a task after it was listed, as its public timeline names it.
pub fn event_label(kind: &str) -> &'static str {
    match kind {
        "closeout_requested" => "申请销号",
        "closeout_approved" => "准予销号",
        "closeout_rejected" => "不予销号",
        "reopened" => "重新启动",
        "follow_up" => "跟踪问效",
        _ => "记录",
    }
}

/// [`event_label`] in the page's language.
pub fn event_label_in(kind: &str, l: Locale) -> &'static str {
    match kind {
        "closeout_requested" => td_string!(l, tasks.event_closeout_requested),
        "closeout_approved" => td_string!(l, tasks.event_closeout_approved),
        "closeout_rejected" => td_string!(l, tasks.event_closeout_rejected),
        "reopened" => td_string!(l, tasks.event_reopened),
        "follow_up" => td_string!(l, tasks.event_follow_up),
        _ => td_string!(l, tasks.event_other),
    }
}

pub fn state_label(state: &str) -> &'static str {
    match state {
        STATE_CLOSING => "申请销号中",
        STATE_CLOSED => "已销号",
        _ => "推进中",
    }
}

/// [`state_label`] in the page's language.
pub fn state_label_in(state: &str, l: Locale) -> &'static str {
    match state {
        STATE_CLOSING => td_string!(l, tasks.state_closing),
        STATE_CLOSED => td_string!(l, tasks.state_closed),
        _ => td_string!(l, tasks.state_open),
    }
}

/// A stored verdict (one of [`VERDICTS`]) in the page's language.
pub fn verdict_label_in(verdict: &str, l: Locale) -> &str {
    let labels = [
        td_string!(l, tasks.verdict_done),
        td_string!(l, tasks.verdict_on_schedule),
        td_string!(l, tasks.verdict_behind),
        td_string!(l, tasks.verdict_not_started),
    ];
    VERDICTS.iter().position(|v| *v == verdict).map_or(verdict, |i| labels[i])
}

/// The month `YYYY-MM` of a date, the period of a certification.
pub fn month_of(date: &str) -> String {
    date.get(..7).unwrap_or_default().to_string()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Colour {
    Green,
    Yellow,
    Red,
}

impl Colour {
    pub fn key(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Yellow => "yellow",
            Colour::Red => "red",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Colour::Green => "绿灯（正常推进）",
            Colour::Yellow => "黄灯（进度滞后）",
            Colour::Red => "红灯（严重滞后或超期）",
        }
    }

    /// [`Colour::label`] in the page's language.
    pub fn label_in(self, l: Locale) -> &'static str {
        match self {
            Colour::Green => td_string!(l, tasks.colour_green),
            Colour::Yellow => td_string!(l, tasks.colour_yellow),
            Colour::Red => td_string!(l, tasks.colour_red),
        }
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// The colour of a task on `today`: progress (percent done) against the share of the
/// time from `start` to `deadline` that has elapsed.
/// - a closed task is green;
/// - past the deadline and not closed: red;
/// - 30 or more points behind the elapsed share: red; 10 or more: yellow; else green.
///
/// On the deadline day the whole time has elapsed, so a task must be done (100) to be
/// green; 90 is yellow, 70 is red.
pub fn colour(start: &str, deadline: &str, today: &str, percent: u32, closed: bool) -> Colour {
    if closed {
        return Colour::Green;
    }
    let (Some(start), Some(deadline), Some(today)) = (date(start), date(deadline), date(today)) else {
        return Colour::Red;
    };
    if today > deadline {
        return Colour::Red;
    }
    let span = (deadline - start).num_days().max(1) as f64;
    let elapsed = (today - start).num_days().clamp(0, span as i64) as f64;
    let expected = 100.0 * elapsed / span;
    let behind = expected - percent.min(100) as f64;
    if behind >= 30.0 {
        Colour::Red
    } else if behind >= 10.0 {
        Colour::Yellow
    } else {
        Colour::Green
    }
}

/// The Monday of the week `date` falls in (reports are filed per week).
pub fn week_of(date_text: &str) -> String {
    let Some(d) = date(date_text) else { return String::new() };
    let monday = d - Duration::days(d.weekday().num_days_from_monday() as i64);
    monday.format("%Y-%m-%d").to_string()
}

/// The week whose report is due by the most recent cut-off (the end of a Friday) that
/// has passed on `today`; a task without a report for it shows as 未报送.
pub fn week_due(today: &str) -> String {
    let Some(d) = date(today) else { return String::new() };
    // Friday's report is due by the end of that Friday, so on a Friday the week before is due.
    let mut friday = d - Duration::days(1);
    while friday.weekday() != Weekday::Fri {
        friday -= Duration::days(1);
    }
    week_of(&friday.format("%Y-%m-%d").to_string())
}

/// Whether an open task lacks the report the last cut-off asked for. A task started
/// after that week owes none.
pub fn report_missing(start: &str, last_week: Option<&str>, closed: bool, today: &str) -> bool {
    if closed {
        return false;
    }
    let due = week_due(today);
    if week_of(start) > due {
        return false;
    }
    last_week.is_none_or(|w| w < due.as_str())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskHit {
    pub code: String,
    pub area: String,
    pub source: String,
    pub content: String,
    pub unit: String,
    pub deadline: String,
    pub percent: u32,
    pub closed: bool,
    pub colour: Option<Colour>,
    pub missing_report: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub week: String,
    pub reported_at: String,
    pub percent: u32,
    pub progress: String,
    pub problems: String,
    pub coordination: String,
    pub next_plan: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CertificationView {
    pub month: String,
    pub verdict: String,
    pub note: String,
    pub at: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRef {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskEventView {
    pub at: String,
    pub kind: String,
    pub note: String,
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskRevision {
    pub date: String,
    pub kind: String,
    pub note: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskDetail {
    pub code: String,
    pub area: String,
    pub source: String,
    pub content: String,
    pub target: String,
    pub unit: String,
    pub main_person: String,
    pub charge_person: String,
    pub specific_person: String,
    pub deadline: String,
    pub start_date: String,
    pub state: String,
    pub closed_on: Option<String>,
    pub percent: u32,
    pub colour: Option<Colour>,
    pub missing_report: bool,
    /// Tips that name this task ("此任务未落实？我要反映").
    pub tips: u32,
    pub reports: Vec<ReportView>,
    pub certifications: Vec<CertificationView>,
    pub events: Vec<TaskEventView>,
    pub history: Vec<TaskRevision>,
}

/// One task's line in the weekly sheet: its report for the week, or none (未报送).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeeklyRow {
    pub code: String,
    pub content: String,
    pub unit: String,
    pub report: Option<ReportView>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeeklyArea {
    pub area: String,
    pub rows: Vec<WeeklyRow>,
}

/// 一周一调度: the week's reports grouped by area, with the open tasks that owe one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeeklySheet {
    /// The Monday of the week.
    pub week: String,
    pub reported: u32,
    pub missing: u32,
    pub areas: Vec<WeeklyArea>,
}

/// The weekly sheet's columns, as the XLSX has them.
pub const WEEKLY_COLUMNS: [&str; 10] = ["改革领域", "任务编号", "任务内容", "责任单位", "完成百分比", "本周进展", "存在问题", "需协调事项", "下周计划", "报送时间"];

impl WeeklySheet {
    /// The sheet as rows of text (header first); a task without a report says 未报送.
    pub fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![WEEKLY_COLUMNS.iter().map(|c| c.to_string()).collect()];
        for area in &self.areas {
            for r in &area.rows {
                let mut row = vec![area.area.clone(), r.code.clone(), r.content.clone(), r.unit.clone()];
                match &r.report {
                    Some(p) => row.extend([
                        format!("{}%", p.percent),
                        p.progress.clone(),
                        p.problems.clone(),
                        p.coordination.clone(),
                        p.next_plan.clone(),
                        p.reported_at.clone(),
                    ]),
                    None => row.extend(["未报送".to_string(), String::new(), String::new(), String::new(), String::new(), String::new()]),
                }
                rows.push(row);
            }
        }
        rows
    }
}

pub use crate::params::FacetValue;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskFacets {
    pub area: Vec<FacetValue>,
    pub source: Vec<FacetValue>,
    pub unit: Vec<FacetValue>,
    pub state: Vec<FacetValue>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskResults {
    pub total: u32,
    /// No item holds every word: these hold some of them.
    #[serde(default)]
    pub partial: bool,
    pub offset: u32,
    pub limit: u32,
    pub hits: Vec<TaskHit>,
    pub facets: TaskFacets,
}

/// Progress of a group of tasks (an area or a unit): the mean of its tasks' percents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub name: String,
    pub tasks: u32,
    pub closed: u32,
    pub percent: u32,
    pub red: u32,
    pub yellow: u32,
    pub missing_reports: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LedgerOverview {
    pub total: u32,
    pub closed: u32,
    pub week_due: String,
    pub by_area: Vec<Progress>,
    pub by_unit: Vec<Progress>,
}

/// A unit's open tasks with what the weekly report needs (`/staff/tasks`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitTasksPage {
    pub me: crate::staff::model::StaffUserView,
    pub csrf: String,
    pub week: String,
    pub tasks: Vec<TaskHit>,
    /// Codes of the tasks already reported this week.
    pub reported: Vec<String>,
    /// The unit's closed tasks, which take follow-up entries (跟踪问效).
    pub closed: Vec<TaskHit>,
}

/// A close-out request waiting for the certifier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CloseoutRequest {
    pub task: TaskHit,
    pub note: String,
    pub at: String,
    pub evidence: Vec<EvidenceRef>,
}

/// `/staff/certify`: this month's verdicts, close-out requests, closed tasks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertifyPage {
    pub me: crate::staff::model::StaffUserView,
    pub csrf: String,
    pub month: String,
    pub to_certify: Vec<TaskHit>,
    pub certified: Vec<String>,
    pub requests: Vec<CloseoutRequest>,
    pub closed: Vec<TaskHit>,
}

#[cfg(test)]
mod tests;
