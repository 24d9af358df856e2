//! A unit with 3 cases is never named with its count: it folds into the last row, shown as
//! "<5", and the smallest named unit is hidden too, or the total would give the 3 away;
//! only months that have ended count; no description, case number or identity is ever
//! published.

use app::complaints::model::{Action, NewTip, Role};

use qingdan::complaints::figures::OTHER_UNITS;

use crate::common::{self, TestDb};
use crate::support::{self, COMMERCE, FINANCE};

const TRANSPORT: &str = "区交通运输局";

on_both_engines!(small_cells_are_suppressed_everywhere);

async fn small_cells_are_suppressed_everywhere(db: &TestDb) {
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let jw = support::user(&portal, "jw", Role::Commission, None, None).await;
    let mut numbers = Vec::new();
    let plan = [(COMMERCE, 3), (FINANCE, 7), (TRANSPORT, 8)];
    let mut i = 0;
    for (unit, n) in plan {
        for _ in 0..n {
            i += 1;
            let tip = NewTip { subject_unit: unit.into(), ..support::named_tip(&format!("第{i}件：该单位拖延兑现研发补助，独特描述{i}号")) };
            let receipt = portal.complaints.submit(tip, vec![], "online", None, &format!("198.51.100.{i}")).await.expect("tip filed");
            numbers.push((unit, receipt.case_number));
        }
    }
    // The commission accepts the 区财政局 cases.
    for (_, number) in numbers.iter().filter(|(u, _)| *u == FINANCE) {
        portal.complaints.act(&jw, number, Action::Accept).await.expect("accepted");
    }
    // This month is not over, so it is not counted yet: not even in the range up to today.
    let (y, m) = app::dashboard::model::previous_month(app::dashboard::model::parse_month(&common::today()[..7]).unwrap());
    let last = format!("{y:04}-{m:02}");
    let now = common::get(addr, &format!("/api/v1/dashboard?from={last}&to={last}")).await.json();
    assert_eq!(now["tips"]["received"], "<5", "{now}");
    // Filed and accepted on the 15th of last month, as far as the figures can tell (the
    // default range is another range, not kept from the request above).
    sqlx::query(&format!("UPDATE complaints SET submitted_at = '{last}-15 09:00:00'")).execute(&portal.db.pool).await.unwrap();
    sqlx::query(&format!("UPDATE complaint_events SET at = '{last}-15 10:00:00'")).execute(&portal.db.pool).await.unwrap();

    let json = common::get(addr, "/api/v1/dashboard").await;
    assert_eq!(json.status, 200, "{}", json.text());
    let d = json.json();
    let tips = &d["tips"];
    assert_eq!(tips["received"], 18);
    assert_eq!(tips["accepted"], 7);
    assert_eq!(tips["closed"], "<5");
    let unit = |name: &str| tips["by_unit"].as_array().unwrap().iter().find(|r| r["label"] == name).map(|r| r["count"].clone());
    assert_eq!(unit(COMMERCE), None, "a unit with 3 cases is not named");
    assert_eq!(unit(OTHER_UNITS), Some("<5".into()), "its 3 are in the last row");
    assert_eq!(unit(FINANCE), Some("<5".into()), "the smallest named unit, or 3 = 18 − 7 − 8");
    assert_eq!(unit(TRANSPORT), Some(8.into()));
    // Every decision came on the day of filing, within 15 working days.
    let accept = &tips["limits"][0];
    assert_eq!(accept["due"], 7);
    assert_eq!(accept["met"], 7);
    assert_eq!(accept["missed"], "<5");
    assert_eq!(accept["percent"], 100);
    assert_eq!(tips["durations"][0]["median_days"], 0.0);
    assert!(tips["durations"][0].get("cases").is_none(), "how many reached a step is not published");
    assert!(d["tasks_by_area"].as_array().is_some_and(|a| !a.is_empty()), "the sample ledger");
    assert!(d["services_total"].as_u64().is_some_and(|n| n > 0), "the sample services");

    let page = common::get(addr, "/dashboard").await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<svg"), "charts drawn by the server");
    let by_unit = &html[html.find("id=\"by-unit\"").expect("the unit chart")..];
    let by_unit = &by_unit[..by_unit.find("</figure>").expect("its end")];
    assert!(!by_unit.contains(COMMERCE), "a unit with 3 cases is not named in the chart or its table");
    for (unit, shown) in [(OTHER_UNITS, "&lt;5"), (FINANCE, "&lt;5"), (TRANSPORT, "8")] {
        assert_eq!(table_cell(&html, "by-unit", unit), shown, "{unit} in the table beside the chart");
    }

    let csv = common::get(addr, "/dashboard.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let text = csv.text();
    assert!(!text.contains(&format!("按涉及单位,{COMMERCE},")), "{text}");
    assert!(text.contains(&format!("按涉及单位,{OTHER_UNITS},件数,<5")), "{text}");
    assert!(text.contains(&format!("按涉及单位,{FINANCE},件数,<5")));
    assert!(text.contains(&format!("按涉及单位,{TRANSPORT},件数,8")));
    let tip_groups = ["问题线索", "按月份", "按问题类别", "按来源渠道", "按涉及单位", "举报人评价", "办理用时", "按期办理", "异议"];
    let mut counted = 0;
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if tip_groups.contains(&cells[0]) && ["件数", "应办件数", "按期件数", "逾期件数"].contains(&cells[2]) {
            counted += 1;
            assert!(cells[3] == "<5" || cells[3].parse::<u32>().is_ok_and(|n| n >= 5), "a count of tips below five published: {line}");
        }
    }
    assert!(counted > 20, "every tip count checked ({counted})");

    // Nothing of a single case, in any of the three.
    for body in [json.text(), html, text] {
        for (_, number) in &numbers {
            assert!(!body.contains(number.as_str()), "case number {number} published");
        }
        assert!(!body.contains("独特描述"), "a description published");
        assert!(!body.contains(support::NAME) && !body.contains(support::PHONE), "an identity published");
    }

    // A range of whole months only; nonsense is a clear 400.
    let bad = common::get(addr, "/api/v1/dashboard?from=2026-13").await;
    assert_eq!(bad.status, 400);
    bad.assert_json_error_body("a month that does not exist");
    let this_month = common::get(addr, &format!("/api/v1/dashboard?to={}", &common::today()[..7])).await;
    assert_eq!(this_month.status, 400, "a month that has not ended");
    let backwards = common::get(addr, "/dashboard?from=2026-10&to=2026-09").await;
    assert_eq!(backwards.status, 400);
    assert!(backwards.text().contains("起始月份晚于结束月份"));
    let far = common::get(addr, &format!("/api/v1/dashboard?from={}-01&to={}-12", common::year() - 10, common::year() - 10)).await;
    assert_eq!(far.status, 200);
    assert_eq!(far.json()["tips"]["received"], "<5", "nothing filed then");
}

/// The text of the first number cell of `label`'s row in the table of figure `id`.
fn table_cell(html: &str, id: &str, label: &str) -> String {
    let figure = &html[html.find(&format!("id=\"{id}\"")).expect("the figure")..];
    let table = &figure[figure.find("<table").expect("its table")..];
    let table = &table[..table.find("</table>").expect("the table ends")];
    let row = &table[table.find(&format!(">{label}<")).unwrap_or_else(|| panic!("{label} in {id}"))..];
    let cell = &row[row.find("<td>").expect("a number cell") + 4..];
    let cell = &cell[..cell.find("</td>").expect("the cell ends")];
    cell.replace("<!>", "").replace("<!---->", "").trim().to_string()
}
