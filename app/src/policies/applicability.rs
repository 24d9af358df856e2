//! Which policies apply to an enterprise, and why: a plain function over plain types.

use crate::policies::model::{Conditions, Outcome, Profile, Reason, Verdict};

/// "张家楼街道" / "黄岛街道、辛安街道" / "张家楼街道等5个镇街"
fn short_list(items: &[String], noun: &str) -> String {
    if items.len() <= 3 {
        items.join("、")
    } else {
        format!("{}等{}个{}", items[0], items.len(), noun)
    }
}

fn reason(outcome: Outcome, text: String) -> Reason {
    Reason { outcome, text }
}

fn check_one_of(
    allowed: &[String],
    given: Option<&str>,
    noun: &str,
    missing: &str,
) -> Option<Reason> {
    if allowed.is_empty() {
        return None;
    }
    let list = short_list(allowed, noun);
    Some(match given {
        None => reason(Outcome::Unknown, format!("仅限{list}（{missing}）")),
        Some(value) if allowed.iter().any(|a| a == value) => {
            reason(Outcome::Met, format!("{noun}符合：{value}"))
        }
        Some(value) => reason(Outcome::NotMet, format!("仅限{list}，您的{noun}为{value}")),
    })
}

/// Evaluates `conditions` against `profile`. `current_year` turns a founding year
/// into an age. A policy no longer in force is never applicable.
pub fn evaluate(
    conditions: &Conditions,
    in_force: bool,
    profile: &Profile,
    current_year: i32,
) -> Verdict {
    if profile.is_empty() {
        return Verdict::default();
    }
    let mut reasons = Vec::new();
    if !in_force {
        reasons.push(reason(Outcome::NotMet, "该政策已失效，不再适用".to_string()));
    }
    reasons.extend(check_one_of(
        &conditions.industries,
        profile.industry.as_deref(),
        "行业",
        "未填写行业",
    ));
    if !conditions.sizes.is_empty() {
        let list = format!("{}企业", conditions.sizes.join("、"));
        reasons.push(match profile.size.as_deref() {
            None => reason(Outcome::Unknown, format!("仅限{list}（未填写规模）")),
            Some(size) if conditions.sizes.iter().any(|s| s == size) => {
                reason(Outcome::Met, format!("规模符合：{size}企业"))
            }
            Some(size) => reason(Outcome::NotMet, format!("仅限{list}，您的企业为{size}")),
        });
    }
    reasons.extend(check_one_of(
        &conditions.regions,
        profile.region.as_deref(),
        "镇街",
        "未填写所在镇街",
    ));
    if !conditions.qualifications.is_empty() {
        let wanted = if conditions.qualifications.len() == 1 {
            format!("需具备{}资质", conditions.qualifications[0])
        } else {
            format!("需具备{}资质之一", conditions.qualifications.join("或"))
        };
        let held: Vec<&String> = conditions
            .qualifications
            .iter()
            .filter(|q| profile.qualifications.contains(q))
            .collect();
        // Any declared qualification, including 无 (none), makes a miss definite.
        let declared = !profile.qualifications.is_empty();
        reasons.push(if let Some(first) = held.first() {
            reason(Outcome::Met, format!("具备{first}资质"))
        } else if declared {
            reason(Outcome::NotMet, wanted)
        } else {
            reason(Outcome::Unknown, format!("{wanted}（未填写资质）"))
        });
    }
    let age = profile.founded.map(|year| current_year - year);
    if let Some(max) = conditions.founded_within_years {
        let text = format!("需成立{max}年以内");
        reasons.push(match age {
            None => reason(Outcome::Unknown, format!("{text}（未填写成立年份）")),
            Some(age) if age >= 0 && age <= max as i32 => {
                reason(Outcome::Met, format!("成立{age}年，符合{max}年以内"))
            }
            Some(age) => reason(Outcome::NotMet, format!("{text}，您的企业已成立{age}年")),
        });
    }
    if let Some(min) = conditions.founded_at_least_years {
        let text = format!("需成立满{min}年");
        reasons.push(match age {
            None => reason(Outcome::Unknown, format!("{text}（未填写成立年份）")),
            Some(age) if age >= min as i32 => {
                reason(Outcome::Met, format!("成立{age}年，符合满{min}年"))
            }
            Some(age) => reason(Outcome::NotMet, format!("{text}，您的企业成立{age}年")),
        });
    }
    if reasons.is_empty() {
        reasons.push(reason(Outcome::Met, "无行业、规模、区域或资质限制".to_string()));
    }
    let applicable = if reasons.iter().any(|r| r.outcome == Outcome::NotMet) {
        Some(false)
    } else if reasons.iter().any(|r| r.outcome == Outcome::Unknown) {
        None
    } else {
        Some(true)
    };
    Verdict { applicable, reasons }
}

#[cfg(test)]
mod tests {
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
        let c = Conditions { industries: strings(&["制造业"]), ..Default::default() };
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
        let c = Conditions { industries: strings(&["建筑业", "金融业"]), ..Default::default() };
        let v = evaluate(&c, true, &full_profile(), 2026);
        assert_eq!(v.applicable, Some(false));
        assert_eq!(v.reasons[0].text, "仅限建筑业、金融业，您的行业为制造业");
        let c = Conditions { industries: strings(&["制造业"]), ..Default::default() };
        assert_eq!(evaluate(&c, true, &full_profile(), 2026).applicable, Some(true));
    }

    #[test]
    fn size_condition() {
        let c = Conditions { sizes: strings(&["中型", "小型", "微型"]), ..Default::default() };
        assert_eq!(evaluate(&c, true, &full_profile(), 2026).applicable, Some(true));
        let big = Profile { size: Some("大型".into()), ..full_profile() };
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
        let none = Profile { qualifications: strings(&["无"]), ..full_profile() };
        let v = evaluate(&c, true, &none, 2026);
        assert_eq!(v.applicable, Some(false));
        assert_eq!(v.reasons[0].text, "需具备专精特新或高新技术企业资质之一");
    }

    #[test]
    fn founding_year_conditions() {
        let young = Conditions { founded_within_years: Some(5), ..Default::default() };
        let old = Conditions { founded_at_least_years: Some(10), ..Default::default() };
        let recent = Profile { founded: Some(2023), ..full_profile() };
        assert_eq!(evaluate(&young, true, &recent, 2026).applicable, Some(true));
        assert_eq!(evaluate(&young, true, &full_profile(), 2026).applicable, Some(false));
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
        let only_industry = Profile { industry: Some("制造业".into()), ..Default::default() };
        let v = evaluate(&c, true, &only_industry, 2026);
        assert_eq!(v.applicable, None);
        assert_eq!(v.reasons.iter().filter(|r| r.outcome == Outcome::Unknown).count(), 2);
        assert!(v.reasons.iter().any(|r| r.text.contains("未填写资质")));
    }

    #[test]
    fn expired_policy_is_never_applicable() {
        let v = evaluate(&Conditions::default(), false, &full_profile(), 2026);
        assert_eq!(v.applicable, Some(false));
        assert!(v.reasons[0].text.contains("已失效"));
    }
}
