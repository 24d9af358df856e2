//! The supervision list as a service: the checklist, the register and the inspections
//! behind the pages, the notices feed and the forms.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Result;
use app::error::PortalError;
use app::staff::model::Role;
use app::supervision::backend::SupervisionBackend;
use app::supervision::model::{AreaQuestions, Checklist, InspectionsDesk, MeasuresDesk, Notice, Question, AREAS};

use super::import;
use super::inspections::Inspections;
use super::measures::Register;
use super::questions::QuestionStore;
use crate::error::internal;
use crate::platform::units;
use crate::staff::accounts::Accounts;

/// The bundled sample checklist (illustrative, written for this project).
pub const SAMPLE_CHECKLIST_CSV: &[u8] = include_bytes!("../../../data/samples/supervision.csv");

pub struct SupervisionService {
    pub questions: Arc<QuestionStore>,
    pub register: Register,
    pub inspections: Inspections,
    accounts: Arc<Accounts>,
}

/// Loads the sample checklist into a database without one.
pub async fn load_samples(store: &QuestionStore) -> Result<()> {
    if store.count().await? > 0 {
        return Ok(());
    }
    let sheet = crate::platform::sheet::read_csv(SAMPLE_CHECKLIST_CSV)?;
    let questions = import::validate(&sheet)?;
    let summary = store.import(&questions).await?;
    tracing::info!("loaded {} sample supervision questions", summary.inserted);
    Ok(())
}

pub fn by_area(questions: Vec<Question>) -> Vec<AreaQuestions> {
    AREAS
        .iter()
        .map(|a| AreaQuestions { area: a.to_string(), questions: questions.iter().filter(|q| q.area == *a).cloned().collect() })
        .filter(|a| !a.questions.is_empty())
        .collect()
}

impl SupervisionService {
    pub fn new(questions: Arc<QuestionStore>, accounts: Arc<Accounts>) -> Self {
        let db = questions.db().clone();
        Self { register: Register::new(db.clone()), inspections: Inspections::new(db), questions, accounts }
    }

    pub async fn question_texts(&self) -> Result<HashMap<u32, String>> {
        Ok(self.questions.all().await?.into_iter().map(|q| (q.number, q.question)).collect())
    }
}

#[async_trait::async_trait]
impl SupervisionBackend for SupervisionService {
    async fn checklist(&self) -> Result<Checklist, PortalError> {
        Ok(Checklist { areas: by_area(self.questions.all().await.map_err(internal)?) })
    }

    async fn notices(&self) -> Result<Vec<Notice>, PortalError> {
        self.register.notices().await.map_err(internal)
    }

    async fn measures_desk(&self, session_cookie: Option<String>) -> Result<Option<MeasuresDesk>, PortalError> {
        let Some(session) = self.accounts.session_of_cookie(session_cookie).await? else { return Ok(None) };
        if session.user.role != Role::Commission {
            return Err(PortalError::forbidden("激励惩戒登记由纪委监委办理 / the register is kept by the commission"));
        }
        let (counts, tolerance) = self.register.counts().await.map_err(internal)?;
        Ok(Some(MeasuresDesk {
            me: session.user.view(),
            csrf: session.csrf,
            records: self.register.all().await.map_err(internal)?,
            counts,
            tolerance,
            candidates: self.register.candidates().await.map_err(internal)?,
            units: units::names(self.questions.db()).await.map_err(internal)?,
        }))
    }

    async fn inspections_desk(&self, session_cookie: Option<String>) -> Result<Option<InspectionsDesk>, PortalError> {
        let Some(session) = self.accounts.session_of_cookie(session_cookie).await? else { return Ok(None) };
        let texts = self.question_texts().await.map_err(internal)?;
        let (unit, commission) = match (session.user.role, session.user.unit.clone()) {
            (Role::Commission, _) => (None, true),
            (Role::Unit, Some(unit)) => (Some(unit), false),
            _ => return Err(PortalError::forbidden("监督检查由纪委监委和被检查单位使用 / for the commission and inspected units")),
        };
        Ok(Some(InspectionsDesk {
            me: session.user.view(),
            csrf: session.csrf,
            problems: self.inspections.problems(unit.as_deref(), &texts).await.map_err(internal)?,
            inspections: if commission { self.inspections.summaries().await.map_err(internal)? } else { Vec::new() },
            units: if commission { units::names(self.questions.db()).await.map_err(internal)? } else { Vec::new() },
            checklist: if commission { by_area(self.questions.all().await.map_err(internal)?) } else { Vec::new() },
        }))
    }
}
