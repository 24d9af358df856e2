//! Tips and complaints: the kinds, states and actions of a case, and the pure rule of
//! which action may move a case from which state (no I/O here).

use serde::{Deserialize, Serialize};

use crate::lang::{td_string, Locale};
pub use crate::staff::model::Role;
use crate::staff::model::StaffUserView;

/// The four kinds of lead the district names.
pub const KINDS: &[(&str, &str)] = &[
    ("policy_not_honoured", "涉企惠企政策不落实"),
    ("obstructing_business", "刁难企业和企业家"),
    ("harming_environment", "损害营商环境"),
    ("other", "其他问题"),
];

/// How a tip reached the commission (全渠道受理).
pub const CHANNELS: &[(&str, &str)] = &[
    ("online", "网上举报"),
    ("hotline", "电话（86757678）"),
    ("letter", "来信"),
    ("visit", "来访"),
    ("12345", "12345 转办"),
    ("inspection", "巡察发现"),
    ("special", "专项监督"),
    ("cant_do", "办不成事"),
];

/// The supervision areas and the ten measures belong to the supervision list.
pub use crate::supervision::model::{AREAS, MEASURES};

pub const FINDINGS: &[(&str, &str)] = &[
    ("substantiated", "属实"),
    ("partly", "部分属实"),
    ("not_substantiated", "不属实"),
];

pub const RATINGS: &[&str] = &["满意", "基本满意", "不满意"];

/// A rating event's note ("基本满意 说明…") as the rating and the comment.
pub fn split_rating(note: &str) -> (&str, &str) {
    match note.split_once(' ') {
        Some((rating, comment)) if RATINGS.contains(&rating) => (rating, comment.trim()),
        _ => (note, ""),
    }
}

pub fn label<'a>(table: &'a [(&'a str, &'a str)], key: &str) -> &'a str {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v).unwrap_or("未知")
}

/// The key of a (Chinese) label of `table`, as the server wrote it into a page's data.
pub fn key_of<'a>(table: &'a [(&'a str, &'a str)], label: &str) -> Option<&'a str> {
    table.iter().find(|(_, v)| *v == label).map(|(k, _)| *k)
}

// The `*_in` labels are for the pages, in their language; the Chinese tables and
// `label` functions stay what the server writes (mail, CSV, API, staff pages).

/// A [`KINDS`] label in `l`.
pub fn kind_label_in(key: &str, l: Locale) -> &'static str {
    match key {
        "policy_not_honoured" => td_string!(l, complaints.kind_policy_not_honoured),
        "obstructing_business" => td_string!(l, complaints.kind_obstructing_business),
        "harming_environment" => td_string!(l, complaints.kind_harming_environment),
        "other" => td_string!(l, complaints.kind_other),
        _ => td_string!(l, complaints.unknown),
    }
}

/// A [`CHANNELS`] label in `l`.
pub fn channel_label_in(key: &str, l: Locale) -> &'static str {
    match key {
        "online" => td_string!(l, complaints.channel_online),
        "hotline" => td_string!(l, complaints.channel_hotline),
        "letter" => td_string!(l, complaints.channel_letter),
        "visit" => td_string!(l, complaints.channel_visit),
        "12345" => td_string!(l, complaints.channel_12345),
        "inspection" => td_string!(l, complaints.channel_inspection),
        "special" => td_string!(l, complaints.channel_special),
        "cant_do" => td_string!(l, complaints.channel_cant_do),
        _ => td_string!(l, complaints.unknown),
    }
}

/// One of [`RATINGS`] in `l` (`None` for another text).
pub fn rating_label_in(rating: &str, l: Locale) -> Option<&'static str> {
    Some(match rating {
        "满意" => td_string!(l, complaints.rating_satisfied),
        "基本满意" => td_string!(l, complaints.rating_fairly_satisfied),
        "不满意" => td_string!(l, complaints.rating_dissatisfied),
        _ => return None,
    })
}

/// A [`CurrentDue`] label (as the server's deadlines name it) in `l`.
pub fn due_label_in(label: &str, l: Locale) -> Option<&'static str> {
    Some(match label {
        "受理期限" => td_string!(l, complaints.due_accept),
        "核查期限" => td_string!(l, complaints.due_verify),
        "反馈期限" => td_string!(l, complaints.due_feedback),
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    Submitted,
    Accepted,
    NotAccepted,
    Verifying,
    Handled,
    FeedbackGiven,
    Closed,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Submitted,
        State::Accepted,
        State::NotAccepted,
        State::Verifying,
        State::Handled,
        State::FeedbackGiven,
        State::Closed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            State::Submitted => "submitted",
            State::Accepted => "accepted",
            State::NotAccepted => "not_accepted",
            State::Verifying => "verifying",
            State::Handled => "handled",
            State::FeedbackGiven => "feedback_given",
            State::Closed => "closed",
        }
    }

    pub fn from_key(key: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            State::Submitted => "已提交",
            State::Accepted => "已受理",
            State::NotAccepted => "不予受理",
            State::Verifying => "核查中",
            State::Handled => "已处置",
            State::FeedbackGiven => "已反馈",
            State::Closed => "已办结",
        }
    }

    pub fn label_in(self, l: Locale) -> &'static str {
        match self {
            State::Submitted => td_string!(l, complaints.state_submitted),
            State::Accepted => td_string!(l, complaints.state_accepted),
            State::NotAccepted => td_string!(l, complaints.state_not_accepted),
            State::Verifying => td_string!(l, complaints.state_verifying),
            State::Handled => td_string!(l, complaints.state_handled),
            State::FeedbackGiven => td_string!(l, complaints.state_feedback_given),
            State::Closed => td_string!(l, complaints.state_closed),
        }
    }
}

impl State {
    /// What the state means to a reporter, and what happens next.
    pub fn meaning(self, l: Locale) -> &'static str {
        match self {
            State::Submitted => td_string!(l, complaints.meaning_submitted),
            State::Accepted => td_string!(l, complaints.meaning_accepted),
            State::NotAccepted => td_string!(l, complaints.meaning_not_accepted),
            State::Verifying => td_string!(l, complaints.meaning_verifying),
            State::Handled => td_string!(l, complaints.meaning_handled),
            State::FeedbackGiven => td_string!(l, complaints.meaning_feedback_given),
            State::Closed => td_string!(l, complaints.meaning_closed),
        }
    }
}

/// What in a case waits for the commission's eyes: the reporter objected, or the unit's
/// report arrived. Kept on the status row, so the queue can show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attention {
    Objection,
    ReportIn,
}

impl Attention {
    pub fn key(self) -> &'static str {
        match self {
            Attention::Objection => "objection",
            Attention::ReportIn => "report_in",
        }
    }
    pub fn from_key(key: &str) -> Option<Self> {
        [Attention::Objection, Attention::ReportIn].into_iter().find(|a| a.key() == key)
    }
    pub fn label(self) -> &'static str {
        match self {
            Attention::Objection => "举报人有异议",
            Attention::ReportIn => "报告已到",
        }
    }
}

/// The attention flag after `action`: an objection or a unit report raises it; a step
/// that moves the case on settles it; notes and tags leave it as it was.
pub fn attention_after(current: Option<Attention>, action: &Action) -> Option<Attention> {
    match action {
        Action::Object { .. } => Some(Attention::Objection),
        Action::UnitReport { .. } => Some(Attention::ReportIn),
        Action::Accept
        | Action::NotAccept { .. }
        | Action::Forward { .. }
        | Action::Handle { .. }
        | Action::Feedback { .. }
        | Action::Close
        | Action::Reopen { .. }
        | Action::Merge { .. } => None,
        _ => current,
    }
}

/// The step the commission is expected to take next on a case (an action key, if it
/// is theirs to take), and how to say it.
pub fn next_step(state: State, attention: Option<Attention>) -> (Option<&'static str>, &'static str) {
    match (state, attention) {
        (State::Submitted, _) => (Some("accept"), "下一步：受理或不予受理"),
        (State::Accepted, Some(Attention::Objection)) => (Some("forward"), "举报人提出异议：请重新核查（转交单位核查）"),
        (State::Accepted, _) => (Some("forward"), "下一步：转交单位核查"),
        (State::Verifying, Some(Attention::ReportIn)) => (Some("handle"), "下一步：审阅核查报告并处置"),
        (State::Verifying, _) => (None, "等待核查单位提交核查报告"),
        (State::Handled, _) => (Some("feedback"), "下一步：答复举报人"),
        (State::FeedbackGiven, _) => (Some("close"), "下一步：办结（或等待举报人评价）"),
        (State::NotAccepted, _) => (Some("close"), "下一步：办结"),
        (State::Closed, _) => (None, "本件已办结"),
    }
}

/// Everything that can happen to a case. Each one becomes an event; none edits or
/// deletes an earlier one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Action {
    Accept,
    NotAccept { reason: String },
    TagArea { area: String },
    /// Tags the case with a checklist question, and so with its area.
    TagQuestion { number: u32, area: String, question: String },
    Assign { user_id: i64 },
    Forward { unit: String, due: String, instructions: String },
    UnitReport { report: String },
    Handle { finding: String, measures: Vec<String>, note: String },
    Feedback { text: String },
    Close,
    Reopen { reason: String },
    Merge { into_case: String },
    AskReporter { question: String },
    ReporterMessage { text: String },
    Rate { rating: String, comment: String },
    Object { reason: String },
    RevealIdentity { reason: String },
    InternalNote { note: String },
}

/// Who is acting: the anonymous reporter (holding the receipt) or a staff member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Reporter,
    Staff(Role),
}

/// Who may see an event: everyone including the reporter, the commission only, or
/// the commission and the unit the case was forwarded to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Visibility {
    Public,
    Internal,
    Unit,
}

impl Visibility {
    pub fn key(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
            Visibility::Unit => "unit",
        }
    }
    pub fn from_key(key: &str) -> Visibility {
        match key {
            "public" => Visibility::Public,
            "unit" => Visibility::Unit,
            _ => Visibility::Internal,
        }
    }
}

/// The outcome of applying an action: the state after it and who may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub state: State,
    pub visibility: Visibility,
}

fn deny(msg: &str) -> Result<Transition, String> {
    Err(msg.to_string())
}

fn non_empty(text: &str, what: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        Err(format!("请填写{what} / {what} is required"))
    } else {
        Ok(())
    }
}

/// The workflow: whether `actor` may apply `action` to a case in `state`, and what
/// follows. `has_feedback` tells whether feedback was ever given (rating needs it).
pub fn apply(state: State, actor: Actor, action: &Action, has_feedback: bool) -> Result<Transition, String> {
    use Action::*;
    use State::*;
    let commission = matches!(actor, Actor::Staff(Role::Commission));
    let open = !matches!(state, Closed | NotAccepted);
    let same = |visibility| Ok(Transition { state, visibility });
    match action {
        Accept if commission && state == Submitted => Ok(Transition { state: Accepted, visibility: Visibility::Public }),
        NotAccept { reason } if commission && state == Submitted => {
            non_empty(reason, "不予受理的理由")?;
            Ok(Transition { state: NotAccepted, visibility: Visibility::Public })
        }
        TagArea { area } if commission && open => {
            if !AREAS.contains(&area.as_str()) {
                return deny("监督领域无效 / unknown supervision area");
            }
            same(Visibility::Internal)
        }
        TagQuestion { number, area, .. } if commission && open => {
            if !(1..=crate::supervision::model::QUESTION_COUNT).contains(number) || !AREAS.contains(&area.as_str()) {
                return deny("监督清单问题无效 / unknown checklist question");
            }
            same(Visibility::Internal)
        }
        Assign { .. } if commission && open => same(Visibility::Internal),
        Forward { unit, .. } if commission && matches!(state, Accepted | Verifying) => {
            non_empty(unit, "核查单位")?;
            Ok(Transition { state: Verifying, visibility: Visibility::Unit })
        }
        UnitReport { report } if matches!(actor, Actor::Staff(Role::Unit)) && state == Verifying => {
            non_empty(report, "核查报告")?;
            same(Visibility::Unit)
        }
        Handle { finding, measures, .. } if commission && matches!(state, Accepted | Verifying) => {
            if !FINDINGS.iter().any(|(k, _)| k == finding) {
                return deny("请选择核查结论 / choose a finding");
            }
            if measures.iter().any(|m| !MEASURES.contains(&m.as_str())) {
                return deny("处置措施无效 / unknown measure");
            }
            Ok(Transition { state: Handled, visibility: Visibility::Public })
        }
        Feedback { text } if commission && matches!(state, Handled | FeedbackGiven) => {
            non_empty(text, "反馈内容")?;
            Ok(Transition { state: FeedbackGiven, visibility: Visibility::Public })
        }
        Close if commission && matches!(state, FeedbackGiven | NotAccepted) => {
            Ok(Transition { state: Closed, visibility: Visibility::Public })
        }
        Reopen { reason } if commission && matches!(state, FeedbackGiven | Closed | NotAccepted) => {
            non_empty(reason, "重新办理的理由")?;
            Ok(Transition { state: Accepted, visibility: Visibility::Public })
        }
        Merge { into_case } if commission && open => {
            non_empty(into_case, "合并到的案件编号")?;
            Ok(Transition { state: Closed, visibility: Visibility::Public })
        }
        AskReporter { question } if commission && open => {
            non_empty(question, "问题")?;
            Ok(Transition { state, visibility: Visibility::Public })
        }
        ReporterMessage { text } if actor == Actor::Reporter => {
            non_empty(text, "留言内容")?;
            Ok(Transition { state, visibility: Visibility::Public })
        }
        Rate { rating, .. } if actor == Actor::Reporter => {
            if !has_feedback || !matches!(state, FeedbackGiven | Closed) {
                return deny("收到反馈后才能评价 / you can rate once feedback is given");
            }
            if !RATINGS.contains(&rating.as_str()) {
                return deny("请选择 满意、基本满意 或 不满意");
            }
            same(Visibility::Public)
        }
        Object { reason } if actor == Actor::Reporter => {
            if !matches!(state, FeedbackGiven | Closed | NotAccepted) {
                return deny("案件尚在办理中，暂不能提出异议 / the case is still being handled");
            }
            non_empty(reason, "异议理由")?;
            Ok(Transition { state: Accepted, visibility: Visibility::Public })
        }
        RevealIdentity { reason } if commission => {
            non_empty(reason, "查看身份的理由")?;
            same(Visibility::Internal)
        }
        InternalNote { note } if commission || matches!(actor, Actor::Staff(Role::Unit)) => {
            non_empty(note, "备注")?;
            same(if commission { Visibility::Internal } else { Visibility::Unit })
        }
        _ => deny("当前状态或权限不允许此操作 / this action is not allowed now"),
    }
}

/// One line of a case's public timeline, as the reporter sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub label: String,
    pub note: Option<String>,
    pub from_reporter: bool,
    /// A reply that a later objection or reopening replaced.
    #[serde(default)]
    pub superseded: bool,
}

impl TimelineEntry {
    /// The step this line records, known by the (Chinese) label the server gave it.
    pub fn kind(&self) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.label() == self.label)
    }
}

/// The deadline a case runs against now, on the working-day calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentDue {
    /// 受理期限, 核查期限 or 反馈期限.
    pub label: String,
    pub date: String,
    /// Counted on holidays not yet published (暂定).
    #[serde(default)]
    pub provisional: bool,
}

/// What the reporter filed, as they filed it (shown only to the receipt holder).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TipSummary {
    pub subject_unit: String,
    pub policy: Option<String>,
    pub occurred_when: String,
    pub occurred_where: String,
    pub description: String,
    pub anonymous: bool,
    pub files: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicStatus {
    pub case_number: String,
    pub kind: String,
    pub submitted_at: String,
    pub state: State,
    pub state_label: String,
    pub timeline: Vec<TimelineEntry>,
    pub feedback: Option<String>,
    pub rating: Option<String>,
    pub can_rate: bool,
    pub can_object: bool,
    pub open_question: Option<String>,
    #[serde(default)]
    pub due: Option<CurrentDue>,
    /// The reply a later objection or reopening replaced, if the case has no new one yet.
    #[serde(default)]
    pub earlier_feedback: Option<String>,
    #[serde(default)]
    pub summary: TipSummary,
}

#[cfg(test)]
mod tests;

/// A tip as typed into the form or posted to the API.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewTip {
    #[serde(alias = "category")]
    pub kind: String,
    pub subject_unit: String,
    pub policy_code: String,
    pub description: String,
    pub occurred_when: String,
    pub occurred_where: String,
    pub anonymous: bool,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub company: String,
    /// The checklist question (1–100) the tip points at, if any.
    pub question: String,
    /// The reform task the tip says is not carried out, if any (its code).
    pub task: String,
}

/// A named reporter's identity: sealed at rest, shown only on an explicit, logged
/// commission action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub company: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub receipt: String,
    pub case_number: String,
    pub submitted_at: String,
    /// The working-day deadline for telling the reporter whether the tip is accepted.
    pub accept_due: String,
    /// Where to follow the case (the portal's public address + `/track`), when known.
    #[serde(default)]
    pub track_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub case_number: String,
    pub kind: String,
    pub channel: String,
    pub subject_unit: String,
    pub state: State,
    pub submitted_at: String,
    pub due: Option<String>,
    pub overdue: bool,
    pub area: Option<String>,
    pub question: Option<u32>,
    pub forwarded_unit: Option<String>,
    #[serde(default)]
    pub attention: Option<Attention>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueFilter {
    pub state: Option<String>,
    pub kind: Option<String>,
    pub unit: Option<String>,
    pub overdue: bool,
    /// A supervision area's label.
    pub area: Option<String>,
    /// A checklist question's number.
    pub question: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub state: State,
    pub visibility: Visibility,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileInfo {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    /// Where it came from (提交举报, 举报人补充 …) and when.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub added_at: String,
}

/// What a mail of the complaint channel is about. Stored in the outbox by its key;
/// shown to staff by its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailKind {
    /// To the commission, for every new tip.
    NewTip,
    /// To a unit's accounts, when a case is forwarded to it.
    Forwarded,
    /// To a named reporter: the commission answered.
    Feedback,
    /// To a named reporter: the commission asks something.
    Question,
    /// To the case's handler (or the commission): the reporter objected.
    Objection,
    /// To the case's handler (or the commission): the unit's report arrived.
    UnitReported,
}

impl MailKind {
    pub const ALL: [MailKind; 6] = [MailKind::NewTip, MailKind::Forwarded, MailKind::Feedback, MailKind::Question, MailKind::Objection, MailKind::UnitReported];

    pub fn key(self) -> &'static str {
        match self {
            MailKind::NewTip => "new_tip",
            MailKind::Forwarded => "forwarded",
            MailKind::Feedback => "feedback",
            MailKind::Question => "question",
            MailKind::Objection => "objection",
            MailKind::UnitReported => "unit_reported",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            MailKind::NewTip => "新线索通知纪委监委",
            MailKind::Forwarded => "转办通知核查单位",
            MailKind::Feedback => "答复提醒举报人",
            MailKind::Question => "提问提醒举报人",
            MailKind::Objection => "异议提醒承办人",
            MailKind::UnitReported => "核查报告送达提醒",
        }
    }

    /// Addressed to a reporter, whose address is identity data.
    pub fn to_reporter(self) -> bool {
        matches!(self, MailKind::Feedback | MailKind::Question)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailInfo {
    /// A [`MailKind`] key, as stored.
    pub kind: String,
    pub created_at: String,
    pub attempts: i64,
    pub sent_at: Option<String>,
    pub last_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffCase {
    pub case_number: String,
    pub kind: String,
    pub channel: String,
    pub subject_unit: String,
    pub policy_code: Option<String>,
    /// The related policy's title, for people (the code is for links).
    #[serde(default)]
    pub policy_title: Option<String>,
    pub description: String,
    pub occurred_when: String,
    pub occurred_where: String,
    pub anonymous: bool,
    pub state: State,
    pub submitted_at: String,
    /// Due dates counted on holidays not yet published (暂定) or beyond the calendar.
    #[serde(default)]
    pub provisional_dues: Vec<String>,
    pub accept_due: String,
    pub verify_due: Option<String>,
    pub feedback_due: Option<String>,
    pub overdue: bool,
    pub area: Option<String>,
    pub question: Option<u32>,
    pub assignee: Option<String>,
    pub forwarded_unit: Option<String>,
    pub events: Vec<CaseEvent>,
    pub files: Vec<FileInfo>,
    pub mails: Vec<MailInfo>,
    pub rating: Option<String>,
    #[serde(default)]
    pub attention: Option<Attention>,
}

/// What an event of a case records: the filing of the tip, or one action. Stored by
/// its key; shown by its label in timelines and the case history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    Submitted,
    Recorded,
    Accept,
    NotAccept,
    TagArea,
    TagQuestion,
    Assign,
    Forward,
    UnitReport,
    Handle,
    Feedback,
    Close,
    Reopen,
    Merge,
    AskReporter,
    ReporterMessage,
    Rate,
    Object,
    RevealIdentity,
    InternalNote,
}

impl EventKind {
    pub const ALL: [EventKind; 20] = [EventKind::Submitted, EventKind::Recorded, EventKind::Accept, EventKind::NotAccept, EventKind::TagArea, EventKind::TagQuestion, EventKind::Assign, EventKind::Forward, EventKind::UnitReport, EventKind::Handle, EventKind::Feedback, EventKind::Close, EventKind::Reopen, EventKind::Merge, EventKind::AskReporter, EventKind::ReporterMessage, EventKind::Rate, EventKind::Object, EventKind::RevealIdentity, EventKind::InternalNote];

    pub fn key(self) -> &'static str {
        match self {
            EventKind::Submitted => "submitted",
            EventKind::Recorded => "recorded",
            EventKind::Accept => "accept",
            EventKind::NotAccept => "not_accept",
            EventKind::TagArea => "tag_area",
            EventKind::TagQuestion => "tag_question",
            EventKind::Assign => "assign",
            EventKind::Forward => "forward",
            EventKind::UnitReport => "unit_report",
            EventKind::Handle => "handle",
            EventKind::Feedback => "feedback",
            EventKind::Close => "close",
            EventKind::Reopen => "reopen",
            EventKind::Merge => "merge",
            EventKind::AskReporter => "ask_reporter",
            EventKind::ReporterMessage => "reporter_message",
            EventKind::Rate => "rate",
            EventKind::Object => "object",
            EventKind::RevealIdentity => "reveal_identity",
            EventKind::InternalNote => "internal_note",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            EventKind::Submitted => "提交举报",
            EventKind::Recorded => "登记来电来信来访",
            EventKind::Accept => "受理",
            EventKind::NotAccept => "不予受理",
            EventKind::TagArea => "标注监督领域",
            EventKind::TagQuestion => "对照监督清单",
            EventKind::Assign => "指定承办人",
            EventKind::Forward => "转交单位核查",
            EventKind::UnitReport => "单位核查报告",
            EventKind::Handle => "处置",
            EventKind::Feedback => "答复举报人",
            EventKind::Close => "办结",
            EventKind::Reopen => "重新办理",
            EventKind::Merge => "合并案件",
            EventKind::AskReporter => "向举报人提问",
            EventKind::ReporterMessage => "举报人留言",
            EventKind::Rate => "举报人评价",
            EventKind::Object => "举报人提出异议",
            EventKind::RevealIdentity => "查看举报人身份",
            EventKind::InternalNote => "内部备注",
        }
    }

    pub fn label_in(self, l: Locale) -> &'static str {
        match self {
            EventKind::Submitted => td_string!(l, complaints.event_submitted),
            EventKind::Recorded => td_string!(l, complaints.event_recorded),
            EventKind::Accept => td_string!(l, complaints.event_accept),
            EventKind::NotAccept => td_string!(l, complaints.event_not_accept),
            EventKind::TagArea => td_string!(l, complaints.event_tag_area),
            EventKind::TagQuestion => td_string!(l, complaints.event_tag_question),
            EventKind::Assign => td_string!(l, complaints.event_assign),
            EventKind::Forward => td_string!(l, complaints.event_forward),
            EventKind::UnitReport => td_string!(l, complaints.event_unit_report),
            EventKind::Handle => td_string!(l, complaints.event_handle),
            EventKind::Feedback => td_string!(l, complaints.event_feedback),
            EventKind::Close => td_string!(l, complaints.event_close),
            EventKind::Reopen => td_string!(l, complaints.event_reopen),
            EventKind::Merge => td_string!(l, complaints.event_merge),
            EventKind::AskReporter => td_string!(l, complaints.event_ask_reporter),
            EventKind::ReporterMessage => td_string!(l, complaints.event_reporter_message),
            EventKind::Rate => td_string!(l, complaints.event_rate),
            EventKind::Object => td_string!(l, complaints.event_object),
            EventKind::RevealIdentity => td_string!(l, complaints.event_reveal_identity),
            EventKind::InternalNote => td_string!(l, complaints.event_internal_note),
        }
    }

    /// What a public timeline line tells the reporter about a step whose staff note is
    /// for staff only.
    pub fn public_line(self) -> Option<&'static str> {
        match self {
            EventKind::Submitted => Some("已收到您的反映。"),
            EventKind::Recorded => Some("已登记您通过电话、来信或来访反映的问题。"),
            EventKind::Accept => Some("您的反映已受理，将依规核查办理。"),
            EventKind::Forward => Some("已转相关单位核查。"),
            EventKind::Handle => Some("核查已完成，已依规处置，答复随后发出。"),
            EventKind::Reopen => Some("案件已重新办理。"),
            EventKind::Close => Some("本件已办结。"),
            _ => None,
        }
    }

    /// [`EventKind::public_line`] in `l`.
    pub fn public_line_in(self, l: Locale) -> Option<&'static str> {
        Some(match self {
            EventKind::Submitted => td_string!(l, complaints.line_submitted),
            EventKind::Recorded => td_string!(l, complaints.line_recorded),
            EventKind::Accept => td_string!(l, complaints.line_accept),
            EventKind::Forward => td_string!(l, complaints.line_forward),
            EventKind::Handle => td_string!(l, complaints.line_handle),
            EventKind::Reopen => td_string!(l, complaints.line_reopen),
            EventKind::Close => td_string!(l, complaints.line_close),
            _ => return None,
        })
    }

    /// What a reporter writes after the tip: it stays with the commission, since a
    /// unit could recognise the writer.
    pub fn from_reporter_later(self) -> bool {
        matches!(self, EventKind::ReporterMessage | EventKind::Rate | EventKind::Object)
    }

    /// The filing itself (online or recorded by staff).
    pub fn is_filing(self) -> bool {
        matches!(self, EventKind::Submitted | EventKind::Recorded)
    }
}

/// The label of a stored event key ("其他" for a key this version does not know).
pub fn action_label(key: &str) -> &'static str {
    EventKind::from_key(key).map(EventKind::label).unwrap_or("其他")
}

impl Action {
    pub fn kind(&self) -> EventKind {
        match self {
            Action::Accept => EventKind::Accept,
            Action::NotAccept { .. } => EventKind::NotAccept,
            Action::TagArea { .. } => EventKind::TagArea,
            Action::TagQuestion { .. } => EventKind::TagQuestion,
            Action::Assign { .. } => EventKind::Assign,
            Action::Forward { .. } => EventKind::Forward,
            Action::UnitReport { .. } => EventKind::UnitReport,
            Action::Handle { .. } => EventKind::Handle,
            Action::Feedback { .. } => EventKind::Feedback,
            Action::Close => EventKind::Close,
            Action::Reopen { .. } => EventKind::Reopen,
            Action::Merge { .. } => EventKind::Merge,
            Action::AskReporter { .. } => EventKind::AskReporter,
            Action::ReporterMessage { .. } => EventKind::ReporterMessage,
            Action::Rate { .. } => EventKind::Rate,
            Action::Object { .. } => EventKind::Object,
            Action::RevealIdentity { .. } => EventKind::RevealIdentity,
            Action::InternalNote { .. } => EventKind::InternalNote,
        }
    }

    pub fn key(&self) -> &'static str {
        self.kind().key()
    }

    /// What the person who acted is told it did (Chinese, then English).
    pub fn done(&self) -> String {
        match self {
            Action::Accept => "已受理 / accepted".into(),
            Action::NotAccept { .. } => "已决定不予受理，理由将告知举报人 / not accepted".into(),
            Action::TagArea { area } => format!("已标注监督领域：{area} / area tagged"),
            Action::TagQuestion { number, .. } => format!("已对照监督清单第 {number} 条 / checklist question tagged"),
            Action::Assign { .. } => "已指定承办人 / handler assigned".into(),
            Action::Forward { unit, due, .. } => format!("已转交{unit}核查，期限 {due} / forwarded"),
            Action::UnitReport { .. } => "核查报告已提交，区纪委监委已收到通知 / report sent to the commission".into(),
            Action::Handle { finding, .. } => format!("已记录处置结果（{}），请答复举报人 / outcome recorded", label(FINDINGS, finding)),
            Action::Feedback { .. } => "答复已发送给举报人 / reply sent".into(),
            Action::Close => "已办结 / closed".into(),
            Action::Reopen { .. } => "已重新办理 / reopened".into(),
            Action::Merge { into_case } => format!("已并入案件 {into_case} / merged"),
            Action::AskReporter { .. } => "问题已发给举报人 / question sent".into(),
            Action::ReporterMessage { .. } => "留言已发送 / message sent".into(),
            Action::Rate { .. } => "感谢您的评价 / thank you for rating".into(),
            Action::Object { .. } => "异议已提交，案件将重新办理 / objection filed, the case is reopened".into(),
            Action::RevealIdentity { .. } => "已查看身份，已记入办理记录 / identity shown and logged".into(),
            Action::InternalNote { .. } => "备注已保存 / note saved".into(),
        }
    }

    /// What the event's note says in the case history.
    pub fn note(&self) -> String {
        match self {
            Action::Accept | Action::Close => String::new(),
            Action::NotAccept { reason } | Action::Reopen { reason } | Action::Object { reason } => reason.clone(),
            Action::RevealIdentity { reason } => reason.clone(),
            Action::TagArea { area } => area.clone(),
            Action::TagQuestion { number, area, question } => format!("第 {number} 条（{}）：{question}", crate::supervision::model::area_short(area)),
            Action::Assign { user_id } => format!("承办人 #{user_id}"),
            Action::Forward { unit, due, instructions } => format!("转 {unit} 核查，期限 {due}。{instructions}"),
            Action::UnitReport { report } => report.clone(),
            Action::Handle { finding, measures, note } => format!(
                "结论：{}；措施：{};{}",
                label(FINDINGS, finding),
                if measures.is_empty() { "无".to_string() } else { measures.join("、") },
                note
            ),
            Action::Feedback { text } => text.clone(),
            Action::Merge { into_case } => format!("并入 {into_case}"),
            Action::AskReporter { question } => question.clone(),
            Action::ReporterMessage { text } => text.clone(),
            Action::Rate { rating, comment } => format!("{rating} {comment}").trim().to_string(),
            Action::InternalNote { note } => note.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportForm {
    pub units: Vec<String>,
    pub policy_title: Option<String>,
    /// The service a resident could not get done, when the form came from its page.
    pub service_title: Option<String>,
    /// The reform task a reporter says is not carried out, when the form came from its page.
    pub task_title: Option<String>,
    /// The checklist question a reporter points at, when the form came from /supervision.
    pub question_text: Option<String>,
    pub draft: NewTip,
    /// What else a refused form keeps: the pledge, the named/anonymous choice, and how
    /// many chosen files the browser must be given again.
    #[serde(default)]
    pub kept: Kept,
}

/// A refused tip form's state beyond its fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub pledged: bool,
    /// `Some(true)` for 匿名, `Some(false)` for 实名, `None` when not chosen yet.
    pub anonymous: Option<bool>,
    pub files_dropped: usize,
}

/// A refused tip, kept briefly to refill the form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TipDraft {
    pub tip: NewTip,
    pub kept: Kept,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffHome {
    pub me: StaffUserView,
    pub csrf: String,
    pub items: Vec<QueueItem>,
    pub units: Vec<String>,
    /// Cases per supervision area and per checklist question (of the cases the other
    /// filters leave), for the commission's counts.
    pub by_area: Vec<(String, u32)>,
    pub by_question: Vec<(u32, u32)>,
    /// Changes to other commission members' accounts this member may approve.
    #[serde(default)]
    pub approvals: Vec<crate::staff::model::PendingApproval>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffCasePage {
    pub me: StaffUserView,
    pub csrf: String,
    pub case: StaffCase,
    pub identity: Option<Identity>,
    pub units: Vec<String>,
    /// Units without an active unit account: a case forwarded there would go unseen.
    #[serde(default)]
    pub unstaffed_units: Vec<String>,
    pub handlers: Vec<StaffUserView>,
}
