//! The dashboard's figures, gathered from the features that own them and kept for a
//! short while: the page, its CSV and its JSON are read far more often than tips change.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::dashboard::backend::DashboardBackend;
use app::dashboard::model::{month_text, range, Dashboard, TargetRow};
use app::error::PortalError;
use app::services::backend::ServiceBackend;
use app::services::query::ServiceParams;
use app::tasks::backend::TaskBackend;
use chrono::NaiveDate;

use crate::complaints::service::ComplaintService;
use crate::error::internal;
use crate::platform::clock;
use crate::platform::db::Db;
use crate::platform::units;
use crate::services::service::ServicesService;
use crate::tasks::service::TaskService;

/// How long a computed dashboard is sent again.
const KEEP: Duration = Duration::from_secs(30);
const KEPT_RANGES: usize = 64;

pub struct DashboardService {
    db: Db,
    complaints: Arc<ComplaintService>,
    tasks: Arc<TaskService>,
    services: Arc<ServicesService>,
    kept: Mutex<HashMap<(String, String, String), (Instant, Dashboard)>>,
    /// One computation at a time: many different ranges asked at once queue here
    /// instead of each reading every case of up to 60 months.
    computing: tokio::sync::Mutex<()>,
}

impl DashboardService {
    pub fn new(db: Db, complaints: Arc<ComplaintService>, tasks: Arc<TaskService>, services: Arc<ServicesService>) -> Self {
        Self { db, complaints, tasks, services, kept: Mutex::default(), computing: tokio::sync::Mutex::const_new(()) }
    }

    async fn compute(&self, from: (i32, u32), to: (i32, u32), today: &str) -> Result<Dashboard, PortalError> {
        let day = NaiveDate::parse_from_str(today, "%Y-%m-%d").map_err(|e| internal(anyhow::Error::from(e)))?;
        let units: HashSet<String> = units::names(&self.db).await.map_err(internal)?.into_iter().collect();
        let tips = self.complaints.figures(from, to, &units, day).await.map_err(internal)?;
        let ledger = self.tasks.overview().await?;
        let all = ServiceParams { limit: 1, ..Default::default() };
        let services = self.services.search(all.clone()).await?;
        let met = self.services.search(ServiceParams { target_met: Some(true), ..all }).await?;
        let met_of = |unit: &str| met.facets.unit.iter().find(|f| f.value == unit).map_or(0, |f| f.count);
        Ok(Dashboard {
            from: month_text(from),
            to: month_text(to),
            today: today.to_string(),
            tips,
            tasks_by_area: ledger.by_area,
            tasks_by_unit: ledger.by_unit,
            services_total: services.total,
            services_met: met.total,
            services_by_unit: services.facets.unit.iter().map(|f| TargetRow { unit: f.value.clone(), services: f.count, met: met_of(&f.value) }).collect(),
        })
    }
}

#[async_trait::async_trait]
impl DashboardBackend for DashboardService {
    async fn dashboard(&self, from: String, to: String) -> Result<Dashboard, PortalError> {
        let today = clock::today();
        let (from, to) = range(Some(&from), Some(&to), &today).map_err(PortalError::bad_request)?;
        let key = (month_text(from), month_text(to), today.clone());
        let kept = || self.kept.lock().ok().and_then(|k| k.get(&key).cloned()).filter(|(at, _)| at.elapsed() < KEEP).map(|(_, d)| d);
        if let Some(d) = kept() {
            return Ok(d);
        }
        let _turn = self.computing.lock().await;
        if let Some(d) = kept() {
            return Ok(d);
        }
        let d = self.compute(from, to, &today).await?;
        if let Ok(mut kept) = self.kept.lock() {
            kept.retain(|_, (at, _)| at.elapsed() < KEEP);
            if kept.len() < KEPT_RANGES {
                kept.insert(key, (Instant::now(), d.clone()));
            }
        }
        Ok(d)
    }
}
