use super::*;

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn full_profile() -> Profile {
    Profile {
        industry: Some("制造业".into()),
        size: Some("小型".into()),
        region: Some("黄岛街道".into()),
        qualifications: strings(&["高新技术企业"]),
        founded: Some(2020),
    }
}

#[test]
fn no_profile_means_no_verdict() {
    let c = Conditions {
        industries: strings(&["制造业"]),
        ..Default::default()
    };
    let v = evaluate(&c, true, &Profile::default(), 2026);
    assert_eq!(v.applicable, None);
    assert!(v.reasons.is_empty());
}

#[test]
fn unrestricted_policy_applies_to_everyone_with_a_profile() {
    let v = evaluate(&Conditions::default(), true, &full_profile(), 2026);
    assert_eq!(v.applicable, Some(true));
    assert_eq!(v.reasons.len(), 1);
}

#[test]
fn industry_condition() {
    let c = Conditions {
        industries: strings(&["建筑业", "金融业"]),
        ..Default::default()
    };
    let v = evaluate(&c, true, &full_profile(), 2026);
    assert_eq!(v.applicable, Some(false));
    assert_eq!(v.reasons[0].text, "仅限建筑业、金融业，您的行业为制造业");
    let c = Conditions {
        industries: strings(&["制造业"]),
        ..Default::default()
    };
    assert_eq!(
        evaluate(&c, true, &full_profile(), 2026).applicable,
        Some(true)
    );
}

#[test]
fn size_condition() {
    let c = Conditions {
        sizes: strings(&["中型", "小型", "微型"]),
        ..Default::default()
    };
    assert_eq!(
        evaluate(&c, true, &full_profile(), 2026).applicable,
        Some(true)
    );
    let big = Profile {
        size: Some("大型".into()),
        ..full_profile()
    };
    let v = evaluate(&c, true, &big, 2026);
    assert_eq!(v.applicable, Some(false));
    assert!(v.reasons[0].text.contains("仅限中型、小型、微型企业"));
}

#[test]
fn region_condition_names_the_count() {
    let c = Conditions {
        regions: strings(&["张家楼街道", "琅琊镇", "泊里镇", "大场镇", "海青镇"]),
        ..Default::default()
    };
    let v = evaluate(&c, true, &full_profile(), 2026);
    assert_eq!(v.applicable, Some(false));
    assert!(v.reasons[0].text.starts_with("仅限张家楼街道等5个镇街"));
}

#[test]
fn qualification_condition_is_any_of() {
    let c = Conditions {
        qualifications: strings(&["专精特新", "高新技术企业"]),
        ..Default::default()
    };
    let v = evaluate(&c, true, &full_profile(), 2026);
    assert_eq!(v.applicable, Some(true));
    assert_eq!(v.reasons[0].text, "具备高新技术企业资质");
    let none = Profile {
        qualifications: strings(&["无"]),
        ..full_profile()
    };
    let v = evaluate(&c, true, &none, 2026);
    assert_eq!(v.applicable, Some(false));
    assert_eq!(v.reasons[0].text, "需具备专精特新或高新技术企业资质之一");
}

#[test]
fn founding_year_conditions() {
    let young = Conditions {
        founded_within_years: Some(5),
        ..Default::default()
    };
    let old = Conditions {
        founded_at_least_years: Some(10),
        ..Default::default()
    };
    let recent = Profile {
        founded: Some(2023),
        ..full_profile()
    };
    assert_eq!(evaluate(&young, true, &recent, 2026).applicable, Some(true));
    assert_eq!(
        evaluate(&young, true, &full_profile(), 2026).applicable,
        Some(false)
    );
    let v = evaluate(&old, true, &recent, 2026);
    assert_eq!(v.applicable, Some(false));
    assert!(v.reasons[0].text.contains("需成立满10年"));
}

#[test]
fn missing_profile_fields_are_unknown_not_false() {
    let c = Conditions {
        industries: strings(&["制造业"]),
        qualifications: strings(&["高新技术企业"]),
        founded_within_years: Some(3),
        ..Default::default()
    };
    let only_industry = Profile {
        industry: Some("制造业".into()),
        ..Default::default()
    };
    let v = evaluate(&c, true, &only_industry, 2026);
    assert_eq!(v.applicable, None);
    assert_eq!(
        v.reasons
            .iter()
            .filter(|r| r.outcome == Outcome::Unknown)
            .count(),
        2
    );
    assert!(v.reasons.iter().any(|r| r.text.contains("未填写资质")));
}

#[test]
fn expired_policy_is_never_applicable() {
    let v = evaluate(&Conditions::default(), false, &full_profile(), 2026);
    assert_eq!(v.applicable, Some(false));
    assert!(v.reasons[0].text.contains("已失效"));
}
