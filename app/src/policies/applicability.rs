//! Which policies apply to an enterprise, and why: a plain function over plain types.

use crate::lang::{td_string, Locale};
use crate::policies::model::{Check, Conditions, Field, Outcome, Profile, Reason, Verdict};

/// Lists longer than this are named by their first item and their length.
pub const SHORT_LIST: usize = 3;

fn reason(outcome: Outcome, check: Check) -> Reason {
    Reason { outcome, text: chinese(outcome, &check), check }
}

/// A reason's Chinese wording (the JSON API's); the pages word `check` themselves.
fn chinese(outcome: Outcome, check: &Check) -> String {
    let l = Locale::zh_CN;
    let sep = td_string!(l, policies.list_sep);
    // "张家楼街道" / "黄岛街道、辛安街道" / "张家楼街道等5个镇街"
    let short = |items: &[String], field: Field| match field {
        _ if items.len() <= SHORT_LIST => items.join(sep),
        Field::Region => td_string!(l, policies.reason_regions_many, first = &items[0], count = items.len()),
        _ => td_string!(l, policies.reason_industries_many, first = &items[0], count = items.len()),
    };
    let given = |v: &Option<String>| v.clone().unwrap_or_default();
    match check {
        Check::Expired => td_string!(l, policies.reason_expired).to_string(),
        Check::Unrestricted => td_string!(l, policies.reason_unrestricted).to_string(),
        Check::OneOf { field: Field::Size, allowed, given: value } => {
            let (list, value) = (allowed.join(sep), given(value));
            match outcome {
                Outcome::Unknown => td_string!(l, policies.reason_size_unknown, list = list),
                Outcome::Met => td_string!(l, policies.reason_size_met, value = value),
                Outcome::NotMet => td_string!(l, policies.reason_size_not_met, list = list, value = value),
            }
        }
        Check::OneOf { field: Field::Industry, allowed, given: value } => {
            let (list, value) = (short(allowed, Field::Industry), given(value));
            match outcome {
                Outcome::Unknown => td_string!(l, policies.reason_industry_unknown, list = list),
                Outcome::Met => td_string!(l, policies.reason_industry_met, value = value),
                Outcome::NotMet => td_string!(l, policies.reason_industry_not_met, list = list, value = value),
            }
        }
        Check::OneOf { field: Field::Region, allowed, given: value } => {
            let (list, value) = (short(allowed, Field::Region), given(value));
            match outcome {
                Outcome::Unknown => td_string!(l, policies.reason_region_unknown, list = list),
                Outcome::Met => td_string!(l, policies.reason_region_met, value = value),
                Outcome::NotMet => td_string!(l, policies.reason_region_not_met, list = list, value = value),
            }
        }
        Check::Qualification { wanted, held } => {
            let list = wanted.join(td_string!(l, policies.or_sep));
            let needed = if wanted.len() == 1 {
                td_string!(l, policies.reason_qualification_one, list = list)
            } else {
                td_string!(l, policies.reason_qualification_any, list = list)
            };
            match outcome {
                Outcome::Met => td_string!(l, policies.reason_qualification_met, value = given(held)),
                Outcome::NotMet => needed,
                Outcome::Unknown => needed + td_string!(l, policies.reason_qualifications_not_given),
            }
        }
        Check::FoundedWithin { years, age } => match (outcome, age) {
            (Outcome::Met, Some(age)) => td_string!(l, policies.reason_within_met, age = age, years = years),
            (Outcome::NotMet, Some(age)) => td_string!(l, policies.reason_within_not_met, age = age, years = years),
            _ => td_string!(l, policies.reason_within, years = years) + td_string!(l, policies.reason_founded_not_given),
        },
        Check::FoundedAtLeast { years, age } => match (outcome, age) {
            (Outcome::Met, Some(age)) => td_string!(l, policies.reason_at_least_met, age = age, years = years),
            (Outcome::NotMet, Some(age)) => td_string!(l, policies.reason_at_least_not_met, age = age, years = years),
            _ => td_string!(l, policies.reason_at_least, years = years) + td_string!(l, policies.reason_founded_not_given),
        },
    }
}

fn check_one_of(field: Field, allowed: &[String], given: Option<&str>) -> Option<Reason> {
    if allowed.is_empty() {
        return None;
    }
    let outcome = match given {
        None => Outcome::Unknown,
        Some(value) if allowed.iter().any(|a| a == value) => Outcome::Met,
        Some(_) => Outcome::NotMet,
    };
    Some(reason(outcome, Check::OneOf { field, allowed: allowed.to_vec(), given: given.map(str::to_string) }))
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
        reasons.push(reason(Outcome::NotMet, Check::Expired));
    }
    reasons.extend(check_one_of(Field::Industry, &conditions.industries, profile.industry.as_deref()));
    reasons.extend(check_one_of(Field::Size, &conditions.sizes, profile.size.as_deref()));
    reasons.extend(check_one_of(Field::Region, &conditions.regions, profile.region.as_deref()));
    if !conditions.qualifications.is_empty() {
        let held = conditions.qualifications.iter().find(|q| profile.qualifications.contains(q)).cloned();
        // Any declared qualification, including 无 (none), makes a miss definite.
        let outcome = match held {
            Some(_) => Outcome::Met,
            None if !profile.qualifications.is_empty() => Outcome::NotMet,
            None => Outcome::Unknown,
        };
        reasons.push(reason(outcome, Check::Qualification { wanted: conditions.qualifications.clone(), held }));
    }
    let age = profile.founded.map(|year| current_year - year);
    if let Some(years) = conditions.founded_within_years {
        let outcome = match age {
            None => Outcome::Unknown,
            Some(age) if age >= 0 && age <= years as i32 => Outcome::Met,
            Some(_) => Outcome::NotMet,
        };
        reasons.push(reason(outcome, Check::FoundedWithin { years, age }));
    }
    if let Some(years) = conditions.founded_at_least_years {
        let outcome = match age {
            None => Outcome::Unknown,
            Some(age) if age >= years as i32 => Outcome::Met,
            Some(_) => Outcome::NotMet,
        };
        reasons.push(reason(outcome, Check::FoundedAtLeast { years, age }));
    }
    if reasons.is_empty() {
        reasons.push(reason(Outcome::Met, Check::Unrestricted));
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
