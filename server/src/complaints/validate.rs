//! What a tip, a message or a staff note must meet before anything is written; every
//! message names the field.

use app::complaints::model::{NewTip, KINDS};
use app::error::PortalError;

use crate::platform::uploads;
use crate::platform::contact::{valid_email, valid_phone};
use crate::web::form::Upload;

/// An evidence file as it arrived.
pub type Evidence = Upload;

fn bad(msg: impl Into<String>) -> PortalError {
    PortalError::bad_request(msg)
}

pub fn check_len(value: &str, max: usize, what: &str) -> Result<(), PortalError> {
    if value.chars().count() > max {
        Err(bad(format!("{what}过长，最多 {max} 字 / {what} is longer than {max} characters")))
    } else {
        Ok(())
    }
}

/// Checks a tip before anything is written: every problem at once (one per line), each
/// naming its field.
pub fn validate_tip(tip: &NewTip) -> Result<(), PortalError> {
    let problems = tip_problems(tip);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(bad(problems.join("\n")))
    }
}

/// Everything wrong with a tip, in the order of the form.
pub fn tip_problems(tip: &NewTip) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |r: Result<(), PortalError>| {
        if let Err(e) = r {
            problems.push(e.message().to_string());
        }
    };
    if !KINDS.iter().any(|(k, _)| *k == tip.kind) {
        check(Err(bad("请选择问题类别 / Choose the kind of problem")));
    }
    check(check_len(&tip.subject_unit, 100, "涉及单位"));
    check(check_len(&tip.policy_code, 64, "相关政策编号"));
    let description = tip.description.trim();
    if description.chars().count() < 10 {
        check(Err(bad("请具体描述反映的问题（至少 10 个字）/ Describe what happened (at least 10 characters)")));
    }
    check(check_len(description, 5000, "问题描述"));
    check(check_len(&tip.question, 5, "监督清单序号"));
    check(check_len(&tip.task, 64, "改革任务编号"));
    check(check_len(&tip.occurred_when, 200, "发生时间"));
    check(check_len(&tip.occurred_where, 200, "发生地点"));
    if !tip.anonymous {
        if tip.name.trim().is_empty() {
            check(Err(bad("实名反映请填写姓名 / A named report needs your name")));
        }
        check(check_len(&tip.name, 50, "姓名"));
        if !valid_phone(tip.phone.trim()) {
            check(Err(bad("实名反映请填写有效的联系电话 / A named report needs a valid phone number")));
        }
        if !tip.email.trim().is_empty() && !valid_email(tip.email.trim()) {
            check(Err(bad("电子邮箱格式不正确 / The e-mail address is not valid")));
        }
        check(check_len(&tip.company, 100, "单位或企业名称"));
    }
    problems
}

pub fn check_files(files: &[Evidence]) -> Result<Vec<uploads::FileKind>, PortalError> {
    if files.len() > uploads::MAX_FILES {
        return Err(bad("最多上传 5 个文件 / At most 5 files"));
    }
    files.iter().map(|f| uploads::check(&f.name, &f.bytes).map_err(bad)).collect()
}
