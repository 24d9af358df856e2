use super::*;

fn m(name: &str, copies: u32, original: bool) -> Material {
    Material {
        name: name.into(),
        copies,
        original,
    }
}

#[test]
fn a_shared_material_is_listed_once() {
    let members = vec![
        (
            "出生医学证明".to_string(),
            vec![m("父母身份证", 1, false), m("《出生医学证明》", 1, true)],
        ),
        (
            "户口登记".to_string(),
            vec![m("父母 身份证", 2, false), m("户口簿", 1, true)],
        ),
    ];
    let merged = combined_materials(&members);
    assert_eq!(
        merged.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["父母身份证", "《出生医学证明》", "户口簿"]
    );
    assert_eq!(merged[0].copies, 2);
    assert_eq!(merged[0].services, ["出生医学证明", "户口登记"]);
}

#[test]
fn targets_are_checked_measure_by_measure() {
    let goal = Measures {
        committed_days: Some(3),
        visits: Some(0),
        online_depth: Some("全程网办".into()),
        level: Some("镇街".into()),
        materials: None,
    };
    let mut now = Measures {
        committed_days: Some(3),
        materials: Some(4),
        visits: Some(0),
        online_depth: Some("全程网办".into()),
        level: Some("镇街".into()),
    };
    assert!(target_met(&now, &goal));
    now.online_depth = Some("网上预审".into());
    assert!(!target_met(&now, &goal));
    now.online_depth = Some("全程网办".into());
    now.level = Some("区级".into());
    assert!(!target_met(&now, &goal));
    let t = Targets {
        baseline: Measures {
            committed_days: Some(5),
            visits: Some(1),
            ..Default::default()
        },
        target: Measures {
            committed_days: Some(7),
            visits: Some(0),
            ..Default::default()
        },
        benchmark: String::new(),
    };
    assert_eq!(worse_than_baseline(&t), ["承诺时限"]);
}
