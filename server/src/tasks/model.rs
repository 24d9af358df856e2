//! A reform task as the importer reads it and as the store and the index keep it.

use app::tasks::model::{colour, report_missing, TaskHit, STATE_CLOSED};
use serde::{Deserialize, Serialize};

/// The columns of the task list file, in export order.
pub const COLUMNS: [&str; 10] = ["任务编号", "改革领域", "任务来源", "任务内容", "工作目标", "责任单位", "主要责任人", "分管责任人", "具体责任人", "完成时限"];

/// One validated row of a task list file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewTask {
    pub code: String,
    pub area: String,
    pub source: String,
    pub content: String,
    pub target: String,
    pub unit: String,
    pub main_person: String,
    pub charge_person: String,
    pub specific_person: String,
    pub deadline: String,
}

impl NewTask {
    /// The row as the file has it, in [`COLUMNS`] order.
    pub fn cells(&self) -> [&str; 10] {
        [&self.code, &self.area, &self.source, &self.content, &self.target, &self.unit, &self.main_person, &self.charge_person, &self.specific_person, &self.deadline]
    }

    /// The listed fields that differ, by the file's names.
    pub fn changed_fields(&self, new: &NewTask) -> Vec<&'static str> {
        COLUMNS.iter().zip(self.cells().iter().zip(new.cells())).filter(|(_, (a, b))| *a != b).map(|(name, _)| *name).collect()
    }
}

/// A stored task with its progress (the index holds it too).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskRecord {
    pub code: String,
    pub area: String,
    pub source: String,
    pub content: String,
    pub target: String,
    pub unit: String,
    pub main_person: String,
    pub charge_person: String,
    pub specific_person: String,
    pub deadline: String,
    pub start_date: String,
    pub state: String,
    pub closed_on: Option<String>,
    pub percent: u32,
    pub last_week: Option<String>,
}

impl TaskRecord {
    pub fn closed(&self) -> bool {
        self.state == STATE_CLOSED
    }

    pub fn listed(&self) -> NewTask {
        NewTask {
            code: self.code.clone(),
            area: self.area.clone(),
            source: self.source.clone(),
            content: self.content.clone(),
            target: self.target.clone(),
            unit: self.unit.clone(),
            main_person: self.main_person.clone(),
            charge_person: self.charge_person.clone(),
            specific_person: self.specific_person.clone(),
            deadline: self.deadline.clone(),
        }
    }

    /// The task as a list shows it on `today`.
    pub fn hit(&self, today: &str) -> TaskHit {
        TaskHit {
            code: self.code.clone(),
            area: self.area.clone(),
            source: self.source.clone(),
            content: self.content.clone(),
            unit: self.unit.clone(),
            deadline: self.deadline.clone(),
            percent: self.percent,
            closed: self.closed(),
            colour: Some(colour(&self.start_date, &self.deadline, today, self.percent, self.closed())),
            missing_report: report_missing(&self.start_date, self.last_week.as_deref(), self.closed(), today),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}
