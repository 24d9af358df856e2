//! The checklist's areas and questions, inspection answers, the ten measures in the
//! district's words and order, and the register's records (no I/O here).

use serde::{Deserialize, Serialize};

use crate::staff::model::StaffUserView;

/// The five supervision areas, each with the environment it protects.
pub const AREAS: &[&str] = &[
    "政策落实 · 清廉的政治环境",
    "行政审批 · 高效的政务环境",
    "执法司法 · 公正的法治环境",
    "市场监管 · 宽松的市场环境",
    "政商交往 · 亲清的社会环境",
];

/// The number of questions the checklist holds (numbered 1 to 100).
pub const QUESTION_COUNT: u32 = 100;

/// An area by its full label or its short name ("政策落实").
pub fn area_of(name: &str) -> Option<&'static str> {
    let name = name.trim();
    AREAS.iter().copied().find(|a| *a == name || a.split(" · ").next() == Some(name))
}

/// The short name of an area label ("政策落实 · 清廉的政治环境" → "政策落实").
pub fn area_short(area: &str) -> &str {
    area.split(" · ").next().unwrap_or(area)
}

/// Incentives (激励), in the district's order.
pub const INCENTIVES: [&str; 5] = ["表彰奖励", "政治激励", "挂职锻炼", "跟踪培养", "选拔使用"];

/// Punishments (惩戒), in the district's order.
pub const PUNISHMENTS: [&str; 5] = ["充分运用监督执纪“第一种形态”", "加大组织处理力度", "严查违法违纪案件", "严格问责追责", "公开通报曝光"];

/// The ten measures, incentives first.
pub const MEASURES: [&str; 10] = [
    INCENTIVES[0], INCENTIVES[1], INCENTIVES[2], INCENTIVES[3], INCENTIVES[4],
    PUNISHMENTS[0], PUNISHMENTS[1], PUNISHMENTS[2], PUNISHMENTS[3], PUNISHMENTS[4],
];

/// The measure whose public records are the notices (通报曝光).
pub const NOTICE_MEASURE: &str = "公开通报曝光";

/// Fault tolerance (容错免责, "三个区分开来"): recorded in the register with its reasoning,
/// counted apart from the ten measures.
pub const TOLERANCE: &str = "容错免责";

/// What a register entry rests on.
pub const BASES: &[(&str, &str)] = &[("task", "改革任务"), ("case", "问题线索"), ("inspection", "监督检查")];

/// Inspection methods (检查方式).
pub const METHODS: &[&str] = &["实地走访", "问卷调查", "模拟办事", "企业回访"];

/// Answers to a question in an inspection.
pub const ANSWERS: &[(&str, &str)] = &[("yes", "是"), ("no", "否"), ("na", "不适用")];

pub fn label<'a>(table: &'a [(&'a str, &'a str)], key: &str) -> &'a str {
    table.iter().find(|(k, _)| *k == key).map(|(_, l)| *l).unwrap_or("")
}

/// Whether a measure is an incentive, a punishment or fault tolerance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeasureKind {
    Incentive,
    Punishment,
    Tolerance,
}

impl MeasureKind {
    pub fn of(measure: &str) -> Option<MeasureKind> {
        if INCENTIVES.contains(&measure) {
            Some(MeasureKind::Incentive)
        } else if PUNISHMENTS.contains(&measure) {
            Some(MeasureKind::Punishment)
        } else if measure == TOLERANCE {
            Some(MeasureKind::Tolerance)
        } else {
            None
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MeasureKind::Incentive => "激励",
            MeasureKind::Punishment => "惩戒",
            MeasureKind::Tolerance => "容错免责",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub number: u32,
    pub area: String,
    pub question: String,
}

/// `/supervision`: the questions by area, with the tips that name each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    pub areas: Vec<AreaQuestions>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaQuestions {
    pub area: String,
    pub questions: Vec<Question>,
}

/// One entry of the measures register, as staff record it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewMeasure {
    pub measure: String,
    pub unit: String,
    pub person: String,
    pub post: String,
    pub basis_kind: String,
    pub basis_ref: String,
    pub facts: String,
    pub outcome: String,
    pub decided_on: String,
    pub body: String,
    pub public: bool,
    pub reasoning: String,
}

/// Why a register entry cannot be recorded, or `None` (pure: the form's rule).
pub fn measure_problem(m: &NewMeasure) -> Option<String> {
    let Some(kind) = MeasureKind::of(&m.measure) else {
        return Some("请选择十项措施之一或容错免责 / choose one of the ten measures or fault tolerance".into());
    };
    if m.unit.trim().is_empty() && m.person.trim().is_empty() {
        return Some("请填写单位或个人 / a unit or a person is required".into());
    }
    if !BASES.iter().any(|(k, _)| *k == m.basis_kind) || m.basis_ref.trim().is_empty() {
        return Some("请写明依据（改革任务、问题线索或监督检查及其编号）/ the basis is required".into());
    }
    if m.facts.trim().is_empty() || m.body.trim().is_empty() {
        return Some("请填写事实和决定机关 / facts and the deciding body are required".into());
    }
    if kind == MeasureKind::Tolerance && m.reasoning.trim().chars().count() < 10 {
        return Some("容错免责须写明“三个区分开来”的认定理由 / fault tolerance needs its reasoning".into());
    }
    if m.public && kind == MeasureKind::Tolerance {
        return Some("容错免责不公开通报 / fault tolerance is not published".into());
    }
    None
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureRecord {
    pub id: i64,
    pub measure: String,
    pub kind: MeasureKind,
    pub unit: String,
    pub person: String,
    pub post: String,
    pub basis_kind: String,
    pub basis_ref: String,
    pub facts: String,
    pub outcome: String,
    pub decided_on: String,
    pub body: String,
    pub public: bool,
    pub reasoning: String,
}

/// A public notice (通报曝光): only what the public may read, nothing about a reporter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub id: i64,
    pub unit: String,
    pub post: String,
    pub facts: String,
    pub outcome: String,
    pub date: String,
}

/// A unit whose tasks all closed before their deadlines (表彰奖励 candidates).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub unit: String,
    pub tasks: u32,
    pub last_closed: String,
}

/// `/staff/measures`: the commission's register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasuresDesk {
    pub me: StaffUserView,
    pub csrf: String,
    pub records: Vec<MeasureRecord>,
    /// Applications per measure, in the ten measures' order.
    pub counts: Vec<(String, u32)>,
    pub tolerance: u32,
    pub candidates: Vec<Candidate>,
    pub units: Vec<String>,
}

/// An inspection's answer to one question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub number: u32,
    pub answer: String,
    pub evidence: String,
}

/// A problem an inspection found, rectified by its unit and closed out by the commission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub id: i64,
    pub inspection_id: i64,
    pub unit: String,
    pub question: u32,
    pub question_text: String,
    pub description: String,
    pub due: String,
    pub state: String,
    pub closed_on: Option<String>,
    pub case_number: Option<String>,
    pub overdue: bool,
    pub events: Vec<ProblemEvent>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProblemEvent {
    pub at: String,
    pub kind: String,
    pub note: String,
}

pub const PROBLEM_OPEN: &str = "open";
pub const PROBLEM_CLOSING: &str = "closing";
pub const PROBLEM_CLOSED: &str = "closed";

pub fn problem_state_label(state: &str) -> &'static str {
    match state {
        PROBLEM_OPEN => "整改中",
        PROBLEM_CLOSING => "待销号",
        PROBLEM_CLOSED => "已销号",
        _ => "其他",
    }
}

pub fn problem_event_label(kind: &str) -> &'static str {
    match kind {
        "found" => "检查发现",
        "report" => "整改报告",
        "approve" => "准予销号",
        "reject" => "退回整改",
        "case" => "转为问题线索",
        _ => "其他",
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectionSummary {
    pub id: i64,
    pub unit: String,
    pub period: String,
    pub method: String,
    pub recorded_at: String,
    pub yes: u32,
    pub no: u32,
    pub na: u32,
}

/// `/staff/inspections`: the commission records inspections and follows their problems;
/// a unit sees and answers its own problems.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectionsDesk {
    pub me: StaffUserView,
    pub csrf: String,
    pub inspections: Vec<InspectionSummary>,
    pub problems: Vec<Problem>,
    pub units: Vec<String>,
    pub checklist: Vec<AreaQuestions>,
}

#[cfg(test)]
mod tests;
