//! Inspections: the commission answers the checklist for a unit; each 否 becomes a
//! problem due in 30 working days; only the inspected unit reports its rectification;
//! the commission closes it out or sends it back, and may open a case (巡察发现) once.

use app::complaints::model::{QueueFilter, Role};
use qingdan::platform::calendar::add_working_days_str;
use qingdan::supervision::inspections::RECTIFY_WORKING_DAYS;

use crate::common::{self, TestDb};
use crate::support::{self, PASSWORD};

on_both_engines!(inspection_problems_rectified_and_cases_opened);

async fn inspection_problems_rectified_and_cases_opened(db: &TestDb) {
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let jw_user = support::user(&portal, "jw", Role::Commission, None, None).await;
    support::user(&portal, "swj", Role::Unit, Some(support::COMMERCE), None).await;
    support::user(&portal, "czj", Role::Unit, Some(support::FINANCE), None).await;
    let jw = support::login_cookie(addr, "jw", PASSWORD, "/staff").await;
    let desk = support::get_with_cookie(addr, "/staff/inspections", &jw).await.text();
    assert!(desk.contains("记录一次检查") && desk.contains("name=\"a100\""), "the form lists every question");
    let csrf = support::hidden_input(&desk, "csrf").unwrap();
    let post = |cookie: &str, path: String, pairs: Vec<(&'static str, String)>| {
        let cookie = cookie.to_string();
        async move {
            let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            support::location(&support::post_form(addr, &path, Some(&cookie), &refs).await)
        }
    };
    let inspection = |unit: &str, method: &str, e2: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("unit", unit.to_string()),
            ("period", "2026年第四季度".to_string()),
            ("method", method.to_string()),
            ("a1", "yes".to_string()),
            ("e1", "已公开".to_string()),
            ("a2", "no".to_string()),
            ("e2", e2.to_string()),
            ("a3", "na".to_string()),
        ]
    };
    let path = || "/staff/inspections".to_string();
    assert!(post(&jw, path(), inspection(support::COMMERCE, "模拟办事", "")).await.contains("error="), "a 否 needs the problem found");
    assert!(post(&jw, path(), inspection(support::COMMERCE, "随便看看", "窗口要求额外材料")).await.contains("error="), "one of the four methods");
    assert!(post(&jw, path(), inspection("区不存在局", "模拟办事", "窗口要求额外材料")).await.contains("error="), "an existing unit");
    assert!(support::count(&portal, "inspections").await == 0, "refused inspections write nothing");
    assert!(post(&jw, path(), inspection(support::COMMERCE, "模拟办事", "窗口要求企业额外提供无关证明")).await.contains("ok="));
    assert_eq!(support::count(&portal, "inspection_answers").await, 100, "unanswered questions are recorded as 不适用");

    let texts = portal.supervision.question_texts().await.unwrap();
    let problems = portal.supervision.inspections.problems(None, &texts).await.unwrap();
    assert_eq!(problems.len(), 1);
    let problem = &problems[0];
    assert_eq!((problem.question, problem.state.as_str(), problem.unit.as_str()), (2, "open", support::COMMERCE));
    assert_eq!(problem.due, add_working_days_str(&common::today(), RECTIFY_WORKING_DAYS), "due in 30 working days");
    let id = problem.id;

    // Only the inspected unit sees and reports it.
    let swj = support::login_cookie(addr, "swj", PASSWORD, "/staff").await;
    let czj = support::login_cookie(addr, "czj", PASSWORD, "/staff").await;
    let own = support::get_with_cookie(addr, "/staff/inspections", &swj).await.text();
    assert!(own.contains("窗口要求企业额外提供无关证明") && !own.contains("记录一次检查"));
    let other = support::get_with_cookie(addr, "/staff/inspections", &czj).await.text();
    assert!(!other.contains("窗口要求企业额外提供无关证明"), "another unit does not see it");
    let swj_csrf = support::hidden_input(&own, "csrf").unwrap();
    let czj_csrf = support::hidden_input(&other, "csrf").unwrap();
    let report = format!("/staff/inspections/problem/{id}/report");
    let decide = format!("/staff/inspections/problem/{id}/decide");
    assert!(post(&czj, report.clone(), vec![("csrf", czj_csrf), ("note", "已整改".into())]).await.contains("error="));
    assert!(post(&jw, report.clone(), vec![("csrf", csrf.clone()), ("note", "已整改".into())]).await.contains("error="), "the commission does not report");
    assert!(post(&swj, decide.clone(), vec![("csrf", swj_csrf.clone()), ("decision", "approve".into())]).await.contains("error="), "a unit cannot close its own problem");
    assert!(post(&swj, report.clone(), vec![("csrf", swj_csrf.clone()), ("note", "已取消额外证明要求并公示材料清单".into())]).await.contains("ok="));
    assert!(post(&swj, report.clone(), vec![("csrf", swj_csrf.clone()), ("note", "再报一次".into())]).await.contains("error="), "one report while it waits");

    // Sent back needs a reason; then reported again and closed out.
    assert!(post(&jw, decide.clone(), vec![("csrf", csrf.clone()), ("decision", "reject".into())]).await.contains("error="));
    assert!(post(&jw, decide.clone(), vec![("csrf", csrf.clone()), ("decision", "reject".into()), ("note", "未提供公示截图".into())]).await.contains("ok="));
    assert!(post(&swj, report.clone(), vec![("csrf", swj_csrf.clone()), ("note", "已补充公示截图".into())]).await.contains("ok="));
    assert!(post(&jw, decide.clone(), vec![("csrf", csrf.clone()), ("decision", "approve".into())]).await.contains("ok="));
    let closed = portal.supervision.inspections.problems(Some(support::COMMERCE), &texts).await.unwrap();
    assert_eq!(closed[0].state, "closed");
    assert_eq!(closed[0].closed_on.as_deref(), Some(common::today().as_str()));
    assert_eq!(closed[0].events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["found", "report", "reject", "report", "approve"]);

    // A case from the problem, once: channel 巡察发现, tagged with question 2 and its area.
    let open_case = format!("/staff/inspections/problem/{id}/case");
    assert!(post(&swj, open_case.clone(), vec![("csrf", swj_csrf)]).await.contains("error="), "a unit cannot open a case");
    let opened = post(&jw, open_case.clone(), vec![("csrf", csrf.clone())]).await;
    assert!(opened.contains("ok="), "{opened}");
    assert!(post(&jw, open_case, vec![("csrf", csrf.clone())]).await.contains("error="), "only once");
    let cases = portal.complaints.queue(&jw_user, &QueueFilter { question: Some(2), ..Default::default() }).await.unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].channel, "巡察发现");
    assert_eq!(cases[0].subject_unit, support::COMMERCE);
    let linked = portal.supervision.inspections.problems(None, &texts).await.unwrap();
    assert_eq!(linked[0].case_number.as_deref(), Some(cases[0].case_number.as_str()));
}
