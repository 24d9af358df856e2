//! The mail the complaint channel sends, and what it says. No mail ever carries a
//! reporter's identity or receipt.

use app::complaints::model::{label, MailKind, NewTip, CHANNELS, KINDS};

pub struct Mail {
    pub kind: MailKind,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Where the portal is, for a mail's link: `base` + `path`, or only the words when the
/// operator has not said (QINGDAN_PUBLIC_URL).
fn link(base: Option<&str>, path: &str) -> String {
    base.map(|b| format!("：{b}{path}")).unwrap_or_default()
}

/// To each commission member with an address, for every new tip.
pub fn new_tip(to: String, case_number: &str, tip: &NewTip, channel: &str, accept_due: &str, base: Option<&str>) -> Mail {
    let unit = tip.subject_unit.trim();
    Mail {
        kind: MailKind::NewTip,
        to,
        subject: format!("新问题线索 {case_number}"),
        body: format!(
            "区纪委监委：\n\n收到新的问题线索。\n案件编号：{case_number}\n类别：{}\n涉及单位：{}\n渠道：{}\n受理期限：{accept_due}\n\n请登录清单门户处理{}\n（举报人信息不在邮件中。）",
            label(KINDS, &tip.kind),
            if unit.is_empty() { "未填写" } else { unit },
            label(CHANNELS, channel),
            link(base, &format!("/staff/case/{case_number}")),
        ),
    }
}

/// To a unit's accounts when a case is forwarded to it.
pub fn forwarded(to: String, unit: &str, due: &str, case_number: &str, base: Option<&str>) -> Mail {
    Mail {
        kind: MailKind::Forwarded,
        to,
        subject: format!("转办核查 {case_number}"),
        body: format!(
            "{unit}:\n\n区纪委监委转来问题线索 {case_number}，请于 {due} 前完成核查并在清单门户提交核查报告{}\n（举报人信息依规保密，不随件转交。）",
            link(base, &format!("/staff/case/{case_number}"))
        ),
    }
}

/// To the handler of a case (or the commission): the reporter objected, or the unit's
/// report arrived. What they wrote stays in the portal.
pub fn to_handler(kind: MailKind, to: String, case_number: &str, base: Option<&str>) -> Mail {
    let (subject, what) = match kind {
        MailKind::Objection => ("举报人提出异议", "举报人对办理结果提出异议，案件已重新办理，反馈期限已重新计算。"),
        _ => ("核查报告已到", "核查单位已提交核查报告，请审阅并处置。"),
    };
    Mail {
        kind,
        to,
        subject: format!("{subject} {case_number}"),
        body: format!(
            "区纪委监委：\n\n案件 {case_number}：{what}\n请登录清单门户处理{}\n（举报人信息和报告内容不在邮件中。）",
            link(base, &format!("/staff/case/{case_number}"))
        ),
    }
}

/// To a named reporter with an address: a reply (`feedback`) or a question.
pub fn to_reporter(to: String, feedback: bool, case_number: &str, base: Option<&str>) -> Mail {
    let what = if feedback { "答复" } else { "提问" };
    Mail {
        kind: if feedback { MailKind::Feedback } else { MailKind::Question },
        to,
        subject: format!("您反映的问题 {case_number} 有新的{what}"),
        body: format!(
            "您好：\n\n区纪委监委对您反映的问题（案件编号 {case_number}）作出了{what}。\n请在清单门户“查询办理进度”页面凭回执码查看{}\n\n本邮件不含回执码，请勿回复。",
            link(base, "/track")
        ),
    }
}

#[cfg(test)]
mod tests;
