use super::*;

fn measure(m: &str) -> NewMeasure {
    NewMeasure {
        measure: m.into(),
        unit: "区行政审批服务局".into(),
        basis_kind: "task".into(),
        basis_ref: "T-001".into(),
        facts: "事实".into(),
        body: "区委".into(),
        decided_on: "2026-11-01".into(),
        ..Default::default()
    }
}

#[test]
fn the_ten_measures_are_in_the_districts_words_and_order() {
    assert_eq!(MEASURES.len(), 10);
    assert_eq!(MEASURES[4], "选拔使用");
    assert_eq!(MEASURES[5], "充分运用监督执纪“第一种形态”");
    assert_eq!(MEASURES[9], NOTICE_MEASURE);
    assert!(!MEASURES.contains(&"提拔使用"));
    assert_eq!(MeasureKind::of("表彰奖励"), Some(MeasureKind::Incentive));
    assert_eq!(
        MeasureKind::of("严格问责追责"),
        Some(MeasureKind::Punishment)
    );
    assert_eq!(MeasureKind::of(TOLERANCE), Some(MeasureKind::Tolerance));
    assert_eq!(MeasureKind::of("提拔使用"), None);
}

#[test]
fn areas_are_found_by_short_name_or_label() {
    assert_eq!(area_of("政策落实"), Some(AREAS[0]));
    assert_eq!(area_of(AREAS[4]), Some(AREAS[4]));
    assert_eq!(area_of("政策"), None);
    assert_eq!(area_short(AREAS[1]), "行政审批");
}

#[test]
fn a_register_entry_needs_its_basis_and_tolerance_its_reasoning() {
    assert_eq!(measure_problem(&measure("表彰奖励")), None);
    assert!(measure_problem(&measure("提拔使用")).is_some());
    assert!(measure_problem(&NewMeasure {
        basis_ref: " ".into(),
        ..measure("严格问责追责")
    })
    .is_some());
    assert!(measure_problem(&measure(TOLERANCE)).is_some());
    let reasoned = NewMeasure {
        reasoning: "属于改革创新中的探索性失误，未谋取私利，予以免责".into(),
        ..measure(TOLERANCE)
    };
    assert_eq!(measure_problem(&reasoned), None);
    assert!(measure_problem(&NewMeasure {
        public: true,
        ..reasoned
    })
    .is_some());
}
