use app::complaints::model::Role;
use app::tasks::backend::TaskBackend;
use app::tasks::model::{Colour, AREAS};
use app::tasks::query::TaskParams;
use qingdan::platform::sheet::{read_csv, ImportError};

use crate::common::{self, TestDb};
use crate::support::{self, PASSWORD};

on_both_engines!(the_sample_ledger_adds_up_and_exports_unchanged, bad_rows_are_named_and_nothing_is_written, weekly_reports_by_the_responsible_unit_only);

async fn the_sample_ledger_adds_up_and_exports_unchanged(db: &TestDb) {
    let portal = db.portal(true).await;
    let tasks = &portal.tasks;
    let r = tasks.search(TaskParams { limit: 1, ..Default::default() }).await.unwrap();
    assert_eq!(r.total, 294);
    assert_eq!(r.facets.area.len(), 17, "every area has tasks");
    assert_eq!(r.facets.area.iter().map(|v| v.value.as_str()).collect::<Vec<_>>(), AREAS, "areas in the list's order");
    assert_eq!(r.facets.area.iter().map(|v| v.count).sum::<u32>(), 294, "area counts add up to 294");
    assert_eq!(r.facets.source.len(), 5);
    assert_eq!(r.facets.source.iter().map(|v| v.count).sum::<u32>(), 294);
    for v in &r.facets.area {
        let narrowed = tasks.search(TaskParams { area: Some(v.value.clone()), limit: 100, ..Default::default() }).await.unwrap();
        assert_eq!(narrowed.total, v.count);
        assert!(narrowed.hits.iter().all(|h| h.area == v.value));
    }
    let overview = tasks.overview().await.unwrap();
    assert_eq!(overview.total, 294);
    assert_eq!(overview.by_area.len(), 17);
    assert_eq!(overview.by_area.iter().map(|p| p.tasks).sum::<u32>(), 294);
    assert!(overview.by_unit.iter().all(|p| p.percent == 0 && p.red == 0), "a ledger started today is on time");
    let hit = &tasks.search(TaskParams::default()).await.unwrap().hits[0];
    assert_eq!(hit.colour, Some(Colour::Green));
    let found = tasks.search(TaskParams { q: "不动产登记".into(), ..Default::default() }).await.unwrap();
    assert!(found.total > 0 && found.hits.iter().any(|h| h.area == "不动产登记"));

    // The export is the import format: importing it changes nothing.
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let csv = common::get(addr, "/api/v1/tasks/export.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let sheet = read_csv(&csv.body).expect("the export reads as a list");
    assert_eq!(sheet.rows.len(), 294);
    let summary = tasks.import_sheet(&sheet).await.expect("the export re-imports");
    assert_eq!((summary.inserted, summary.updated, summary.unchanged), (0, 0, 294));
    let json = common::get(addr, "/api/v1/tasks/export.json").await;
    let sheet = qingdan::platform::sheet::read_upload("tasks.json", &json.body).expect("the JSON export reads as a list");
    let summary = tasks.import_sheet(&sheet).await.expect("the JSON export re-imports");
    assert_eq!((summary.inserted, summary.updated, summary.unchanged), (0, 0, 294), "the JSON export re-imports unchanged");
    let json = json.json();
    assert_eq!(json.as_array().unwrap().len(), 294);
    assert_eq!(json[0]["任务编号"], "GG01001");
    // A JSON row with an object where text belongs, or not an object: named, nothing written.
    let bad = r#"[{"任务编号": "GG01001", "任务内容": {"x": 1}}, 7]"#.as_bytes();
    match qingdan::platform::sheet::read_upload("tasks.json", bad) {
        Err(ImportError::Rows(rows)) => {
            let text: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
            assert!(text.iter().any(|t| t.contains("第 2 行「任务内容」列")) && text.iter().any(|t| t.contains("第 3 行")), "{text:?}");
        }
        other => panic!("a malformed JSON row is refused: {:?}", other.map(|s| s.rows.len())),
    }
    assert!(matches!(qingdan::platform::sheet::read_upload("tasks.json", b"[{\"a\": 1"), Err(ImportError::File(_))));

    // API and pages.
    let r = common::get(addr, &format!("/api/v1/tasks?area={}&limit=3", common::encode("工程建设项目审批"))).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["hits"].as_array().unwrap().len(), 3);
    assert_eq!(common::get(addr, "/api/v1/tasks/NO-SUCH").await.status, 404);
    assert_eq!(common::get(addr, "/api/v1/tasks?state=maybe").await.status, 400);
    let detail = common::get(addr, "/api/v1/tasks/GG02001").await.json();
    assert_eq!(detail["area"], "工程建设项目审批");
    let html = common::get(addr, "/tasks").await.text();
    assert!(html.contains("id=\"by-area\"") && html.contains("共 294 项任务") && html.contains("示例数据"));
    let html = common::get(addr, "/task/GG02001").await.text();
    for field in ["主要责任人", "分管责任人", "具体责任人", "完成时限", "每周调度"] {
        assert!(html.contains(field), "the task page lacks {field}");
    }
    assert!(common::get(addr, "/").await.text().contains("294 项任务"), "the home card counts the tasks");
}

fn csv(rows: &[[&str; 10]]) -> Vec<u8> {
    let mut out = String::from("任务编号,改革领域,任务来源,任务内容,工作目标,责任单位,主要责任人,分管责任人,具体责任人,完成时限\n");
    for r in rows {
        out.push_str(&r.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

async fn bad_rows_are_named_and_nothing_is_written(db: &TestDb) {
    let portal = db.portal(false).await;
    qingdan::platform::units::add(&portal.db, "区行政审批服务局").await.unwrap();
    let good = ["T-1", "开办企业", "本区", "推行企业开办全程网办", "0.5 个工作日", "区行政审批服务局", "甲", "乙", "丙", "2027-06-30"];
    let sheet = read_csv(&csv(&[
        good,
        ["T-2", "开办企业", "本区", "内容", "目标", "区不存在局", "甲", "乙", "丙", "2027-06-30"],
        ["T-3", "造火箭", "火星", "内容", "目标", "区行政审批服务局", "甲", "乙", "丙", "2027-06-30"],
        ["T-1", "开办企业", "本区", "内容", "目标", "区行政审批服务局", "甲", "", "丙", "2027-13-01"],
    ]))
    .unwrap();
    let Err(ImportError::File(_) | ImportError::Rows(_)) = portal.tasks.import_sheet(&sheet).await else { panic!("a bad file passed") };
    let known = qingdan::tasks::service::unit_names(&portal.db).await.unwrap();
    let Err(ImportError::Rows(errors)) = qingdan::tasks::import::validate(&sheet, &known, &|_, _| {}) else { panic!("no row errors") };
    let at = |row: usize, column: &str| errors.iter().any(|e| e.row == row && e.column == column);
    assert!(at(3, "责任单位"), "an unknown unit: {errors:?}");
    assert!(at(4, "改革领域") && at(4, "任务来源"), "an unknown area and source: {errors:?}");
    assert!(at(5, "任务编号") && at(5, "分管责任人") && at(5, "完成时限"), "duplicate, missing person, bad date: {errors:?}");
    assert!(!errors.iter().any(|e| e.row == 2), "the good row is not blamed");
    assert_eq!(portal.tasks.store.count().await.unwrap(), 0, "nothing written");
    assert!(!qingdan::platform::units::exists(&portal.db, "区不存在局").await.unwrap(), "no unit founded by a typo");
}

async fn weekly_reports_by_the_responsible_unit_only(db: &TestDb) {
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let task = portal.tasks.task("GG01001").await.unwrap();
    let unit = task.unit.clone();
    support::user(&portal, "owner", Role::Unit, Some(&unit), None).await;
    support::user(&portal, "other", Role::Unit, Some("区农业农村局"), None).await;
    support::user(&portal, "jw", Role::Commission, None, None).await;
    let owner = support::login_cookie(addr, "owner", PASSWORD, "/staff").await;
    let page = support::get_with_cookie(addr, "/staff/tasks", &owner).await.text();
    assert!(page.contains("GG01001") && page.contains("本周进展"), "the unit sees its task and the form");
    let csrf = support::hidden_input(&page, "csrf").unwrap();
    let path = "/staff/tasks/GG01001/report";
    let fields = |csrf: &str, percent: &str| -> Vec<(String, String)> {
        vec![("csrf".into(), csrf.into()), ("percent".into(), percent.into()), ("progress".into(), "已完成系统联调".into()), ("problems".into(), "".into()), ("coordination".into(), "需大数据局开放接口".into()), ("next_plan".into(), "上线试运行".into())]
    };
    let post = |cookie: Option<String>, pairs: Vec<(String, String)>| async move {
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        support::post_form(addr, path, cookie.as_deref(), &pairs).await
    };

    // Another unit, the commission, a forged token, a bad percent: refused, nothing filed.
    let other = support::login_cookie(addr, "other", PASSWORD, "/staff").await;
    let other_csrf = support::hidden_input(&support::get_with_cookie(addr, "/staff/tasks", &other).await.text(), "csrf").unwrap();
    assert!(support::location(&post(Some(other.clone()), fields(&other_csrf, "50")).await).contains("error="));
    let jw = support::login_cookie(addr, "jw", PASSWORD, "/staff").await;
    let jw_csrf = support::hidden_input(&support::get_with_cookie(addr, "/staff/rectifications", &jw).await.text(), "csrf").unwrap();
    assert!(support::location(&post(Some(jw.clone()), fields(&jw_csrf, "50")).await).contains("error="));
    assert_eq!(post(Some(owner.clone()), fields("forged", "50")).await.status, 403);
    assert!(support::location(&post(Some(owner.clone()), fields(&csrf, "120")).await).contains("error="));
    assert!(portal.tasks.task("GG01001").await.unwrap().reports.is_empty(), "a refused report was filed");

    // The owner files once this week; a second report the same week is refused. The
    // report moves the task to the top of /tasks.atom (a whole second later: stored times
    // have seconds).
    let before = common::parse_feed(common::get(addr, "/tasks.atom").await.text().as_bytes());
    assert_eq!(before["bozo"], 0, "{}", before["error"]);
    assert_eq!(before["entries"].as_array().map(Vec::len), Some(50));
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(support::location(&post(Some(owner.clone()), fields(&csrf, "40")).await).contains("ok="));
    let after = common::parse_feed(common::get(addr, "/tasks.atom").await.text().as_bytes());
    assert_eq!(after["bozo"], 0, "{}", after["error"]);
    assert_eq!(after["entries"][0]["id"], "tag:qingdan,2026:task/GG01001", "the reported task comes first");
    assert!(after["entries"][0]["summary"].as_str().unwrap().contains("进度：40%"));
    assert!(after["entries"][0]["updated"].as_str() > before["entries"][0]["updated"].as_str());
    let task = portal.tasks.task("GG01001").await.unwrap();
    assert_eq!((task.percent, task.reports.len()), (40, 1));
    assert_eq!(task.reports[0].coordination, "需大数据局开放接口");
    assert!(support::location(&post(Some(owner.clone()), fields(&csrf, "60")).await).contains("error="));
    assert_eq!(portal.tasks.task("GG01001").await.unwrap().percent, 40, "reports are never edited");
    let hit = portal.tasks.search(TaskParams { q: "GG01001".into(), ..Default::default() }).await.unwrap();
    assert!(hit.hits.iter().any(|h| h.code == "GG01001" && h.percent == 40), "the index follows the report");
    let html = common::get(addr, "/task/GG01001").await.text();
    assert!(html.contains("已完成系统联调") && html.contains("40%"), "the public timeline shows the report");
    let page = support::get_with_cookie(addr, "/staff/tasks", &owner).await.text();
    assert!(page.contains("本周已报送"));

    // The weekly sheet groups the week's reports by area; open tasks without one say 未报送.
    let week = app::tasks::model::week_of(&common::today());
    let sheet = portal.tasks.weekly_sheet(common::today()).await.unwrap();
    assert_eq!(sheet.week, week, "any day names its week");
    assert_eq!((sheet.reported, sheet.missing), (1, 293));
    let area = sheet.areas.iter().find(|a| a.rows.iter().any(|r| r.code == "GG01001")).unwrap();
    assert_eq!(area.area, task.area);
    let row = area.rows.iter().find(|r| r.code == "GG01001").unwrap();
    assert_eq!(row.report.as_ref().map(|r| r.progress.as_str()), Some("已完成系统联调"));
    assert!(sheet.areas.iter().all(|a| a.rows.iter().all(|r| r.code == "GG01001" || r.report.is_none())));
    assert_eq!(sheet.areas.iter().map(|a| a.area.as_str()).collect::<Vec<_>>(), AREAS, "areas in the ledger's order");
    let html = common::get(addr, &format!("/tasks/weekly?week={}", common::today())).await.text();
    assert!(html.contains("已报送 1 项，未报送 293 项") && html.contains("已完成系统联调"));
    let xlsx = common::get(addr, &format!("/api/v1/tasks/weekly.xlsx?week={week}")).await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.header("content-disposition").unwrap().contains(&format!("weekly-{week}.xlsx")));
    let read = qingdan::platform::sheet::read_upload("weekly.xlsx", &xlsx.body).expect("the workbook opens");
    assert_eq!(read.header, app::tasks::model::WEEKLY_COLUMNS);
    assert_eq!(read.rows.len(), 294);
    let line = read.rows.iter().map(|(_, cells)| cells).find(|c| c[1] == "GG01001").unwrap();
    assert_eq!((line[0].as_str(), line[4].as_str(), line[5].as_str(), line[7].as_str()), (task.area.as_str(), "40%", "已完成系统联调", "需大数据局开放接口"));
    assert_eq!(read.rows.iter().filter(|(_, c)| c[4] == "未报送").count(), 293);
    assert_eq!(common::get(addr, "/api/v1/tasks/weekly.xlsx?week=soon").await.status, 400);
    // A week before the ledger started owes nothing.
    let before = portal.tasks.weekly_sheet("2020-01-06".into()).await.unwrap();
    assert_eq!((before.reported, before.missing), (0, 0));

    // Tips that name the task are counted on its page.
    let tip = app::complaints::model::NewTip { task: "GG01001".into(), ..support::named_tip("改革任务 GG01001 未落实：系统仍未上线，企业无法网办") };
    portal.complaints.submit(tip, vec![], "online", None, "198.51.100.3").await.unwrap();
    let ghost = app::complaints::model::NewTip { task: "NO-SUCH".into(), ..support::named_tip("改革任务未落实：不存在的任务编号") };
    assert!(portal.complaints.submit(ghost, vec![], "online", None, "198.51.100.3").await.is_err(), "a tip names an existing task");
    assert_eq!(portal.tasks.task("GG01001").await.unwrap().tips, 1);
    assert!(common::get(addr, "/task/GG01001").await.text().contains("已收到 1 条反映"));
    let form = common::get(addr, "/report?task=GG01001").await.text();
    assert_eq!(support::hidden_input(&form, "task").as_deref(), Some("GG01001"), "the form carries the task");
}
