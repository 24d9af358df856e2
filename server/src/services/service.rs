//! Livelihood services as a service: the store, the search index and the ratings
//! behind the pages' server functions and the JSON API.

use std::sync::Arc;

use anyhow::Result;
use app::error::PortalError;
use app::services::backend::ServiceBackend;
use app::services::model::{BundleDetail, Catalogue, RectificationPage, ServiceDetail, ServiceResults, UnitServices};
use app::staff::model::Role;
use app::services::query::ServiceParams;

use super::index::ServiceIndex;
use super::model::ImportSummary;
use super::ratings::Ratings;
use super::{import, store::ServiceStore};
use crate::error::internal;
use crate::platform::sheet::{ImportError, Sheet};
use crate::staff::accounts::Accounts;

/// The bundled sample list (illustrative, written for this project), loaded through
/// the same import path users use.
pub const SAMPLE_SERVICES_CSV: &[u8] = include_bytes!("../../../data/samples/services.csv");

pub struct ServicesService {
    pub store: Arc<ServiceStore>,
    pub index: ServiceIndex,
    pub ratings: Ratings,
    accounts: Arc<Accounts>,
}

impl ServicesService {
    pub fn new(store: Arc<ServiceStore>, index: ServiceIndex, accounts: Arc<Accounts>) -> Self {
        let ratings = Ratings::new(store.db().clone());
        Self { store, index, ratings, accounts }
    }

    /// Validates a sheet as a whole, imports it or writes nothing, and waits until the
    /// index shows it.
    pub async fn import_sheet(&self, sheet: &Sheet) -> Result<ImportSummary, ImportError> {
        let rows = import::validate(sheet, &|_, _| {})?;
        crate::platform::sheet::write_then_index(self.store.import(&rows, &|_, _| {}), self.index.sync()).await
    }
}

/// Loads the bundled samples into a database without services.
pub async fn load_samples(store: &ServiceStore) -> Result<()> {
    if store.count().await? == 0 {
        let sheet = crate::platform::sheet::read_csv(SAMPLE_SERVICES_CSV)?;
        let rows = import::validate(&sheet, &|_, _| {})?;
        let summary = store.import(&rows, &|_, _| {}).await?;
        tracing::info!("loaded {} sample services in {} bundles", summary.inserted, summary.bundles);
    }
    Ok(())
}

fn not_found(code: &str) -> PortalError {
    PortalError::not_found(format!("未找到编码为「{code}」的服务事项 / No service with code {code}"))
}

#[async_trait::async_trait]
impl ServiceBackend for ServicesService {
    async fn search(&self, params: ServiceParams) -> Result<ServiceResults, PortalError> {
        self.index.search(&params)
    }

    async fn catalogue(&self) -> Result<Catalogue, PortalError> {
        let mut catalogue = self.index.catalogue()?;
        catalogue.bundles = self.store.bundles().await.map_err(internal)?;
        Ok(catalogue)
    }

    async fn count(&self) -> Result<u32, PortalError> {
        Ok(self.index.item_count() as u32)
    }

    async fn service(&self, code: &str) -> Result<ServiceDetail, PortalError> {
        let (id, s) = self.store.service(code).await.map_err(internal)?.ok_or_else(|| not_found(code))?;
        let history = self.store.history(id).await.map_err(internal)?;
        let bundles = self.store.bundles_of(id).await.map_err(internal)?;
        let target_met = s.target_met();
        Ok(ServiceDetail {
            code: s.code,
            name: s.name,
            category: s.category,
            unit: s.unit,
            level: s.level,
            location: s.location,
            hours: s.hours,
            enquiry_phone: s.enquiry_phone,
            complaint_phone: s.complaint_phone,
            legal_days: s.legal_days,
            committed_days: s.committed_days,
            materials: s.materials,
            visits: s.visits,
            online_depth: s.online_depth,
            mobile: s.mobile,
            fee: s.fee,
            legal_basis: s.legal_basis,
            annual_cases: s.annual_cases,
            targets: s.targets,
            target_met,
            bundles,
            history,
            updated_at: s.updated_at,
        })
    }

    async fn unit_services(&self, unit: &str) -> Result<UnitServices, PortalError> {
        let services = self.store.of_unit(unit).await.map_err(internal)?;
        let mut out = UnitServices::default();
        let add = |list: &mut Vec<String>, v: &str| {
            if !v.is_empty() && !list.iter().any(|x| x == v) {
                list.push(v.to_string());
            }
        };
        for s in &services {
            add(&mut out.locations, &s.location);
            add(&mut out.hours, &s.hours);
            add(&mut out.phones, &s.enquiry_phone);
        }
        out.services = services.iter().map(|s| s.hit(Vec::new())).collect();
        Ok(out)
    }

    async fn rectifications(&self, session_cookie: Option<String>) -> Result<Option<RectificationPage>, PortalError> {
        let Some(session) = self.accounts.session_of_cookie(session_cookie).await? else { return Ok(None) };
        let items = match (session.user.role, &session.user.unit) {
            (Role::Unit, Some(unit)) => self.ratings.queue(Some(unit)).await.map_err(internal)?,
            (Role::Commission, _) => self.ratings.queue(None).await.map_err(internal)?,
            _ => return Err(PortalError::forbidden("服务整改事项由实施单位答复、纪委监委监督 / rectifications are for units and the commission")),
        };
        Ok(Some(RectificationPage { me: session.user.view(), csrf: session.csrf, items }))
    }

    async fn bundle(&self, code: &str) -> Result<BundleDetail, PortalError> {
        self.store.bundle(code).await.map_err(internal)?.ok_or_else(|| {
            PortalError::not_found(format!("未找到编号为「{code}」的“一件事” / No bundle with code {code}"))
        })
    }
}
