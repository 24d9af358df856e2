use serde::{Deserialize, Serialize};

use crate::lang::{td_string, Locale};

/// Structured applicability conditions of one policy item. Empty lists mean
/// "no restriction"; qualifications are alternatives (any one suffices).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Conditions {
    pub industries: Vec<String>,
    pub sizes: Vec<String>,
    pub regions: Vec<String>,
    pub qualifications: Vec<String>,
    /// The enterprise must have been founded at most this many years ago.
    pub founded_within_years: Option<u32>,
    /// The enterprise must have existed for at least this many years.
    pub founded_at_least_years: Option<u32>,
}

/// An enterprise profile as typed into the profile panel. It is not an account:
/// it lives in the URL and in the browser's local storage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub industry: Option<String>,
    pub size: Option<String>,
    pub region: Option<String>,
    pub qualifications: Vec<String>,
    pub founded: Option<i32>,
}

impl Profile {
    pub fn is_empty(&self) -> bool {
        self.industry.is_none()
            && self.size.is_none()
            && self.region.is_none()
            && self.qualifications.is_empty()
            && self.founded.is_none()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Met,
    NotMet,
    Unknown,
}

/// One finding about a policy and a profile. `text` is its Chinese wording, as the JSON
/// API gives it; `check` says the same in no language, for the pages to word in theirs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub outcome: Outcome,
    pub text: String,
    pub check: Check,
}

/// What a [`Reason`] checked; with its outcome it says the whole reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Check {
    /// The policy is no longer in force.
    Expired,
    /// The policy restricts nothing.
    Unrestricted,
    /// The enterprise's industry, size or township must be one of `allowed`.
    OneOf { field: Field, allowed: Vec<String>, given: Option<String> },
    /// One of `wanted` is needed; `held` is the first of them the enterprise holds.
    Qualification { wanted: Vec<String>, held: Option<String> },
    /// Founded at most `years` ago; `age` is the enterprise's, when known.
    FoundedWithin { years: u32, age: Option<i32> },
    /// Founded at least `years` ago.
    FoundedAtLeast { years: u32, age: Option<i32> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Industry,
    Size,
    Region,
}

/// `applicable` is `None` when no profile was given or when a condition cannot be
/// decided from the profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub applicable: Option<bool>,
    pub reasons: Vec<Reason>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRef {
    pub title: String,
    pub number: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interpreter {
    pub name: String,
    pub phone: String,
}

/// A piece of a search snippet; `hit` parts are the matched terms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyHit {
    pub code: String,
    pub title: String,
    pub document: DocumentRef,
    pub issuing_unit: String,
    pub executing_unit: String,
    pub interpreter: Interpreter,
    pub category: String,
    pub support_type: String,
    pub delivery: String,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub in_force: bool,
    pub snippet: Vec<SnippetPart>,
    pub verdict: Verdict,
    /// Earlier versions of this policy (the same title in earlier documents), newest
    /// first; the search shows one hit per policy.
    #[serde(default)]
    pub earlier: Vec<EarlierVersion>,
}

/// An earlier version of a policy, folded under the hit that shows its newest version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlierVersion {
    pub code: String,
    pub document: DocumentRef,
    pub valid_from: String,
    pub in_force: bool,
    /// Whether it matches the search too (it is then counted in `total`).
    pub matched: bool,
}

pub use crate::params::FacetValue;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    pub category: Vec<FacetValue>,
    pub support: Vec<FacetValue>,
    pub issuer: Vec<FacetValue>,
    pub executor: Vec<FacetValue>,
    pub delivery: Vec<FacetValue>,
    pub in_force: Vec<FacetValue>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Items matching, every version counted (as the facets count them); `hits` shows
    /// one per policy, so paging can end before `total` is reached.
    pub total: u32,
    pub offset: u32,
    pub limit: u32,
    pub hits: Vec<PolicyHit>,
    pub facets: Facets,
    /// No item contains every word of the query: the hits contain some of them.
    #[serde(default)]
    pub partial: bool,
    /// Whether another page of hits follows this one.
    #[serde(default)]
    pub more: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub date: String,
    pub kind: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyDetail {
    pub code: String,
    pub title: String,
    pub content: String,
    pub category: String,
    pub support_type: String,
    pub document: DocumentSummary,
    pub issuing_unit: String,
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
    pub in_force: bool,
    pub history: Vec<Revision>,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub number: String,
    pub title: String,
    pub issuing_unit: String,
    pub publish_date: String,
    pub status: String,
    pub item_count: u32,
    /// The span of its items' validity: the earliest start, and the latest end when
    /// every item has one (`None`: open-ended).
    pub valid_from: String,
    pub valid_until: Option<String>,
}

impl DocumentSummary {
    pub fn validity(&self) -> String {
        self.validity_in(Locale::zh_CN)
    }

    pub fn validity_in(&self, l: Locale) -> String {
        match &self.valid_until {
            _ if self.valid_from.is_empty() => td_string!(l, policies.validity_unstated).to_string(),
            Some(until) => td_string!(l, policies.validity_range, from = &self.valid_from, until = until),
            None => td_string!(l, policies.validity_open, from = &self.valid_from),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyBrief {
    pub code: String,
    pub title: String,
    pub category: String,
    pub delivery: String,
    pub executing_unit: String,
    pub in_force: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentDetail {
    pub summary: DocumentSummary,
    pub items: Vec<PolicyBrief>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitDetail {
    pub name: String,
    /// The unit's own address, hours and phone (empty until the admin desk sets them).
    #[serde(default)]
    pub contact: UnitContact,
    pub issued: Vec<DocumentSummary>,
    pub executed: Vec<PolicyBrief>,
    pub interpreters: Vec<Interpreter>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub policy_count: u32,
    pub document_count: u32,
    pub unit_count: u32,
    pub categories: Vec<FacetValue>,
    pub automatic: Vec<PolicyBrief>,
    pub newest: Vec<PolicyBrief>,
}

/// Dates are `YYYY-MM-DD` strings, so they compare correctly as text.
pub fn is_in_force(valid_from: &str, valid_until: Option<&str>, today: &str) -> bool {
    valid_from <= today && valid_until.is_none_or(|until| until >= today)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitContact {
    pub address: String,
    pub hours: String,
    pub phone: String,
}
