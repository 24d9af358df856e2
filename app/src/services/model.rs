//! The livelihood-services list (高频和重点民生服务事项优化清单): what a service's guide
//! holds, its optimisation target against the 2019 baseline, "one thing" bundles, and
//! the pure rules over them (is a target met, is it worse than its baseline, the one
//! combined list of a bundle's materials).

use serde::{Deserialize, Serialize};

use crate::lang::{td_string, Locale};
pub use crate::policies::model::SnippetPart;

/// The 15 life events (生活事件). 新生儿出生 and 入学 are the district's own examples; the
/// other 13 follow common Chinese life-event catalogues (README).
pub const LIFE_EVENTS: [&str; 15] = [
    "新生儿出生",
    "入学",
    "就业创业",
    "婚姻登记",
    "生育收养",
    "住房保障",
    "不动产登记",
    "社会保险",
    "医疗保障",
    "户籍证件",
    "交通出行",
    "兵役退役",
    "残疾人服务",
    "退休养老",
    "身后事",
];

pub const LEVEL_DISTRICT: &str = "区级";
pub const LEVEL_TOWNSHIP: &str = "镇街";
pub const LEVELS: [&str; 2] = [LEVEL_DISTRICT, LEVEL_TOWNSHIP];

/// How far a service can be done online, best first.
pub const ONLINE_DEPTHS: [&str; 3] = ["全程网办", "网上预审", "窗口办理"];
pub const FULLY_ONLINE: &str = "全程网办";

/// The government's five rating grades (好差评), best first.
pub const GRADES: [&str; 5] = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"];

/// A grade as a page in `l` shows it (the form still sends the Chinese grade).
pub fn grade_label_in(grade: &str, l: Locale) -> &str {
    match grade {
        "非常满意" => td_string!(l, services.grade_very_satisfied),
        "满意" => td_string!(l, services.grade_satisfied),
        "基本满意" => td_string!(l, services.grade_fairly_satisfied),
        "不满意" => td_string!(l, services.grade_dissatisfied),
        "非常不满意" => td_string!(l, services.grade_very_dissatisfied),
        other => other,
    }
}

/// An online depth as a page in `l` shows it.
pub fn depth_label_in(depth: &str, l: Locale) -> &str {
    match depth {
        "全程网办" => td_string!(l, services.depth_full),
        "网上预审" => td_string!(l, services.depth_prereview),
        "窗口办理" => td_string!(l, services.depth_window),
        other => other,
    }
}

/// A level as a page in `l` shows it.
pub fn level_label_in(level: &str, l: Locale) -> &str {
    match level {
        LEVEL_DISTRICT => td_string!(l, services.level_district),
        LEVEL_TOWNSHIP => td_string!(l, services.level_township),
        other => other,
    }
}

/// A grade that opens a rectification in the delivering unit's queue.
pub fn grade_is_poor(grade: &str) -> bool {
    matches!(grade, "不满意" | "非常不满意")
}

/// Working days a poor rating's rectification is due in.
pub const RECTIFICATION_DAYS: u32 = 15;

pub fn depth_rank(depth: &str) -> usize {
    ONLINE_DEPTHS.iter().position(|d| *d == depth).unwrap_or(ONLINE_DEPTHS.len())
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    pub name: String,
    pub copies: u32,
    /// 原件 (true) or 复印件 (false).
    pub original: bool,
}

/// 原件 or 复印件, as a page in `l` shows it.
pub fn original_label_in(original: bool, l: Locale) -> &'static str {
    if original {
        td_string!(l, services.original)
    } else {
        td_string!(l, services.copy)
    }
}

/// The measures a target is set on; `None` where the list sets none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measures {
    pub committed_days: Option<u32>,
    pub materials: Option<u32>,
    pub visits: Option<u32>,
    pub online_depth: Option<String>,
    pub level: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    /// Where the service stood in 2019.
    pub baseline: Measures,
    pub target: Measures,
    /// The region whose best practice the target was set against (对标地区).
    pub benchmark: String,
}

/// Each measure of `target` that is worse than `baseline` (a list error).
pub fn worse_than_baseline(t: &Targets) -> Vec<&'static str> {
    let mut worse = Vec::new();
    let (b, g) = (&t.baseline, &t.target);
    let more = |b: Option<u32>, g: Option<u32>| matches!((b, g), (Some(b), Some(g)) if g > b);
    if more(b.committed_days, g.committed_days) {
        worse.push("承诺时限");
    }
    if more(b.materials, g.materials) {
        worse.push("材料数");
    }
    if more(b.visits, g.visits) {
        worse.push("跑动次数");
    }
    if let (Some(b), Some(g)) = (&b.online_depth, &g.online_depth) {
        if depth_rank(g) > depth_rank(b) {
            worse.push("网办深度");
        }
    }
    if b.level.as_deref() == Some(LEVEL_TOWNSHIP) && g.level.as_deref() == Some(LEVEL_DISTRICT) {
        worse.push("办理层级");
    }
    worse
}

/// Whether the service as it stands now reaches every target the list sets for it.
pub fn target_met(now: &Measures, target: &Measures) -> bool {
    let within = |now: Option<u32>, goal: Option<u32>| match (now, goal) {
        (_, None) => true,
        (Some(n), Some(g)) => n <= g,
        (None, Some(_)) => false,
    };
    within(now.committed_days, target.committed_days)
        && within(now.materials, target.materials)
        && within(now.visits, target.visits)
        && target.online_depth.as_ref().is_none_or(|g| now.online_depth.as_deref().is_some_and(|n| depth_rank(n) <= depth_rank(g)))
        && target.level.as_ref().is_none_or(|g| g != LEVEL_TOWNSHIP || now.level.as_deref() == Some(LEVEL_TOWNSHIP))
}

/// A time limit as the guide prints it: 即办 for 0.
pub fn days_label(days: u32) -> String {
    if days == 0 {
        "即办".into()
    } else {
        format!("{days} 个工作日")
    }
}

/// [`days_label`] as a page in `l` shows it.
pub fn days_label_in(days: u32, l: Locale) -> String {
    match days {
        0 => td_string!(l, services.days_instant).to_string(),
        1 => td_string!(l, services.day_single).to_string(),
        _ => td_string!(l, services.days_plural, days = days),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BundleRef {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceRevision {
    pub date: String,
    pub kind: String,
    pub note: String,
}

/// A service with its whole guide, as the service page and the JSON API show it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub code: String,
    pub name: String,
    pub category: String,
    pub unit: String,
    pub level: String,
    pub location: String,
    pub hours: String,
    pub enquiry_phone: String,
    pub complaint_phone: String,
    pub legal_days: u32,
    pub committed_days: u32,
    pub materials: Vec<Material>,
    pub visits: u32,
    pub online_depth: String,
    pub mobile: bool,
    pub fee: String,
    pub legal_basis: String,
    pub annual_cases: u32,
    pub targets: Targets,
    pub target_met: bool,
    pub bundles: Vec<BundleRef>,
    pub history: Vec<ServiceRevision>,
    pub updated_at: String,
}

impl ServiceDetail {
    /// Where the service stands now, in the target's measures.
    pub fn measures(&self) -> Measures {
        Measures {
            committed_days: Some(self.committed_days),
            materials: Some(self.materials.len() as u32),
            visits: Some(self.visits),
            online_depth: Some(self.online_depth.clone()),
            level: Some(self.level.clone()),
        }
    }
}

/// One service in a list of results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceHit {
    pub code: String,
    pub name: String,
    pub category: String,
    pub unit: String,
    pub level: String,
    pub committed_days: u32,
    pub visits: u32,
    pub online_depth: String,
    pub mobile: bool,
    pub target_met: bool,
    pub snippet: Vec<SnippetPart>,
}

pub use crate::params::FacetValue;

/// Counts per value of each filter, for the items matching every *other* filter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceFacets {
    pub category: Vec<FacetValue>,
    pub unit: Vec<FacetValue>,
    pub level: Vec<FacetValue>,
    pub online: Vec<FacetValue>,
    pub zero_visits: Vec<FacetValue>,
    pub instant: Vec<FacetValue>,
    pub devolved: Vec<FacetValue>,
    pub target_met: Vec<FacetValue>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceResults {
    pub total: u32,
    /// No item holds every word: these hold some of them.
    #[serde(default)]
    pub partial: bool,
    pub offset: u32,
    pub limit: u32,
    pub hits: Vec<ServiceHit>,
    pub facets: ServiceFacets,
}

/// One life event on the catalogue page: its count and its most requested services.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LifeEvent {
    pub name: String,
    pub count: u32,
    pub top: Vec<ServiceHit>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    pub total: u32,
    pub events: Vec<LifeEvent>,
    pub bundles: Vec<BundleSummary>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BundleSummary {
    pub code: String,
    pub name: String,
    pub lead_unit: String,
    pub members: u32,
}

/// A poor rating's rectification, as the delivering unit (and the commission) see it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RectificationView {
    pub id: i64,
    pub service_code: String,
    pub service_name: String,
    pub unit: String,
    pub grade: String,
    pub comment: String,
    pub opened_on: String,
    pub due: String,
    /// `open` or `done`.
    pub state: String,
    pub reply: Option<String>,
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RectificationPage {
    pub me: crate::staff::model::StaffUserView,
    pub csrf: String,
    pub items: Vec<RectificationView>,
}

/// What a unit's page shows of its services: where and when to find it, whom to call.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitServices {
    pub locations: Vec<String>,
    pub hours: Vec<String>,
    pub phones: Vec<String>,
    pub services: Vec<ServiceHit>,
}

/// A material of a bundle's combined list, with the member services that need it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BundleMaterial {
    pub name: String,
    pub copies: u32,
    pub original: bool,
    pub services: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BundleDetail {
    pub code: String,
    pub name: String,
    pub lead_unit: String,
    pub partner_units: Vec<String>,
    pub members: Vec<ServiceHit>,
    pub materials: Vec<BundleMaterial>,
}

/// The key two materials share when they are the same document.
fn material_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '"' | '“' | '”')).collect()
}

/// One combined list of the members' materials: a document several members need is
/// listed once, with the most copies any member asks for and as an original if any
/// member wants the original. Order: first appearance.
pub fn combined_materials(members: &[(String, Vec<Material>)]) -> Vec<BundleMaterial> {
    let mut out: Vec<(String, BundleMaterial)> = Vec::new();
    for (service, materials) in members {
        for m in materials {
            let key = material_key(&m.name);
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some((_, merged)) => {
                    merged.copies = merged.copies.max(m.copies);
                    merged.original |= m.original;
                    if !merged.services.contains(service) {
                        merged.services.push(service.clone());
                    }
                }
                None => out.push((
                    key,
                    BundleMaterial { name: m.name.clone(), copies: m.copies, original: m.original, services: vec![service.clone()] },
                )),
            }
        }
    }
    out.into_iter().map(|(_, m)| m).collect()
}

#[cfg(test)]
mod tests;
