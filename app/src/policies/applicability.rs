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
mod tests;
