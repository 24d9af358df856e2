//! Policy lookup as a service: the store and the search index behind the pages'
//! server functions and the JSON API.

use std::sync::Arc;

use anyhow::Result;
use app::error::PortalError;
use app::policies::applicability::evaluate;
use app::policies::backend::PolicyBackend;
use app::policies::model::{
    DocumentDetail, HomeData, Interpreter, PolicyDetail, Profile, SearchResults, UnitDetail, Verdict,
};
use app::policies::query::SearchParams;

use super::model::ImportSummary;
use super::store::PolicyStore;
use super::{import, index::PolicyIndex};
use crate::error::internal;
use crate::platform::clock;
use crate::platform::sheet::{ImportError, Sheet};

/// The bundled sample list, loaded through the same import path users use.
pub const SAMPLE_POLICIES_CSV: &[u8] = include_bytes!("../../../data/samples/policies.csv");

pub struct PolicyService {
    pub store: Arc<PolicyStore>,
    pub index: PolicyIndex,
}

impl PolicyService {
    pub fn new(store: Arc<PolicyStore>, index: PolicyIndex) -> Self {
        Self { store, index }
    }

    /// Validates a sheet as a whole, imports it or writes nothing, and waits until the
    /// index shows it.
    pub async fn import_sheet(&self, sheet: &Sheet) -> Result<ImportSummary, ImportError> {
        let rows = import::validate(sheet, &|_, _| {})?;
        crate::platform::sheet::write_then_index(self.store.import(&rows, &|_, _| {}), self.index.sync()).await
    }
}

impl PolicyService {
    /// A search that may skip the recent answers (the JSON API's `Cache-Control: no-cache`).
    pub fn search_kept(&self, params: &SearchParams, kept: super::index::Kept) -> Result<SearchResults, PortalError> {
        self.index.search_kept(params, &clock::today(), clock::current_year(), kept)
    }
}

/// Loads the bundled samples into an empty database.
pub async fn load_samples(store: &PolicyStore) -> Result<()> {
    if store.policy_count().await? == 0 {
        let sheet = crate::platform::sheet::read_csv(SAMPLE_POLICIES_CSV)?;
        let rows = import::validate(&sheet, &|_, _| {})?;
        let summary = store.import(&rows, &|_, _| {}).await?;
        tracing::info!("loaded {} sample policy items", summary.inserted);
    }
    Ok(())
}

#[async_trait::async_trait]
impl PolicyBackend for PolicyService {
    async fn search(&self, params: SearchParams) -> Result<SearchResults, PortalError> {
        self.index.search(&params, &clock::today(), clock::current_year())
    }

    async fn policy(&self, code: &str) -> Result<PolicyDetail, PortalError> {
        let item = self.store.item(code).await.map_err(internal)?.ok_or_else(|| {
            PortalError::not_found(format!("未找到编号为「{code}」的政策 / No policy with code {code}"))
        })?;
        let history = self.store.history(item.id).await.map_err(internal)?;
        let in_force = item.in_force(&clock::today());
        let document = self
            .store
            .document(&item.document.number)
            .await
            .map_err(internal)?
            .map(|(summary, _)| summary)
            .unwrap_or_else(|| app::policies::model::DocumentSummary { item_count: 1, ..item.document.clone() });
        // When the policy last really changed (published, amended, re-imported with a
        // difference), not when a file last passed through the importer.
        let last_change = history.iter().map(|r| r.date.clone()).max().unwrap_or_else(|| item.updated_at.chars().take(10).collect());
        Ok(PolicyDetail {
            code: item.code,
            title: item.title,
            content: item.content,
            category: item.category,
            support_type: item.support_type,
            issuing_unit: item.document.issuing_unit.clone(),
            document,
            executing_unit: item.executing_unit,
            interpreter: item.interpreter,
            conditions: item.conditions,
            delivery: item.delivery,
            max_amount_wan: item.max_amount_wan,
            application_period: item.application_period,
            application_window: item.application_window,
            materials: item.materials,
            valid_from: item.valid_from,
            valid_until: item.valid_until,
            in_force,
            history,
            updated_at: last_change,
        })
    }

    async fn document(&self, number: &str) -> Result<DocumentDetail, PortalError> {
        let (summary, items) = self.store.document(number).await.map_err(internal)?.ok_or_else(|| {
            PortalError::not_found(format!("未找到文号为「{number}」的文件 / No document numbered {number}"))
        })?;
        let today = clock::today();
        Ok(DocumentDetail { summary, items: items.iter().map(|i| i.brief(&today)).collect() })
    }

    async fn unit(&self, name: &str) -> Result<UnitDetail, PortalError> {
        let (issued, executed) = self
            .store
            .unit(name)
            .await
            .map_err(internal)?
            .ok_or_else(|| PortalError::not_found(format!("未找到单位「{name}」 / No unit named {name}")))?;
        let today = clock::today();
        let mut interpreters: Vec<Interpreter> = Vec::new();
        for item in &executed {
            if !interpreters.contains(&item.interpreter) {
                interpreters.push(item.interpreter.clone());
            }
        }
        let contact = crate::platform::units::contact(self.store.db(), name).await.map_err(internal)?.unwrap_or_default();
        Ok(UnitDetail {
            name: name.to_string(),
            contact: app::policies::model::UnitContact { address: contact.address, hours: contact.hours, phone: contact.phone },
            issued,
            executed: executed.iter().map(|i| i.brief(&today)).collect(),
            interpreters,
        })
    }

    async fn home(&self) -> Result<HomeData, PortalError> {
        self.index.home(&clock::today())
    }

    fn verdict(&self, policy: &PolicyDetail, profile: &Profile) -> Verdict {
        evaluate(&policy.conditions, policy.in_force, profile, clock::current_year())
    }
}
