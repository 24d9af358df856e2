//! The checklist: 1 to 100 without gaps or repeats in five areas, all or nothing; the
//! public page and its 我要反映 links; tips and cases tagged by question, and the
//! commission's queue filtered and counted by question and area.

use app::complaints::model::{NewTip, QueueFilter, Role};
use app::supervision::backend::SupervisionBackend;
use app::supervision::model::AREAS;
use qingdan::platform::sheet::{read_csv, ImportError};
use qingdan::supervision::import::validate;

use crate::common::{self, TestDb};
use crate::support::{self, PASSWORD};

on_both_engines!(checklist_rules_pages_and_tagged_cases);

fn sheet(rows: &[(String, &str, String)]) -> Vec<u8> {
    let mut text = String::from("序号,监督领域,监督内容\n");
    for (n, area, q) in rows {
        text.push_str(&format!("{n},{area},{q}\n"));
    }
    text.into_bytes()
}

fn full() -> Vec<(String, &'static str, String)> {
    (1..=100).map(|n| (n.to_string(), ["政策落实", "行政审批", "执法司法", "市场监管", "政商交往"][(n - 1) / 20], format!("是否做到第{n}项要求？"))).collect()
}

fn problems(bytes: &[u8]) -> String {
    match validate(&read_csv(bytes).unwrap()) {
        Ok(_) => String::new(),
        Err(ImportError::File(m)) => m,
        Err(ImportError::Rows(rows)) => rows.iter().map(|r| r.to_string()).collect::<Vec<_>>().join("\n"),
    }
}

async fn checklist_rules_pages_and_tagged_cases(db: &TestDb) {
    // Numbering: 1–100, no gaps, no repeats, one of the five areas.
    assert_eq!(validate(&read_csv(&sheet(&full())).unwrap()).unwrap().len(), 100);
    let mut gap = full();
    gap.remove(56);
    assert!(problems(&sheet(&gap)).contains("57"), "a missing number is named: {}", problems(&sheet(&gap)));
    let mut repeat = full();
    repeat[10].0 = "10".into();
    let text = problems(&sheet(&repeat));
    assert!(text.contains("第 12 行") && text.contains("重复") && text.contains("11"), "a repeat names its row and the missing number: {text}");
    let mut out_of_range = full();
    out_of_range[99].0 = "101".into();
    assert!(problems(&sheet(&out_of_range)).contains("1 到 100"));
    let mut bad_area = full();
    bad_area[3].1 = "营商环境";
    let text = problems(&sheet(&bad_area));
    assert!(text.contains("第 5 行「监督领域」列"), "{text}");

    let portal = db.portal(true).await;
    let supervision = &portal.supervision;
    let checklist = supervision.checklist().await.unwrap();
    assert_eq!(checklist.areas.len(), 5);
    assert!(checklist.areas.iter().all(|a| a.questions.len() == 20), "the samples hold 20 questions per area");
    assert_eq!(checklist.areas.iter().flat_map(|a| &a.questions).map(|q| q.number).collect::<Vec<_>>(), (1..=100).collect::<Vec<_>>());

    // A bad file writes nothing; a good one updates by number.
    let before = supervision.questions.question(3).await.unwrap().unwrap();
    assert!(validate(&read_csv(&sheet(&bad_area)).unwrap()).is_err());
    let mut changed = full();
    for (i, row) in changed.iter_mut().enumerate() {
        row.2 = checklist.areas[i / 20].questions[i % 20].question.clone();
        row.1 = ["政策落实", "行政审批", "执法司法", "市场监管", "政商交往"][i / 20];
    }
    changed[2].2 = "是否在受理当日告知企业全部申报材料？".into();
    let rows = validate(&read_csv(&sheet(&changed)).unwrap()).unwrap();
    let summary = supervision.questions.import(&rows).await.unwrap();
    assert_eq!((summary.inserted, summary.updated, summary.unchanged), (0, 1, 99));
    let after = supervision.questions.question(3).await.unwrap().unwrap();
    assert_ne!(before.question, after.question);
    assert_eq!(after.question, "是否在受理当日告知企业全部申报材料？");

    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;

    // The public page and the JSON API.
    let page = common::get(addr, "/supervision").await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("示例数据"), "marked as samples");
    assert!(html.contains(&common::html_escape(&after.question)));
    assert!(html.contains("/report?question=42"));
    for measure in app::supervision::model::MEASURES {
        assert!(html.contains(&common::html_escape(measure)), "the ten measures are listed: {measure}");
    }
    let json = common::get(addr, "/api/v1/supervision").await.json();
    assert_eq!(json["areas"].as_array().unwrap().len(), 5);
    assert_eq!(json["areas"][1]["area"], AREAS[1]);

    // 我要反映 from question 42 fills the form; the tip carries the question and its area.
    let q42 = supervision.questions.question(42).await.unwrap().unwrap();
    let form = common::get(addr, "/report?question=42").await.text();
    assert!(form.contains(&common::html_escape(&q42.question)), "the question is shown on the form");
    assert_eq!(support::hidden_input(&form, "question").as_deref(), Some("42"));
    let tip = NewTip { question: "42".into(), ..support::named_tip("对照监督清单第42条，执法人员多次重复检查同一事项，影响经营") };
    let tagged = portal.complaints.submit(tip, vec![], "online", None, "198.51.100.7").await.unwrap();
    let untagged = portal.complaints.submit(support::named_tip("区某局对企业申请长期不予答复，也不说明理由"), vec![], "online", None, "198.51.100.7").await.unwrap();
    let bad = NewTip { question: "101".into(), ..support::named_tip("对照监督清单第101条，问题描述足够长") };
    assert!(portal.complaints.submit(bad, vec![], "online", None, "198.51.100.7").await.is_err(), "no such question");

    let jw = support::user(&portal, "jw", Role::Commission, None, None).await;
    support::user(&portal, "swj", Role::Unit, Some(support::COMMERCE), None).await;
    let by_question = portal.complaints.queue(&jw, &QueueFilter { question: Some(42), ..Default::default() }).await.unwrap();
    assert_eq!(by_question.iter().map(|i| i.case_number.as_str()).collect::<Vec<_>>(), vec![tagged.case_number.as_str()]);
    let by_area = portal.complaints.queue(&jw, &QueueFilter { area: Some(q42.area.clone()), ..Default::default() }).await.unwrap();
    assert_eq!(by_area.len(), 1);
    assert_eq!(by_area[0].question, Some(42));

    // The commission tags the other case with question 7: its area follows; a unit may not.
    let cookie = support::login_cookie(addr, "jw", PASSWORD, "/staff").await;
    let case_path = format!("/staff/case/{}", untagged.case_number);
    let csrf = support::hidden_input(&support::get_with_cookie(addr, &case_path, &cookie).await.text(), "csrf").unwrap();
    let action = case_path.clone();
    let refused = support::post_form(addr, &action, Some(&cookie), &[("csrf", &csrf), ("action", "tag_question"), ("question", "0")]).await;
    assert!(support::location(&refused).contains("error="), "question 0 does not exist");
    let ok = support::post_form(addr, &action, Some(&cookie), &[("csrf", &csrf), ("action", "tag_question"), ("question", "7")]).await;
    assert!(support::location(&ok).contains("ok="), "{:?}", support::location(&ok));
    let case = portal.complaints.case(&jw, &untagged.case_number).await.unwrap();
    assert_eq!(case.question, Some(7));
    assert_eq!(case.area.as_deref(), Some(AREAS[0]), "question 7 is in the first area");
    assert!(case.events.iter().any(|e| e.action == "对照监督清单" && e.note.contains("第 7 条")));

    let unit = support::login_cookie(addr, "swj", PASSWORD, "/staff").await;
    let unit_csrf = support::hidden_input(&support::get_with_cookie(addr, "/staff", &unit).await.text(), "csrf").unwrap();
    let crossed = support::post_form(addr, &action, Some(&unit), &[("csrf", &unit_csrf), ("action", "tag_question"), ("question", "8")]).await;
    assert!(crossed.status == 404 || support::location(&crossed).contains("error="), "a unit cannot tag a case it was not sent: {crossed:?}");
    assert_eq!(portal.complaints.case(&jw, &untagged.case_number).await.unwrap().question, Some(7));

    // The queue page filters and counts by area and by question.
    let queue = support::get_with_cookie(addr, &format!("/staff?area={}", common::encode(AREAS[0])), &cookie).await.text();
    assert!(queue.contains(&untagged.case_number) && !queue.contains(&tagged.case_number));
    assert!(queue.contains("第 42 条") && queue.contains("第 7 条"), "counts per question");
    assert!(queue.contains(&format!("{}</a>：1 件", AREAS[0])) || queue.contains("：1 件"), "counts per area");
    let queue = support::get_with_cookie(addr, "/staff?question=42", &cookie).await.text();
    assert!(queue.contains(&tagged.case_number) && !queue.contains(&untagged.case_number));
}
