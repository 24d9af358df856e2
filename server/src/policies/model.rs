//! A policy item as the importer reads it and as the store returns it.

use app::policies::model::{Conditions, DocumentSummary, Interpreter, Revision};
use serde::{Deserialize, Serialize};

/// One validated row of a policy list file.
#[derive(Clone, Debug, PartialEq)]
pub struct NewPolicy {
    pub code: String,
    pub title: String,
    pub content: String,
    pub category: String,
    pub support_type: String,
    pub document_title: String,
    pub document_number: String,
    pub issuing_unit: String,
    pub publish_date: String,
    pub document_status: String,
    pub executing_unit: String,
    pub interpreter_name: String,
    pub interpreter_phone: String,
    pub conditions: Conditions,
    pub delivery: String,
    pub max_amount_wan: Option<f64>,
    pub application_period: String,
    pub application_window: String,
    pub materials: Vec<String>,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub revisions: Vec<Revision>,
}

/// A stored policy item with its document and units resolved (the search index
/// stores it too, for the page of hits).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub content: String,
    pub category: String,
    pub support_type: String,
    pub document: DocumentSummary,
    pub executing_unit: String,
    pub interpreter: Interpreter,
    pub conditions: Conditions,
    pub delivery: String,
    pub max_amount_wan: Option<f64>,
    pub application_period: String,
    pub application_window: String,
    pub materials: Vec<String>,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub updated_at: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl ItemRecord {
    /// In force between its dates, unless its whole document was declared void.
    pub fn in_force(&self, today: &str) -> bool {
        self.document.status != "已失效"
            && app::policies::model::is_in_force(&self.valid_from, self.valid_until.as_deref(), today)
    }

    pub fn brief(&self, today: &str) -> app::policies::model::PolicyBrief {
        app::policies::model::PolicyBrief {
            code: self.code.clone(),
            title: self.title.clone(),
            category: self.category.clone(),
            delivery: self.delivery.clone(),
            executing_unit: self.executing_unit.clone(),
            in_force: self.in_force(today),
        }
    }
}
