//! The portal's services wired together, and the backend the UI's server functions
//! and the JSON API both call.

use std::sync::Arc;

use anyhow::Result;
use app::applicability::evaluate;
use app::backend::PortalBackend;
use app::error::PortalError;
use app::model::{
    DocumentDetail, HomeData, Interpreter, PolicyDetail, Profile, SearchResults, UnitDetail, Verdict,
};
use app::query::SearchParams;

use app::complaint::{Identity, NewTip, Receipt};

use crate::auth::Auth;
use crate::clock;
use crate::complaints::{Complaints, Deadlines};
use crate::crypto::Secrets;
use crate::flash::Flash;
use crate::mail;
use crate::config::Config;
use crate::db::Db;
use crate::import::{self, ImportError};
use crate::search::SearchService;
use crate::store::{ImportSummary, Store};

/// The bundled sample list, loaded through the same import path users use.
pub const SAMPLE_POLICIES_CSV: &[u8] = include_bytes!("../../data/samples/policies.csv");

pub struct Portal {
    pub store: Arc<Store>,
    pub search: SearchService,
    pub complaints: Complaints,
    pub receipts: Flash<Receipt>,
    pub drafts: Flash<NewTip>,
    pub identities: Flash<(i64, String, Identity)>,
    /// Cookies without `Secure`, for plain-HTTP deployments on a closed network.
    pub insecure_cookies: bool,
}

fn internal(e: anyhow::Error) -> PortalError {
    tracing::error!("internal error: {e:#}");
    PortalError::internal("服务器内部错误，请稍后再试 / Internal server error, please try again later")
}

impl Portal {
    /// Connects, migrates, loads the samples into an empty database when asked to,
    /// and opens the search index.
    pub async fn start(config: &Config) -> Result<Arc<Self>> {
        let db = Db::connect(&config.database_url).await?;
        let store = Arc::new(Store::new(db));
        if config.sample_data && store.policy_count().await? == 0 {
            let sheet = import::read_csv(SAMPLE_POLICIES_CSV)?;
            let rows = import::validate(&sheet, &|_, _| {})?;
            let summary = store.import(&rows, &|_, _| {}).await?;
            tracing::info!("loaded {} sample policy items", summary.inserted);
        }
        let search = SearchService::open(&config.index_dir(), store.clone()).await?;
        let secrets = Arc::new(Secrets::load_or_create(&config.key_file())?);
        let auth = Arc::new(Auth::new(store.db().clone()));
        if auth.user_count().await? == 0 {
            tracing::warn!("尚无工作人员账号：请用 `qingdan user add --role admin 用户名` 创建第一个管理员，再在 /staff/admin 创建其他账号 / no staff accounts yet: create the first admin with `qingdan user add --role admin NAME`");
        }
        mail::spawn(store.db().clone(), secrets.clone(), mail::Transport::from_config(config));
        let complaints = Complaints::new(store.db().clone(), secrets, auth, Deadlines::from_env());
        Ok(Arc::new(Self {
            store,
            search,
            complaints,
            receipts: Flash::default(),
            drafts: Flash::default(),
            identities: Flash::default(),
            insecure_cookies: config.insecure_cookies,
        }))
    }

    /// Imports a validated sheet and waits until the index shows it.
    pub async fn import_sheet(&self, sheet: &import::Sheet) -> Result<ImportSummary, ImportError> {
        let rows = import::validate(sheet, &|_, _| {})?;
        let summary = self.store.import(&rows, &|_, _| {}).await.map_err(|e| ImportError::File(format!("{e:#}")))?;
        self.search.sync().await.map_err(|e| ImportError::File(format!("{e:#}")))?;
        Ok(summary)
    }
}

#[async_trait::async_trait]
impl PortalBackend for Portal {
    async fn search(&self, params: SearchParams) -> Result<SearchResults, PortalError> {
        self.search.search(&params, &clock::today(), clock::current_year())
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
            .unwrap_or_else(|| app::model::DocumentSummary { item_count: 1, ..item.document.clone() });
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
            updated_at: item.updated_at,
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
        Ok(UnitDetail {
            name: name.to_string(),
            issued,
            executed: executed.iter().map(|i| i.brief(&today)).collect(),
            interpreters,
        })
    }

    async fn home(&self) -> Result<HomeData, PortalError> {
        Ok(self.search.home(&clock::today()))
    }

    fn verdict(&self, policy: &PolicyDetail, profile: &Profile) -> Verdict {
        evaluate(&policy.conditions, policy.in_force, profile, clock::current_year())
    }
}
