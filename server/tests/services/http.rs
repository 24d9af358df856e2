//! Services over HTTP: the JSON API, the pages without JavaScript, the rating form and
//! the rectification it opens, and the tip form filled from a service.

use qingdan::platform::calendar;
use qingdan::platform::clock;

use crate::common::{self, TestDb};

on_both_engines!(api_pages_and_ratings);

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    pairs.iter().map(|(k, v)| format!("{}={}", common::encode(k), common::encode(v))).collect::<Vec<_>>().join("&").into_bytes()
}

async fn api_pages_and_ratings(db: &TestDb) {
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;

    // JSON API.
    let r = common::get(addr, &format!("/api/v1/services?category={}&limit=5", common::encode("入学"))).await;
    assert_eq!(r.status, 200, "{r:?}");
    let body = r.json();
    assert_eq!(body["total"], 11);
    assert_eq!(body["hits"].as_array().unwrap().len(), 5);
    assert!(body["facets"]["category"].as_array().unwrap().iter().any(|v| v["value"] == "入学"));
    let r = common::get(addr, "/api/v1/services/MS01001").await;
    assert_eq!(r.status, 200);
    let detail = r.json();
    assert_eq!(detail["name"], "出生医学证明首次签发");
    assert!(detail["materials"].as_array().unwrap().len() >= 2);
    assert!(detail["targets"]["benchmark"].as_str().is_some_and(|b| !b.is_empty()));
    let r = common::get(addr, "/api/v1/services/NO-SUCH").await;
    assert_eq!(r.status, 404);
    r.assert_json_error_body("unknown service");
    let r = common::get(addr, "/api/v1/services?online=maybe").await;
    assert_eq!(r.status, 400);
    r.assert_json_error_body("bad flag");
    let r = common::get(addr, "/api/v1/services?limit=1000").await;
    assert_eq!(r.status, 400);

    // Pages, as a browser without JavaScript gets them.
    let html = common::get(addr, "/services").await.text();
    for event in app::services::model::LIFE_EVENTS {
        assert!(html.contains(event), "{event} missing from the catalogue");
    }
    assert!(html.contains("“一件事”集成服务") && html.contains("示例数据"));
    let html = common::get(addr, &format!("/services?q={}&online=true", common::encode("证明"))).await.text();
    assert!(html.contains("id=\"facets\"") && html.contains("全程网办"));
    let html = common::get(addr, "/service/MS01001").await.text();
    for element in ["申请材料", "承诺时限", "办理地点", "咨询电话", "收费标准", "设定依据", "2019 年基准", "此事项办不成？我要反映", "tel:"] {
        assert!(html.contains(element), "the guide lacks {element}");
    }
    let html = common::get(addr, "/bundle/YJS-01").await.text();
    assert!(html.contains("新生儿出生“一件事”") && html.contains("牵头单位") && html.contains("bundle-materials"));
    let html = common::get(addr, &format!("/unit/{}", common::encode("区卫生健康局"))).await.text();
    assert!(html.contains("办理的服务事项") && html.contains("tel:"), "the unit page lists its services and phones");
    // Every unit the samples name has its own address, hours and phone, services or not.
    let directory = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/samples/units.csv")).unwrap();
    for line in directory.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let html = common::get(addr, &format!("/unit/{}", common::encode(cells[0]))).await.text();
        let tel = format!("href=\"tel:{}\"", cells[3].replace(['-', ' '], ""));
        assert!(html.contains(cells[1]) && html.contains(&common::html_escape(cells[2])) && html.contains(&tel), "{} lacks its contact", cells[0]);
    }
    let html = common::get(addr, &format!("/unit/{}", common::encode("区财政局"))).await.text();
    assert!(html.contains("id=\"issued\"") && html.contains("id=\"executed\"") && html.contains("id=\"unit-contact\""));
    let html = common::get(addr, "/").await.text();
    assert!(html.contains("id=\"card-services\"") && html.contains("162 项服务"), "the home card counts the services");
    for (card, count) in [("card-policies", "354 条政策"), ("card-tasks", "294 项任务"), ("card-supervision", "100 个是否"), ("card-measures", "10 项措施")] {
        let at = html.find(&format!("id=\"{card}\"")).unwrap_or_else(|| panic!("no {card} on the home page"));
        let near: String = html[at..].chars().take(120).collect::<String>().replace("<!>", "").replace("<!---->", "");
        assert!(near.contains(count), "{card} shows {count}: {near}");
    }
    assert!(html.contains("搜索政策和办事服务"), "the one search box says what it searches");

    // One search box: a policy search also shows the services with those words, typed,
    // with a way to narrow to them; a service search points to the policies.
    let html = common::get(addr, &format!("/search?q={}", common::encode("出生医学证明"))).await.text();
    assert!(html.contains("id=\"also-services\"") && html.contains("/service/MS01001"), "the policy search shows services too");
    assert!(html.contains(&format!("/services?q={}", app::url::percent_encode("出生医学证明"))), "and narrows to them");
    assert!(html.contains("id=\"result-kinds\"") && html.contains("only=policy"), "and narrows to policies");
    let narrowed = common::get(addr, &format!("/search?q={}&only=policy", common::encode("出生医学证明"))).await.text();
    assert!(narrowed.contains("id=\"result-kinds\"") && !narrowed.contains("id=\"also-services\""), "policies only");
    let html = common::get(addr, &format!("/search?q={}", common::encode("补贴"))).await.text();
    assert!(html.contains("tag-kind\">政策<"), "policy results are typed");
    let html = common::get(addr, &format!("/search?q={}", common::encode("高新技术企业"))).await.text();
    assert!(!html.contains("id=\"also-services\""), "no services box without service hits");
    let html = common::get(addr, &format!("/services?q={}", common::encode("补贴"))).await.text();
    assert!(html.contains("id=\"also-policies\""), "the service search points to matching policies");

    // A satisfied rating opens nothing; a poor one opens a rectification in the
    // delivering unit's queue, due in 15 working days on the official calendar.
    let rate = |grade: &'static str, comment: &'static str| async move {
        let headers = [("Content-Type", "application/x-www-form-urlencoded".to_string())];
        common::request(addr, "POST", "/service/MS01001/rate", &headers, form(&[("grade", grade), ("comment", comment)])).await
    };
    let r = rate("满意", "").await;
    assert_eq!(r.status, 303);
    assert!(r.header("location").unwrap().contains("ok="), "{r:?}");
    let unit = "区卫生健康局";
    assert!(portal.services.ratings.queue(Some(unit)).await.unwrap().is_empty());
    let r = rate("非常不满意", "跑了三次还没办成").await;
    assert_eq!(r.status, 303);
    let queue = portal.services.ratings.queue(Some(unit)).await.unwrap();
    assert_eq!(queue.len(), 1);
    let due = calendar::add_working_days_str(&clock::today(), 15);
    assert_eq!(queue[0].due, due);
    assert_eq!((queue[0].service_code.as_str(), queue[0].grade.as_str(), queue[0].state.as_str()), ("MS01001", "非常不满意", "open"));
    assert!(queue[0].comment.contains("跑了三次"));
    assert!(portal.services.ratings.queue(Some("区公安分局")).await.unwrap().is_empty(), "only the delivering unit gets it");
    let r = rate("还行吧", "").await;
    assert!(r.header("location").unwrap().contains("error="), "an unknown grade is refused: {r:?}");
    let r = common::request(addr, "POST", "/service/NO-SUCH/rate", &[("Content-Type", "application/x-www-form-urlencoded".into())], form(&[("grade", "满意")])).await;
    assert!(r.header("location").unwrap().contains("error="));
    let big = vec![b'a'; 64 * 1024];
    let r = common::request(addr, "POST", "/service/MS01001/rate", &[("Content-Type", "application/x-www-form-urlencoded".into())], big).await;
    assert_eq!(r.status, 413, "an oversized rating is refused before it is read");
    assert_eq!(portal.services.ratings.queue(Some(unit)).await.unwrap().len(), 1);

    // "此事项办不成": the tip form comes filled with the service and its unit.
    let html = common::get(addr, "/report?service=MS01001").await.text();
    assert!(html.contains("id=\"service-notice\"") && html.contains("办理「出生医学证明首次签发」（事项编码 MS01001）时办不成"), "the tip form names the service");
    // Sent as the form comes, it reaches the commission's queue like any tip.
    let start = html.find("<textarea id=\"description\"").expect("the description field");
    let open = start + html[start..].find('>').unwrap() + 1;
    let prefilled = html[open..open + html[open..].find("</textarea>").unwrap()].replace("&amp;", "&");
    assert!(prefilled.contains("MS01001"), "{prefilled}");
    let description = format!("{prefilled}窗口说系统升级，三次都没办成。");
    let fields = [("kind", "policy_not_honoured"), ("description", description.as_str()), ("anonymous", "true"), ("pledge", "yes")];
    let r = crate::support::post_multipart(addr, "/report", crate::support::multipart(&fields, &[])).await;
    assert_eq!(r.status, 303, "{r:?}");
    assert!(crate::support::location(&r).starts_with("/report/receipt"), "{}", crate::support::location(&r));
    let staff = crate::support::staff(&portal).await;
    let queue = portal.complaints.queue(&staff.commission, &Default::default()).await.unwrap();
    assert_eq!(queue.len(), 1, "the tip is in the commission's queue");
    assert_eq!(queue[0].state, app::complaints::model::State::Submitted);
    let case = portal.complaints.case(&staff.commission, &queue[0].case_number).await.unwrap();
    assert!(case.description.contains("MS01001") && case.description.contains("三次都没办成"), "{}", case.description);
}
