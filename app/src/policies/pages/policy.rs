use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};

use crate::policies::api::get_policy;
use crate::error::error_message;
use crate::components::{ErrorBox, Loading};
use crate::policies::components::{document_href, unit_href, InForceBadge, VerdictBadge};
use crate::policies::model::{Conditions, PolicyDetail, Verdict};
use crate::url::percent_encode;

#[component]
pub fn PolicyPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let policy = Resource::new(
        move || (params.read().get("code").unwrap_or_default(), location.search.get()),
        |(code, query)| get_policy(code, query),
    );
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match policy.await {
                        Err(e) => view! {
                            <Title text="未找到政策"/>
                            <h1>"未找到政策"</h1>
                            <ErrorBox message=error_message(&e)/>
                        }.into_any(),
                        Ok((detail, verdict)) => view! { <PolicyView detail verdict/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn condition_rows(c: &Conditions) -> Vec<(&'static str, String)> {
    let list = |v: &Vec<String>, all: &str| if v.is_empty() { all.to_string() } else { v.join("、") };
    let mut rows = vec![
        ("适用行业", list(&c.industries, "不限")),
        ("适用规模", list(&c.sizes, "不限")),
        ("适用区域", list(&c.regions, "全区")),
        (
            "资质要求",
            if c.qualifications.is_empty() {
                "无".to_string()
            } else {
                format!("{}（具备其一即可）", c.qualifications.join("、"))
            },
        ),
    ];
    if let Some(n) = c.founded_within_years {
        rows.push(("成立年限", format!("成立{n}年以内")));
    }
    if let Some(n) = c.founded_at_least_years {
        rows.push(("成立年限", format!("成立满{n}年")));
    }
    rows
}

#[component]
fn PolicyView(detail: PolicyDetail, verdict: Verdict) -> impl IntoView {
    let PolicyDetail {
        code,
        title,
        content,
        category,
        support_type,
        document,
        issuing_unit,
        executing_unit,
        interpreter,
        conditions,
        delivery,
        max_amount_wan,
        application_period,
        application_window,
        materials,
        valid_from,
        valid_until,
        in_force,
        history,
        updated_at,
    } = detail;
    let report_href = format!("/report?policy={}", percent_encode(&code));
    let tel = format!("tel:{}", interpreter.phone.replace([' ', '-'], ""));
    let has_verdict = !verdict.reasons.is_empty();
    view! {
        <Title text=title.clone()/>
        <nav class="breadcrumb" aria-label="位置">
            <a href="/">"首页"</a>" › "<a href="/search">"政策查询"</a>" › "<span>{code.clone()}</span>
        </nav>
        <article class="policy">
            <header class="policy-head">
                <p class="hit-meta">
                    <span class="tag">{category}</span>
                    <span class="tag">{support_type}</span>
                    {(delivery == crate::policies::vocab::DELIVERY_AUTOMATIC).then(|| view! { <span class="tag tag-auto">"免申即享"</span> })}
                    <InForceBadge in_force/>
                    <span class="code">"政策编号 "{code.clone()}</span>
                </p>
                <h1>{title}</h1>
                {(!in_force).then(|| view! {
                    <p class="notice notice-warn">"该政策已失效，仅供查阅，不再受理或兑现。"</p>
                })}
            </header>
            <div class="policy-grid">
                <div class="policy-main">
                    <section aria-labelledby="content-h">
                        <h2 id="content-h">"政策内容"</h2>
                        <p class="content">{content}</p>
                    </section>
                    {has_verdict.then(|| view! {
                        <section aria-labelledby="verdict-h" class="verdict-box">
                            <h2 id="verdict-h">"是否适用于贵企业"</h2>
                            <VerdictBadge verdict/>
                        </section>
                    })}
                    <section id="guide" aria-labelledby="guide-h">
                        <h2 id="guide-h">"申兑指南"</h2>
                        <dl class="facts">
                            {condition_rows(&conditions).into_iter().map(|(k, v)| view! {
                                <div><dt>{k}</dt><dd>{v}</dd></div>
                            }).collect_view()}
                            <div><dt>"兑现方式"</dt><dd>{delivery.clone()}</dd></div>
                            {max_amount_wan.map(|m| view! { <div><dt>"最高金额"</dt><dd>{format!("{m} 万元")}</dd></div> })}
                            <div><dt>"申报时间"</dt><dd>{application_period}</dd></div>
                            <div><dt>"受理窗口"</dt><dd>{application_window}</dd></div>
                            <div><dt>"有效期"</dt><dd>{format!("{} 至 {}", valid_from, valid_until.unwrap_or_else(|| "长期".to_string()))}</dd></div>
                        </dl>
                        <h3>"申报材料"</h3>
                        {if materials.is_empty() {
                            view! { <p>"无需提交材料。"</p> }.into_any()
                        } else {
                            view! { <ol class="materials">{materials.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ol> }.into_any()
                        }}
                    </section>
                    <section id="history" aria-labelledby="history-h">
                        <h2 id="history-h">"评估与修订记录"</h2>
                        {if history.is_empty() {
                            view! { <p>"暂无评估或修订记录。"</p> }.into_any()
                        } else {
                            view! {
                                <ol class="timeline">
                                    {history.into_iter().map(|r| view! {
                                        <li><time>{r.date}</time>" "<strong>{r.kind}</strong>" "{r.note}</li>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                        <p class="hint">"本条信息更新于 "{updated_at}</p>
                    </section>
                </div>
                <aside class="policy-side">
                    <section id="document" aria-labelledby="doc-h">
                        <h2 id="doc-h">"所属文件"</h2>
                        <p><a href=document_href(&document.number)>{document.title.clone()}</a></p>
                        <dl class="facts">
                            <div><dt>"文号"</dt><dd>{document.number.clone()}</dd></div>
                            <div><dt>"发布日期"</dt><dd>{document.publish_date.clone()}</dd></div>
                            <div><dt>"文件状态"</dt><dd>{document.status.clone()}</dd></div>
                            <div><dt>"文件有效期"</dt><dd>{document.validity()}</dd></div>
                        </dl>
                    </section>
                    <section aria-labelledby="units-h">
                        <h2 id="units-h">"责任单位与解读人"</h2>
                        <dl class="facts">
                            <div id="issuing-unit"><dt>"发布单位"</dt><dd><a href=unit_href(&issuing_unit)>{issuing_unit.clone()}</a></dd></div>
                            <div id="executing-unit"><dt>"执行单位"</dt><dd><a href=unit_href(&executing_unit)>{executing_unit.clone()}</a></dd></div>
                            <div id="interpreter"><dt>"政策解读人"</dt><dd>{interpreter.name}" "
                                <a href=tel class="tel">{interpreter.phone}</a></dd></div>
                        </dl>
                    </section>
                    <a id="report-button" class="report-button" href=report_href>"此政策未落实?我要反映"</a>
                    <button type="button" class="print-button" onclick="window.print()">"打印本页"</button>
                </aside>
            </div>
        </article>
    }
}
