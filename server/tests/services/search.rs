//! Service search over the 162 samples: every facet count equals the number of items
//! that filter returns, and every returned item has the value; the catalogue groups all
//! 15 life events; a bundle lists a shared material once.

use app::services::backend::ServiceBackend;
use app::services::model::{FacetValue, ServiceHit, LIFE_EVENTS};
use app::services::query::ServiceParams;

use crate::common::TestDb;

on_both_engines!(facets_count_exactly_what_they_filter, catalogue_and_bundles);

fn set(params: &mut ServiceParams, key: &str, value: &str) {
    let flag = || Some(value == "true");
    match key {
        "category" => params.category = Some(value.into()),
        "unit" => params.unit = Some(value.into()),
        "level" => params.level = Some(value.into()),
        "online" => params.online = flag(),
        "zero_visits" => params.zero_visits = flag(),
        "instant" => params.instant = flag(),
        "devolved" => params.devolved = flag(),
        _ => params.target_met = flag(),
    }
}

fn holds(hit: &ServiceHit, key: &str, value: &str) -> bool {
    let yes = value == "true";
    match key {
        "category" => hit.category == value,
        "unit" => hit.unit == value,
        "level" => hit.level == value,
        "online" => (hit.online_depth == "全程网办") == yes,
        "zero_visits" => (hit.visits == 0) == yes,
        "instant" => (hit.committed_days == 0) == yes,
        "devolved" => (hit.level == "镇街") == yes,
        _ => hit.target_met == yes,
    }
}

async fn all(portal: &qingdan::state::AppState, params: &ServiceParams) -> Vec<ServiceHit> {
    let mut out = Vec::new();
    let mut p = ServiceParams { limit: 100, offset: 0, ..params.clone() };
    loop {
        let r = portal.services.search(p.clone()).await.expect("search");
        let n = r.hits.len();
        out.extend(r.hits);
        if n < 100 {
            return out;
        }
        p.offset += 100;
    }
}

async fn facets_count_exactly_what_they_filter(db: &TestDb) {
    let portal = db.portal(true).await;
    for base in [ServiceParams::default(), ServiceParams { q: "证明".into(), ..Default::default() }, ServiceParams { online: Some(true), ..Default::default() }] {
        let r = portal.services.search(base.clone()).await.expect("search");
        let everything = all(&portal, &base).await;
        assert_eq!(everything.len() as u32, r.total, "total for {base:?}");
        let f = &r.facets;
        let groups: [(&str, &Vec<FacetValue>); 8] = [
            ("category", &f.category),
            ("unit", &f.unit),
            ("level", &f.level),
            ("online", &f.online),
            ("zero_visits", &f.zero_visits),
            ("instant", &f.instant),
            ("devolved", &f.devolved),
            ("target_met", &f.target_met),
        ];
        for (key, values) in groups {
            assert!(!values.is_empty(), "facet {key} is empty for {base:?}");
            for v in values {
                let mut narrowed = base.clone();
                set(&mut narrowed, key, &v.value);
                let hits = all(&portal, &narrowed).await;
                assert_eq!(hits.len() as u32, v.count, "{key}={} counts {} but returns {}", v.value, v.count, hits.len());
                assert!(hits.iter().all(|h| holds(h, key, &v.value)), "{key}={} returned an item without it", v.value);
                // Disjunctive: the count is what the other filters leave with this value.
                let expected = everything.iter().filter(|h| holds(h, key, &v.value)).count() as u32;
                if key != "online" || base.online.is_none() {
                    assert_eq!(v.count, expected, "{key}={} against the unfiltered hits", v.value);
                }
            }
        }
    }
    let r = portal.services.search(ServiceParams { q: "出生医学证明".into(), ..Default::default() }).await.unwrap();
    assert!(r.hits.iter().take(3).any(|h| h.name.contains("出生医学证明")), "{:?}", r.hits.iter().map(|h| &h.name).collect::<Vec<_>>());
    let r = portal.services.search(ServiceParams { q: "社保".into(), ..Default::default() }).await.unwrap();
    assert!(r.total > 0, "a two-character word is found");
    let traditional = portal.services.search(ServiceParams { q: "醫療".into(), ..Default::default() }).await.unwrap();
    let simplified = portal.services.search(ServiceParams { q: "医疗".into(), ..Default::default() }).await.unwrap();
    assert!(simplified.total > 0, "医疗 is in the sample services");
    assert_eq!(traditional.total, simplified.total, "traditional forms find the same services");
    assert!(!simplified.partial && !r.partial, "every word found: no partial notice");

    // No service holds both words: the ones holding one of them, flagged as partial.
    let both = portal.services.search(ServiceParams { q: "出生医学证明 退休审批".into(), ..Default::default() }).await.unwrap();
    assert!(both.partial && both.total > 0, "partial results are said to be partial: {}", both.total);
    let birth = portal.services.search(ServiceParams { q: "出生医学证明".into(), ..Default::default() }).await.unwrap();
    assert!(both.total >= birth.total && !birth.partial);
    // The full-width (ideographic) space and full-width punctuation separate words too.
    for q in ["出生医学证明　退休审批", "出生医学证明，退休审批"] {
        let full = portal.services.search(ServiceParams { q: q.into(), ..Default::default() }).await.unwrap();
        assert_eq!((full.total, full.partial), (both.total, true), "{q}");
    }
}

async fn catalogue_and_bundles(db: &TestDb) {
    let portal = db.portal(true).await;
    let services = &portal.services;
    let catalogue = services.catalogue().await.expect("catalogue");
    assert_eq!(catalogue.total, 162);
    assert_eq!(catalogue.events.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), LIFE_EVENTS);
    assert_eq!(catalogue.events.iter().map(|e| e.count).sum::<u32>(), 162);
    for e in &catalogue.events {
        assert!(!e.top.is_empty() && e.top.iter().all(|s| s.category == e.name));
        assert!(e.top.windows(2).all(|w| w[0].code != w[1].code));
    }
    assert!(catalogue.bundles.len() >= 10);

    let birth = services.bundle("YJS-01").await.expect("the newborn bundle");
    assert_eq!(birth.lead_unit, "区卫生健康局");
    assert!(birth.members.len() >= 4);
    assert!(birth.partner_units.contains(&"区公安分局".to_string()), "{:?}", birth.partner_units);
    assert!(!birth.partner_units.contains(&birth.lead_unit));
    // Every member's materials are in the combined list, each document once.
    let mut names: Vec<&str> = birth.materials.iter().map(|m| m.name.as_str()).collect();
    let listed = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), listed, "a material is listed twice");
    let mut member_total = 0;
    for m in &birth.members {
        let detail = services.service(&m.code).await.unwrap();
        member_total += detail.materials.len();
        for material in &detail.materials {
            let merged = birth.materials.iter().find(|b| b.name.replace(' ', "") == material.name.replace(' ', "")).unwrap_or_else(|| panic!("{} missing", material.name));
            assert!(merged.copies >= material.copies);
            assert!(merged.services.contains(&detail.name));
        }
        assert!(detail.bundles.iter().any(|b| b.code == "YJS-01"));
    }
    assert!(listed < member_total, "shared materials were folded ({listed} of {member_total})");
    let shared = birth.materials.iter().find(|m| m.name == "出生医学证明").expect("出生医学证明 is shared");
    assert!(shared.services.len() >= 2);
    assert!(services.bundle("NO-SUCH").await.is_err());
}
