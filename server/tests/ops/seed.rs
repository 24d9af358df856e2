//! A portal's worth of data that an operator must never lose: policies, staff accounts,
//! a case in every state (named ones with sealed identities and evidence, one anonymous),
//! and the mail they queued. `Expected` records what must still be true after a
//! restore or an upgrade; the upgrade fixtures store it as `expected.json`.
#![allow(dead_code)]

use app::complaints::model::{Action, NewTip, Role, State};
use qingdan::complaints::validate::Evidence;
use qingdan::platform::sheet;
use qingdan::policies::import;
use qingdan::state::AppState;
use serde::{Deserialize, Serialize};

use crate::common;
use crate::support::{self, COMMERCE, PASSWORD};

pub const POLICY_ITEMS: usize = 24;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Expected {
    pub policy_items: i64,
    pub staff: Vec<Account>,
    pub cases: Vec<Case>,
    pub mail_outbox: i64,
    /// The services and task ledger (fixtures from schema 7 on).
    #[serde(default)]
    pub lists: Option<Lists>,
    /// The supervision checklist, a tagged case, an inspection problem and a notice
    /// (fixtures from schema 8 on).
    #[serde(default)]
    pub supervision: Option<Supervision>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Supervision {
    pub questions: i64,
    pub tagged_case: String,
    pub question: u32,
    pub problem: String,
    pub problem_due: String,
    pub notice: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Lists {
    pub services: i64,
    /// A poorly rated service and its rectification's due date.
    pub rated: String,
    pub rectification_due: String,
    pub tasks: i64,
    /// A task with a weekly report (percent) and a closed task with its evidence digest.
    pub reported: String,
    pub percent: u32,
    pub closed: String,
    pub evidence_sha256: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Account {
    pub username: String,
    pub password: String,
    pub role: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Case {
    pub receipt: String,
    pub case_number: String,
    pub state: String,
    /// The reporter's name when the tip was filed by name.
    pub name: Option<String>,
    pub evidence_sha256: Vec<String>,
}

/// Twenty-four policy items in four documents, through the real importer.
pub async fn policies(portal: &AppState) {
    let rows: Vec<common::Row> = (0..POLICY_ITEMS)
        .map(|i| {
            let row = common::good_row(&format!("BK-{:03}", i + 1));
            let row = common::set(row, "文号", &format!("区测发〔2024〕{}号", i / 6 + 1));
            let row = common::set(row, "文件名称", &format!("关于备份演练惠企政策的第{}批措施", i / 6 + 1));
            common::set(row, "政策名称", &format!("备份演练专项补助第{}项", i + 1))
        })
        .collect();
    let sheet = sheet::read_csv(&common::csv_bytes(common::FULL_HEADER, &rows)).expect("the list reads");
    let rows = import::validate(&sheet, &|_, _| {}).unwrap_or_else(|e| panic!("the list is valid: {e}"));
    portal.policies.store.import(&rows, &|_, _| {}).await.expect("the list imports");
    portal.policies.index.sync().await.expect("the index follows");
}

fn evidence(seed: u8) -> Vec<u8> {
    let mut bytes = support::png(1500 + seed as usize * 37);
    for (i, b) in bytes.iter_mut().enumerate().skip(8) {
        *b = (i as u8).wrapping_mul(31).wrapping_add(seed);
    }
    bytes
}

fn sha256(bytes: &[u8]) -> String {
    qingdan::platform::crypto::sha256_hex(bytes)
}

/// The actions that bring a fresh case to `state` (unit report by the unit).
fn path_to(state: State) -> Vec<(bool, Action)> {
    let forward = Action::Forward { unit: COMMERCE.into(), due: support::today_plus(10), instructions: "请核实并报告".into() };
    let report = Action::UnitReport { report: "经核查情况属实，已整改".into() };
    let handle = Action::Handle { finding: "substantiated".into(), measures: vec!["严格问责追责".into()], note: "已督促兑现".into() };
    let feedback = Action::Feedback { text: "经核查，您反映的问题属实，已督促兑现".into() };
    let c = |a: Action| (false, a);
    match state {
        State::Submitted => vec![],
        State::Accepted => vec![c(Action::Accept)],
        State::NotAccepted => vec![c(Action::NotAccept { reason: "不属于受理范围".into() })],
        State::Verifying => vec![c(Action::Accept), c(forward)],
        State::Handled => vec![c(Action::Accept), c(forward), (true, report), c(handle)],
        State::FeedbackGiven => vec![c(Action::Accept), c(forward), (true, report), c(handle), c(feedback)],
        State::Closed => vec![c(Action::Accept), c(forward), (true, report), c(handle), c(feedback), c(Action::Close)],
    }
}

/// Everything above, on a portal with an empty database.
pub async fn seed(portal: &AppState) -> Expected {
    policies(portal).await;
    let staff = support::staff(portal).await;
    support::user(portal, "admin1", Role::Admin, None, None).await;
    let complaints = &portal.complaints;
    let mut cases = Vec::new();
    for (i, state) in State::ALL.into_iter().enumerate() {
        let named = support::named_tip(&format!("第{}号演练举报：区商务局对我公司申请的研发补助拖延未兑现，多次询问无果", i + 1));
        let name = format!("{}{}", support::NAME, i + 1);
        let tip = NewTip { name: name.clone(), ..named };
        let files = vec![evidence(i as u8)];
        let receipt = complaints
            .submit(tip, vec![Evidence { name: format!("凭证{}.png", i + 1), bytes: files[0].clone() }], "online", None, "198.51.100.1")
            .await
            .unwrap_or_else(|e| panic!("tip {i}: {e:?}"));
        for (by_unit, action) in path_to(state) {
            let who = if by_unit { &staff.commerce } else { &staff.commission };
            complaints.act(who, &receipt.case_number, action).await.unwrap_or_else(|e| panic!("case {i} towards {state:?}: {e:?}"));
        }
        cases.push(Case {
            receipt: receipt.receipt,
            case_number: receipt.case_number,
            state: state.key().to_string(),
            name: Some(name),
            evidence_sha256: files.iter().map(|f| sha256(f)).collect(),
        });
    }
    let anonymous = NewTip { anonymous: true, name: String::new(), phone: String::new(), email: String::new(), company: String::new(), ..support::named_tip("匿名演练举报：某窗口工作人员要求企业额外提供无关材料") };
    let receipt = complaints.submit(anonymous, vec![], "online", None, "198.51.100.2").await.expect("anonymous tip");
    complaints.act(&staff.commission, &receipt.case_number, Action::Accept).await.expect("accept the anonymous tip");
    cases.push(Case { receipt: receipt.receipt, case_number: receipt.case_number, state: State::Accepted.key().to_string(), name: None, evidence_sha256: vec![] });

    let staff = [("jw", "commission"), ("swj", "unit"), ("admin1", "admin")]
        .into_iter()
        .map(|(u, r)| Account { username: u.into(), password: PASSWORD.into(), role: r.into() })
        .collect();
    let lists = lists(portal).await;
    let supervision = supervision(portal).await;
    Expected {
        policy_items: POLICY_ITEMS as i64,
        staff,
        cases,
        mail_outbox: support::count(portal, "mail_outbox").await,
        lists: Some(lists),
        supervision: Some(supervision),
    }
}

/// The sample checklist, a tip tagged with question 12, an inspection with one problem,
/// and a public notice.
async fn supervision(portal: &AppState) -> Supervision {
    qingdan::supervision::service::load_samples(&portal.supervision.questions).await.expect("checklist");
    let tip = NewTip { question: "12".into(), ..support::named_tip("备份演练：对照监督清单第12条，有单位拖欠企业账款") };
    let receipt = portal.complaints.submit(tip, vec![], "online", None, "198.51.100.8").await.expect("a tagged tip");
    let jw = portal.accounts.users_with_role(Role::Commission, None).await.unwrap().into_iter().find(|u| u.username == "jw").expect("jw");
    let texts = portal.supervision.question_texts().await.unwrap();
    let answers = vec![app::supervision::model::Answer { number: 5, answer: "no".into(), evidence: "备份演练：未公开解读人电话".into() }];
    let new = qingdan::supervision::inspections::NewInspection {
        unit: support::COMMERCE.into(),
        period: "备份演练".into(),
        method: "实地走访".into(),
        summary: String::new(),
        answers,
    };
    portal.supervision.inspections.record(&new, &texts, jw.id).await.expect("an inspection");
    let problem = portal.supervision.inspections.problems(None, &texts).await.unwrap().remove(0);
    let notice = app::supervision::model::NewMeasure {
        measure: "公开通报曝光".into(),
        unit: support::COMMERCE.into(),
        basis_kind: "case".into(),
        basis_ref: receipt.case_number.clone(),
        facts: "备份演练通报：拖欠企业账款".into(),
        outcome: "通报批评".into(),
        decided_on: qingdan::platform::clock::today(),
        body: "区纪委监委".into(),
        public: true,
        ..Default::default()
    };
    portal.supervision.register.add(&notice, jw.id).await.expect("a notice");
    Supervision {
        questions: 100,
        tagged_case: receipt.case_number,
        question: 12,
        problem: problem.description,
        problem_due: problem.due,
        notice: notice.facts,
    }
}

/// Ten services with a poor rating, five tasks with a report and a close-out.
async fn lists(portal: &AppState) -> Lists {
    let sample = std::str::from_utf8(qingdan::services::service::SAMPLE_SERVICES_CSV).unwrap();
    let head: Vec<&str> = sample.lines().take(11).collect();
    let sheet = sheet::read_csv(head.join("\n").as_bytes()).unwrap();
    portal.services.import_sheet(&sheet).await.expect("services import");
    let rated = "MS01001".to_string();
    let due = portal.services.ratings.rate(&rated, "不满意", "备份演练：窗口等候时间过长", "198.51.100.7").await.unwrap().expect("a rectification");

    let unit = "区行政审批服务局";
    qingdan::platform::units::add(&portal.db, unit).await.unwrap();
    let rows: Vec<String> = (1..=5)
        .map(|i| format!("BK-T{i},政务服务,本区,备份演练改革任务第{i}项,目标{i},{unit},甲{i},乙{i},丙{i},2027-06-30"))
        .collect();
    let csv = format!("任务编号,改革领域,任务来源,任务内容,工作目标,责任单位,主要责任人,分管责任人,具体责任人,完成时限\n{}\n", rows.join("\n"));
    portal.tasks.import_sheet(&sheet::read_csv(csv.as_bytes()).unwrap()).await.expect("tasks import");
    let owner = support::user(portal, "spj", Role::Unit, Some(unit), None).await;
    let certifier = support::user(portal, "rd", Role::Certifier, None, None).await;
    let week = app::tasks::model::week_of(&qingdan::platform::clock::today());
    let report = qingdan::tasks::store::NewReport { percent: 60, progress: "备份演练进展".into(), ..Default::default() };
    portal.tasks.store.report("BK-T1", unit, owner.id, &week, &report).await.expect("a report");
    let proof = evidence(42);
    let upload = qingdan::web::form::Upload { name: "验收.png".into(), bytes: proof.clone() };
    portal.tasks.certification.request_closeout("BK-T2", unit, owner.id, "已完成", vec![upload]).await.expect("close-out asked");
    portal.tasks.certification.decide_closeout("BK-T2", true, "", certifier.id).await.expect("close-out approved");
    portal.tasks.index.sync().await.unwrap();
    Lists {
        services: 10,
        rated,
        rectification_due: due,
        tasks: 5,
        reported: "BK-T1".into(),
        percent: 60,
        closed: "BK-T2".into(),
        evidence_sha256: sha256(&proof),
    }
}
