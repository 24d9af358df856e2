use super::*;

const COMMISSION: Actor = Actor::Staff(Role::Commission);
const UNIT: Actor = Actor::Staff(Role::Unit);

#[test]
fn the_normal_path() {
    let t = apply(State::Submitted, COMMISSION, &Action::Accept, false).unwrap();
    assert_eq!(t.state, State::Accepted);
    let fwd = Action::Forward {
        unit: "区商务局".into(),
        due: "2026-12-31".into(),
        instructions: String::new(),
    };
    let t = apply(t.state, COMMISSION, &fwd, false).unwrap();
    assert_eq!(
        (t.state, t.visibility),
        (State::Verifying, Visibility::Unit)
    );
    let t2 = apply(
        t.state,
        UNIT,
        &Action::UnitReport {
            report: "已核实".into(),
        },
        false,
    )
    .unwrap();
    assert_eq!(t2.state, State::Verifying);
    let handle = Action::Handle {
        finding: "partly".into(),
        measures: vec!["严格问责追责".into()],
        note: String::new(),
    };
    let t = apply(t.state, COMMISSION, &handle, false).unwrap();
    let t = apply(
        t.state,
        COMMISSION,
        &Action::Feedback {
            text: "已处理".into(),
        },
        false,
    )
    .unwrap();
    assert_eq!(t.state, State::FeedbackGiven);
    let rated = apply(
        t.state,
        Actor::Reporter,
        &Action::Rate {
            rating: "满意".into(),
            comment: String::new(),
        },
        true,
    );
    assert!(rated.is_ok());
    let t = apply(t.state, COMMISSION, &Action::Close, true).unwrap();
    assert_eq!(t.state, State::Closed);
    let t = apply(
        t.state,
        Actor::Reporter,
        &Action::Object {
            reason: "未解决".into(),
        },
        true,
    )
    .unwrap();
    assert_eq!(t.state, State::Accepted);
}

#[test]
fn units_and_reporters_cannot_do_commission_work() {
    assert!(apply(State::Submitted, UNIT, &Action::Accept, false).is_err());
    assert!(apply(State::Submitted, Actor::Reporter, &Action::Accept, false).is_err());
    assert!(apply(
        State::Accepted,
        UNIT,
        &Action::RevealIdentity { reason: "x".into() },
        false
    )
    .is_err());
    assert!(apply(
        State::Accepted,
        UNIT,
        &Action::UnitReport { report: "x".into() },
        false
    )
    .is_err());
}

#[test]
fn ratings_split_from_their_comments() {
    assert_eq!(
        split_rating("不满意 资金仍未到账 请再核查"),
        ("不满意", "资金仍未到账 请再核查")
    );
    assert_eq!(split_rating("基本满意"), ("基本满意", ""));
    assert_eq!(split_rating("很好 谢谢"), ("很好 谢谢", ""));
}

#[test]
fn rating_needs_feedback_and_reasons_are_required() {
    let rate = Action::Rate {
        rating: "满意".into(),
        comment: String::new(),
    };
    assert!(apply(State::Verifying, Actor::Reporter, &rate, false).is_err());
    assert!(apply(
        State::Submitted,
        COMMISSION,
        &Action::NotAccept { reason: " ".into() },
        false
    )
    .is_err());
    let bad = Action::Handle {
        finding: "maybe".into(),
        measures: vec![],
        note: String::new(),
    };
    assert!(apply(State::Accepted, COMMISSION, &bad, false).is_err());
}

#[test]
fn objections_and_reports_raise_a_flag_that_the_next_step_settles() {
    let object = Action::Object {
        reason: "未解决".into(),
    };
    assert_eq!(attention_after(None, &object), Some(Attention::Objection));
    let note = Action::InternalNote {
        note: "待查".into(),
    };
    assert_eq!(
        attention_after(Some(Attention::Objection), &note),
        Some(Attention::Objection)
    );
    let fwd = Action::Forward {
        unit: "区商务局".into(),
        due: "2026-12-31".into(),
        instructions: String::new(),
    };
    assert_eq!(attention_after(Some(Attention::Objection), &fwd), None);
    let report = Action::UnitReport {
        report: "已核实".into(),
    };
    assert_eq!(attention_after(None, &report), Some(Attention::ReportIn));
    let handle = Action::Handle {
        finding: "partly".into(),
        measures: vec![],
        note: String::new(),
    };
    assert_eq!(attention_after(Some(Attention::ReportIn), &handle), None);
    assert_eq!(next_step(State::Verifying, None).0, None);
    assert_eq!(
        next_step(State::Verifying, Some(Attention::ReportIn)).0,
        Some("handle")
    );
    for a in [Attention::Objection, Attention::ReportIn] {
        assert_eq!(Attention::from_key(a.key()), Some(a));
    }
}

#[test]
fn internal_notes_stay_internal() {
    let t = apply(
        State::Accepted,
        COMMISSION,
        &Action::InternalNote {
            note: "线索较具体".into(),
        },
        false,
    )
    .unwrap();
    assert_eq!(t.visibility, Visibility::Internal);
    let t = apply(
        State::Accepted,
        COMMISSION,
        &Action::RevealIdentity {
            reason: "需当面核实".into(),
        },
        false,
    )
    .unwrap();
    assert_eq!(t.visibility, Visibility::Internal);
}

#[test]
fn chinese_pages_show_the_labels_the_server_writes() {
    let zh = Locale::zh_CN;
    for (key, text) in KINDS {
        assert_eq!(kind_label_in(key, zh), *text);
    }
    for (key, text) in CHANNELS {
        assert_eq!(channel_label_in(key, zh), *text);
    }
    for rating in RATINGS {
        assert_eq!(rating_label_in(rating, zh), Some(*rating));
    }
    for state in State::ALL {
        assert_eq!(state.label_in(zh), state.label());
    }
    for kind in EventKind::ALL {
        assert_eq!(kind.label_in(zh), kind.label());
        assert_eq!(kind.public_line_in(zh), kind.public_line());
    }
}
