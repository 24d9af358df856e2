//! The application state: every feature's service, started and wired together once.
//! Handlers reach it through the web layer's `HttpState`; the pages' server functions
//! reach the same services through Leptos context.

use std::sync::Arc;

use anyhow::Result;

use crate::admin::service::AdminService;
use crate::complaints::service::{ComplaintService, Deadlines};
use crate::config::Config;
use crate::platform::db::Db;
use crate::platform::mail;
use crate::policies::index::PolicyIndex;
use crate::policies::service::{load_samples, PolicyService};
use crate::policies::store::PolicyStore;
use crate::services::index::ServiceIndex;
use crate::services::service::ServicesService;
use crate::services::store::ServiceStore;
use crate::tasks::index::TaskIndex;
use crate::tasks::service::TaskService;
use crate::tasks::store::TaskStore;
use crate::staff::accounts::Accounts;
use crate::supervision::questions::QuestionStore;
use crate::supervision::service::SupervisionService;

pub struct AppState {
    pub db: Db,
    pub policies: Arc<PolicyService>,
    pub services: Arc<ServicesService>,
    pub tasks: Arc<TaskService>,
    pub supervision: Arc<SupervisionService>,
    pub complaints: Arc<ComplaintService>,
    pub accounts: Arc<Accounts>,
    /// Changes to commission accounts waiting for a second commission member.
    pub approvals: Arc<crate::staff::approvals::Approvals>,
    pub admin: Arc<AdminService>,
    pub dashboard: Arc<crate::dashboard::service::DashboardService>,
    pub alerts: Arc<crate::alerts::service::AlertService>,
    /// Cookies without `Secure`, for plain-HTTP deployments on a closed network.
    pub insecure_cookies: bool,
    /// Peers whose forwarded client address is believed.
    pub trusted_proxies: Arc<Vec<crate::platform::cidr::Cidr>>,
    /// The bearer token that opens `/metrics` on the main listener; none: not served there.
    pub metrics_token: Option<String>,
    /// How long an anonymous search page may be sent again (`web::page_cache`).
    pub page_cache: std::time::Duration,
}

impl AppState {
    /// Connects, migrates, loads the samples into an empty database when asked to,
    /// opens the search index and starts the mail worker.
    pub async fn start(config: &Config) -> Result<Arc<Self>> {
        let db = Db::connect(&config.database_url).await?;
        // First: a wrong or missing key stops the start before anything else is done.
        let secrets = Arc::new(crate::platform::key_guard::open_secrets(&db, &config.key_file()).await?);
        // Then what an earlier version kept in clear is sealed, before anything reads it.
        crate::complaints::seal_legacy::seal_legacy(&db, &secrets).await?;
        let store = Arc::new(PolicyStore::new(db.clone()));
        if config.sample_data {
            load_samples(&store).await?;
        }
        let index = PolicyIndex::open(&config.index_dir(), store.clone()).await?;
        let policies = Arc::new(PolicyService::new(store.clone(), index));
        let service_store = Arc::new(ServiceStore::new(db.clone()));
        if config.sample_data {
            crate::services::service::load_samples(&service_store).await?;
        }
        let service_index = ServiceIndex::open(&config.service_index_dir(), service_store.clone()).await?;
        let accounts = Arc::new(Accounts::new(db.clone()));
        let services = Arc::new(ServicesService::new(service_store.clone(), service_index, accounts.clone()));
        let task_store = Arc::new(TaskStore::new(db.clone()));
        if config.sample_data {
            crate::tasks::service::load_samples(&task_store).await?;
        }
        let task_index = TaskIndex::open(&config.task_index_dir(), task_store.clone()).await?;
        let tasks = Arc::new(TaskService::new(task_store.clone(), task_index, accounts.clone()));
        let questions = Arc::new(QuestionStore::new(db.clone()));
        if config.sample_data {
            crate::supervision::service::load_samples(&questions).await?;
        }
        if config.sample_data {
            crate::platform::units::load_sample_contacts(&db).await?;
        }
        let supervision = Arc::new(SupervisionService::new(questions.clone(), accounts.clone()));
        if let Some(warning) = crate::platform::calendar::coverage_warning_str(&crate::platform::clock::today()) {
            tracing::warn!("{warning}");
        }
        if accounts.user_count().await? == 0 {
            tracing::warn!("尚无工作人员账号：请用 `qingdan user add --role admin 用户名` 创建第一个管理员，再在 /staff/admin 创建其他账号 / no staff accounts yet: create the first admin with `qingdan user add --role admin NAME`");
        }
        mail::spawn(db.clone(), secrets.clone(), mail::Transport::from_config(config));
        let complaints = Arc::new(ComplaintService::new(
            db.clone(),
            secrets.clone(),
            accounts.clone(),
            store,
            service_store,
            task_store,
            questions,
            Deadlines::from_env(),
            crate::complaints::limits::Limits::from_env(&config.data_dir),
            config.public_url.clone(),
        ));
        let approvals = complaints.approvals.clone();
        let admin = Arc::new(AdminService::new(
            db.clone(),
            accounts.clone(),
            approvals.clone(),
            policies.clone(),
            services.clone(),
            tasks.clone(),
            supervision.clone(),
        ));
        let alerts = Arc::new(crate::alerts::service::AlertService::new(db.clone(), secrets.clone(), policies.store.clone(), config.public_url.clone()));
        alerts.worker().spawn();
        let dashboard = Arc::new(crate::dashboard::service::DashboardService::new(db.clone(), complaints.clone(), tasks.clone(), services.clone()));
        Ok(Arc::new(Self {
            alerts,
            dashboard,
            db,
            policies,
            services,
            tasks,
            supervision,
            complaints,
            accounts,
            approvals,
            admin,
            insecure_cookies: config.insecure_cookies,
            trusted_proxies: Arc::new(config.trusted_proxies.clone()),
            metrics_token: config.metrics_token.clone(),
            page_cache: config.page_cache,
        }))
    }
}
