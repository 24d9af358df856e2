//! `/service/{code}`: the guide a resident takes to the window (materials, time limit,
//! place, phones, fee, basis), the optimisation target beside its 2019 baseline, the
//! bundles it belongs to, its change history, a rating form and the way to report that
//! it could not be done. The guide prints on at most two A4 pages (style/main.css).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{ErrorBox, Loading, Notices};
use crate::error::error_message;
use crate::policies::components::unit_href;
use crate::services::api::get_service;
use crate::services::components::{bundle_href, tel_href, ServiceBadges};
use crate::services::model::{days_label, Measures, ServiceDetail, ServiceHit, GRADES};
use crate::url::percent_encode;

#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let service = Resource::new(move || params.read().get("code").unwrap_or_default(), get_service);
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match service.await {
                        Err(e) => view! { <Title text="未找到服务事项"/><h1>"未找到服务事项"</h1><ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(s) => view! { <Guide s/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn hit_of(s: &ServiceDetail) -> ServiceHit {
    ServiceHit {
        code: s.code.clone(),
        name: s.name.clone(),
        category: s.category.clone(),
        unit: s.unit.clone(),
        level: s.level.clone(),
        committed_days: s.committed_days,
        visits: s.visits,
        online_depth: s.online_depth.clone(),
        mobile: s.mobile,
        target_met: s.target_met,
        snippet: Vec::new(),
    }
}

fn days(v: Option<u32>) -> String {
    v.map(days_label).unwrap_or_else(|| "—".into())
}

fn count(v: Option<u32>, unit: &str) -> String {
    v.map(|n| format!("{n} {unit}")).unwrap_or_else(|| "—".into())
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "—".into())
}

#[component]
fn Guide(s: ServiceDetail) -> impl IntoView {
    let now = s.measures();
    let Measures { committed_days: b_days, materials: b_mat, visits: b_visits, online_depth: b_depth, level: b_level } = s.targets.baseline.clone();
    let Measures { committed_days: t_days, materials: t_mat, visits: t_visits, online_depth: t_depth, level: t_level } = s.targets.target.clone();
    let rows = vec![
        ("承诺时限", days(b_days), days(now.committed_days), days(t_days)),
        ("申请材料", count(b_mat, "件"), count(now.materials, "件"), count(t_mat, "件")),
        ("跑动次数", count(b_visits, "次"), count(now.visits, "次"), count(t_visits, "次")),
        ("网办深度", text(&b_depth), text(&now.online_depth), text(&t_depth)),
        ("办理层级", text(&b_level), text(&now.level), text(&t_level)),
    ];
    let report = format!("/report?service={}", percent_encode(&s.code));
    let rate_action = format!("/service/{}/rate", percent_encode(&s.code));
    view! {
        <Title text=s.name.clone()/>
        <nav class="breadcrumb" aria-label="位置"><a href="/">"首页"</a>" › "<a href="/services">"办事服务"</a>" › "
            <a href=crate::services::query::ServiceParams { category: Some(s.category.clone()), ..Default::default() }.url(1)>{s.category.clone()}</a></nav>
        <article class="service-guide">
            <h1>{s.name.clone()}</h1>
            <p class="hit-meta"><ServiceBadges hit=hit_of(&s)/></p>
            <p class="sample-note">"示例数据：本办事指南为演示用示例。"</p>
            <section aria-labelledby="materials-h">
                <h2 id="materials-h">"申请材料"</h2>
                {if s.materials.is_empty() {
                    view! { <p>"无需提交材料。"</p> }.into_any()
                } else {
                    view! {
                        <table class="materials">
                            <thead><tr><th scope="col">"材料名称"</th><th scope="col">"份数"</th><th scope="col">"原件/复印件"</th></tr></thead>
                            <tbody>
                                {s.materials.iter().map(|m| view! {
                                    <tr><td>{m.name.clone()}</td><td>{m.copies}</td><td>{m.form_label()}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="limits-h">
                <h2 id="limits-h">"办理时限与方式"</h2>
                <dl class="guide-facts">
                    <div><dt>"承诺时限"</dt><dd id="committed">{days_label(s.committed_days)}</dd></div>
                    <div><dt>"法定时限"</dt><dd>{days_label(s.legal_days)}</dd></div>
                    <div><dt>"跑动次数"</dt><dd>{format!("{} 次", s.visits)}</dd></div>
                    <div><dt>"网办深度"</dt><dd>{s.online_depth.clone()}</dd></div>
                    <div><dt>"掌上办"</dt><dd>{if s.mobile { "可以" } else { "暂不支持" }}</dd></div>
                    <div><dt>"收费标准"</dt><dd id="fee">{s.fee.clone()}</dd></div>
                </dl>
            </section>
            <section aria-labelledby="where-h">
                <h2 id="where-h">"办理地点与咨询"</h2>
                <dl class="guide-facts">
                    <div><dt>"实施单位"</dt><dd><a href=unit_href(&s.unit)>{s.unit.clone()}</a>{format!("（{}）", s.level)}</dd></div>
                    <div><dt>"办理地点"</dt><dd id="location">{s.location.clone()}</dd></div>
                    <div><dt>"办公时间"</dt><dd>{s.hours.clone()}</dd></div>
                    <div><dt>"咨询电话"</dt><dd id="enquiry"><a href=tel_href(&s.enquiry_phone)>{s.enquiry_phone.clone()}</a></dd></div>
                    <div><dt>"投诉电话"</dt><dd><a href=tel_href(&s.complaint_phone)>{s.complaint_phone.clone()}</a></dd></div>
                </dl>
            </section>
            <section aria-labelledby="basis-h">
                <h2 id="basis-h">"设定依据"</h2>
                <p id="basis">{s.legal_basis.clone()}</p>
                <p class="meta">{format!("年办件量约 {} 件", s.annual_cases)}</p>
            </section>
            <section aria-labelledby="target-h" class="targets">
                <h2 id="target-h">"优化目标（对标 "{s.targets.benchmark.clone()}"）"</h2>
                <table>
                    <thead><tr><th scope="col">"指标"</th><th scope="col">"2019 年基准"</th><th scope="col">"现状"</th><th scope="col">"目标"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(label, b, n, t)| view! {
                            <tr><th scope="row">{label}</th><td>{b}</td><td>{n}</td><td>{t}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <p>{if s.target_met { "现状已达到优化目标。" } else { "现状尚未达到优化目标。" }}</p>
            </section>
            {(!s.bundles.is_empty()).then(|| view! {
                <section aria-labelledby="bundle-h" class="no-print">
                    <h2 id="bundle-h">"所属“一件事”"</h2>
                    <ul>{s.bundles.iter().map(|b| view! { <li><a href=bundle_href(&b.code)>{b.name.clone()}</a></li> }).collect_view()}</ul>
                </section>
            })}
            <section aria-labelledby="history-h" class="no-print">
                <h2 id="history-h">"变更记录"</h2>
                <ol class="history">
                    {s.history.iter().map(|r| view! { <li><span class="meta">{r.date.clone()}" "{r.kind.clone()}</span>" "{r.note.clone()}</li> }).collect_view()}
                </ol>
            </section>
            <section aria-labelledby="rate-h" class="no-print rate">
                <h2 id="rate-h">"评价本事项"</h2>
                <Notices/>
                <form method="post" action=rate_action>
                    <fieldset>
                        <legend>"您对办理结果的评价"</legend>
                        {GRADES.iter().enumerate().map(|(i, g)| {
                            let id = format!("grade-{i}");
                            view! { <div class="check"><input type="radio" id=id.clone() name="grade" value=*g required=true/><label for=id>{*g}</label></div> }
                        }).collect_view()}
                    </fieldset>
                    <label for="rate-comment">"意见建议（选填）"</label>
                    <textarea id="rate-comment" name="comment" maxlength="1000" rows="3"></textarea>
                    <button type="submit">"提交评价"</button>
                </form>
                <p class="cant-do"><a href=report>"此事项办不成？我要反映"</a></p>
            </section>
        </article>
    }
}
