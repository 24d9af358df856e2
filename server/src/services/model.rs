//! A service as the importer reads it and as the store (and the search index) keep it.

use app::services::model::{target_met, Material, Measures, ServiceHit, SnippetPart, Targets};
use serde::{Deserialize, Serialize};

/// One validated row of a service list file.
#[derive(Clone, Debug, PartialEq)]
pub struct NewService {
    pub record: ServiceRecord,
    pub bundle: Option<BundleRow>,
}

/// The "one thing" bundle a row puts its service in.
#[derive(Clone, Debug, PartialEq)]
pub struct BundleRow {
    pub code: String,
    pub name: String,
    pub lead_unit: String,
}

/// A service's guide and targets: what the database stores and the index holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceRecord {
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
    #[serde(default)]
    pub updated_at: String,
}

impl ServiceRecord {
    pub fn measures(&self) -> Measures {
        Measures {
            committed_days: Some(self.committed_days),
            materials: Some(self.materials.len() as u32),
            visits: Some(self.visits),
            online_depth: Some(self.online_depth.clone()),
            level: Some(self.level.clone()),
        }
    }

    pub fn target_met(&self) -> bool {
        target_met(&self.measures(), &self.targets.target)
    }

    pub fn hit(&self, snippet: Vec<SnippetPart>) -> ServiceHit {
        ServiceHit {
            code: self.code.clone(),
            name: self.name.clone(),
            category: self.category.clone(),
            unit: self.unit.clone(),
            level: self.level.clone(),
            committed_days: self.committed_days,
            visits: self.visits,
            online_depth: self.online_depth.clone(),
            mobile: self.mobile,
            target_met: self.target_met(),
            snippet,
        }
    }

    /// The fields a re-import compares, by the names the file uses.
    pub fn changed_fields(&self, new: &ServiceRecord) -> Vec<&'static str> {
        let mut fields = Vec::new();
        let mut check = |differs: bool, name: &'static str| {
            if differs {
                fields.push(name);
            }
        };
        check(self.name != new.name, "事项名称");
        check(self.category != new.category, "生活事件");
        check(self.unit != new.unit || self.level != new.level, "实施单位和层级");
        check(self.location != new.location || self.hours != new.hours, "办理地点和时间");
        check(self.enquiry_phone != new.enquiry_phone || self.complaint_phone != new.complaint_phone, "咨询投诉电话");
        check(self.legal_days != new.legal_days || self.committed_days != new.committed_days, "办理时限");
        check(self.materials != new.materials, "申请材料");
        check(self.visits != new.visits, "跑动次数");
        check(self.online_depth != new.online_depth || self.mobile != new.mobile, "网办深度和掌上办");
        check(self.fee != new.fee, "收费标准");
        check(self.legal_basis != new.legal_basis, "设定依据");
        check(self.annual_cases != new.annual_cases, "年办件量");
        check(self.targets != new.targets, "优化目标");
        fields
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub bundles: usize,
}
