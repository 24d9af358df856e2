//! The ledger as a service: store, index and accounts behind the pages and the API.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use anyhow::Result;
use app::error::PortalError;
use app::staff::model::Role;
use app::tasks::backend::TaskBackend;
use app::tasks::model::{
    month_of, week_due, week_of, CertifyPage, WeeklyArea, WeeklyRow, WeeklySheet, CloseoutRequest, Colour, LedgerOverview, Progress, TaskDetail, TaskResults, UnitTasksPage, AREAS,
    STATE_CLOSED, STATE_CLOSING, STATE_OPEN,
};
use app::tasks::query::TaskParams;

use super::certify::Certification;
use super::import;
use super::index::TaskIndex;
use super::model::{ImportSummary, TaskRecord};
use super::store::TaskStore;
use crate::error::internal;
use crate::platform::clock;
use crate::platform::db::Db;
use crate::platform::sheet::{ImportError, Sheet};
use crate::platform::units;
use crate::staff::accounts::Accounts;

/// The bundled sample ledger (illustrative, written for this project).
pub const SAMPLE_TASKS_CSV: &[u8] = include_bytes!("../../../data/samples/tasks.csv");

pub struct TaskService {
    pub store: Arc<TaskStore>,
    pub index: TaskIndex,
    pub certification: Certification,
    accounts: Arc<Accounts>,
}

pub async fn unit_names(db: &Db) -> Result<HashSet<String>> {
    Ok(units::names(db).await?.into_iter().collect())
}

impl TaskService {
    pub fn new(store: Arc<TaskStore>, index: TaskIndex, accounts: Arc<Accounts>) -> Self {
        let certification = Certification::new(store.db().clone());
        Self { store, index, certification, accounts }
    }

    pub async fn import_sheet(&self, sheet: &Sheet) -> Result<ImportSummary, ImportError> {
        let known = unit_names(self.store.db()).await.map_err(|e| crate::platform::sheet::storage_failed("cannot read the units", &e))?;
        let rows = import::validate(sheet, &known, &|_, _| {})?;
        crate::platform::sheet::write_then_index(self.store.import(&rows, &|_, _| {}), self.index.sync()).await
    }
}

/// Loads the sample ledger into a database without tasks. Like an administrator
/// would, it first adds the units the samples name that the other lists did not bring.
pub async fn load_samples(store: &TaskStore) -> Result<()> {
    if store.count().await? > 0 {
        return Ok(());
    }
    let sheet = crate::platform::sheet::read_csv(SAMPLE_TASKS_CSV)?;
    let column = sheet.header.iter().position(|h| h.trim_start_matches('\u{feff}') == "责任单位").unwrap_or(5);
    for (_, cells) in &sheet.rows {
        if let Some(unit) = cells.get(column).filter(|u| !u.is_empty()) {
            units::add(store.db(), unit).await?;
        }
    }
    let known = unit_names(store.db()).await?;
    let rows = import::validate(&sheet, &known, &|_, _| {})?;
    let summary = store.import(&rows, &|_, _| {}).await?;
    tracing::info!("loaded {} sample reform tasks", summary.inserted);
    Ok(())
}

impl TaskService {
    /// 一周一调度: `week`'s reports grouped by area (in the ledger's order); the open
    /// tasks started by then that filed none are listed as 未报送.
    pub async fn weekly(&self, week: &str) -> Result<WeeklySheet> {
        let week = week_of(week);
        let mut reports = self.store.week_reports(&week).await?;
        let mut areas: Vec<WeeklyArea> = AREAS.iter().map(|a| WeeklyArea { area: a.to_string(), rows: Vec::new() }).collect();
        let mut sheet = WeeklySheet { week: week.clone(), ..Default::default() };
        for t in self.store.all().await? {
            let report = reports.remove(&t.code);
            let owes = !t.closed() && week_of(&t.start_date) <= week;
            if report.is_none() && !owes {
                continue;
            }
            if report.is_some() {
                sheet.reported += 1;
            } else {
                sheet.missing += 1;
            }
            let row = WeeklyRow { code: t.code, content: t.content, unit: t.unit, report };
            match areas.iter_mut().find(|a| a.area == t.area) {
                Some(a) => a.rows.push(row),
                None => areas.push(WeeklyArea { area: t.area, rows: vec![row] }),
            }
        }
        sheet.areas = areas.into_iter().filter(|a| !a.rows.is_empty()).collect();
        Ok(sheet)
    }
}

fn progress_of(name: &str, tasks: &[&TaskRecord], today: &str) -> Progress {
    let mut p = Progress { name: name.to_string(), tasks: tasks.len() as u32, ..Default::default() };
    let mut sum = 0u32;
    for t in tasks {
        let hit = t.hit(today);
        sum += if hit.closed { 100 } else { hit.percent };
        p.closed += hit.closed as u32;
        match hit.colour {
            Some(Colour::Red) => p.red += 1,
            Some(Colour::Yellow) => p.yellow += 1,
            _ => {}
        }
        p.missing_reports += hit.missing_report as u32;
    }
    p.percent = if tasks.is_empty() { 0 } else { (sum as f64 / tasks.len() as f64).round() as u32 };
    p
}

#[async_trait::async_trait]
impl TaskBackend for TaskService {
    async fn search(&self, params: TaskParams) -> Result<TaskResults, PortalError> {
        self.index.search(&params, &clock::today())
    }

    async fn weekly_sheet(&self, week: String) -> Result<WeeklySheet, PortalError> {
        let week = if week.trim().is_empty() { clock::today() } else { week.trim().to_string() };
        if chrono::NaiveDate::parse_from_str(&week, "%Y-%m-%d").is_err() {
            return Err(PortalError::bad_request("周次应为日期 YYYY-MM-DD / the week must be a date, YYYY-MM-DD"));
        }
        self.weekly(&week).await.map_err(internal)
    }

    async fn overview(&self) -> Result<LedgerOverview, PortalError> {
        let today = clock::today();
        let all = self.store.all().await.map_err(internal)?;
        let mut by_area: BTreeMap<usize, Vec<&TaskRecord>> = BTreeMap::new();
        let mut by_unit: BTreeMap<&str, Vec<&TaskRecord>> = BTreeMap::new();
        for t in &all {
            by_area.entry(AREAS.iter().position(|a| *a == t.area).unwrap_or(AREAS.len())).or_default().push(t);
            by_unit.entry(&t.unit).or_default().push(t);
        }
        Ok(LedgerOverview {
            total: all.len() as u32,
            closed: all.iter().filter(|t| t.closed()).count() as u32,
            week_due: week_due(&today),
            by_area: by_area.iter().map(|(i, tasks)| progress_of(AREAS.get(*i).copied().unwrap_or("其他"), tasks, &today)).collect(),
            by_unit: by_unit.iter().map(|(unit, tasks)| progress_of(unit, tasks, &today)).collect(),
        })
    }

    async fn task(&self, code: &str) -> Result<TaskDetail, PortalError> {
        let (id, t) = self
            .store
            .task(code)
            .await
            .map_err(internal)?
            .ok_or_else(|| PortalError::not_found(format!("未找到编号为「{code}」的任务 / No task with code {code}")))?;
        let hit = t.hit(&clock::today());
        Ok(TaskDetail {
            reports: self.store.reports(id).await.map_err(internal)?,
            tips: self.store.tips_naming(&t.code).await.map_err(internal)?,
            certifications: self.certification.certifications(id).await.map_err(internal)?,
            events: self.certification.events(id).await.map_err(internal)?,
            history: self.store.history(id).await.map_err(internal)?,
            colour: hit.colour,
            missing_report: hit.missing_report,
            code: t.code,
            area: t.area,
            source: t.source,
            content: t.content,
            target: t.target,
            unit: t.unit,
            main_person: t.main_person,
            charge_person: t.charge_person,
            specific_person: t.specific_person,
            deadline: t.deadline,
            start_date: t.start_date,
            state: t.state,
            closed_on: t.closed_on,
            percent: t.percent,
        })
    }

    async fn unit_tasks(&self, session_cookie: Option<String>) -> Result<Option<UnitTasksPage>, PortalError> {
        let Some(session) = self.accounts.session_of_cookie(session_cookie).await? else { return Ok(None) };
        let (Role::Unit, Some(unit)) = (session.user.role, session.user.unit.clone()) else {
            return Err(PortalError::forbidden("任务进展由责任单位报送 / progress is reported by the responsible unit"));
        };
        let today = clock::today();
        let week = week_of(&today);
        let tasks = self.store.open_of_unit(&unit).await.map_err(internal)?;
        let closed = self.store.of_unit(&unit, STATE_CLOSED).await.map_err(internal)?;
        Ok(Some(UnitTasksPage {
            closed: closed.iter().map(|t| t.hit(&today)).collect(),
            me: session.user.view(),
            csrf: session.csrf,
            reported: self.store.reported(&unit, &week).await.map_err(internal)?,
            tasks: tasks.iter().map(|t| t.hit(&today)).collect(),
            week,
        }))
    }

    async fn certify_page(&self, session_cookie: Option<String>) -> Result<Option<CertifyPage>, PortalError> {
        let Some(session) = self.accounts.session_of_cookie(session_cookie).await? else { return Ok(None) };
        if session.user.role != Role::Certifier {
            return Err(PortalError::forbidden("任务认定由认定人员办理 / certification is for certifier accounts"));
        }
        let today = clock::today();
        let month = month_of(&today);
        let open = self.store.in_state(STATE_OPEN).await.map_err(internal)?;
        let mut requests = Vec::new();
        for (id, t) in self.store.in_state(STATE_CLOSING).await.map_err(internal)? {
            let events = self.certification.events(id).await.map_err(internal)?;
            let Some(last) = events.into_iter().rev().find(|e| e.kind == "closeout_requested") else { continue };
            requests.push(CloseoutRequest { task: t.hit(&today), note: last.note, at: last.at, evidence: last.evidence });
        }
        let closed = self.store.in_state(STATE_CLOSED).await.map_err(internal)?;
        Ok(Some(CertifyPage {
            me: session.user.view(),
            csrf: session.csrf,
            certified: self.certification.certified_in(&month).await.map_err(internal)?,
            month,
            to_certify: open.iter().map(|(_, t)| t.hit(&today)).collect(),
            requests,
            closed: closed.iter().map(|(_, t)| t.hit(&today)).collect(),
        }))
    }
}
