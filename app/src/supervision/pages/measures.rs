//! `/staff/measures`: the commission's register of the ten measures — each application
//! with its basis, date and deciding body; counts per measure; fault tolerance apart;
//! units whose tasks all closed on time as candidates for commendation.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::Notices;
use crate::staff::pages::{staff_view, StaffBar};
use crate::supervision::api::load_measures_desk;
use crate::supervision::model::{label, MeasuresDesk, BASES, INCENTIVES, PUNISHMENTS, TOLERANCE};

#[component]
pub fn MeasuresDeskPage() -> impl IntoView {
    let desk = Resource::new(|| (), |_| load_measures_desk());
    view! {
        <Title text="激励惩戒登记"/>
        <div class="wrap">
            <h1>"激励和惩戒措施 · 登记"</h1>
            <Notices/>
            {staff_view(desk, render)}
        </div>
    }
}

fn render(desk: MeasuresDesk) -> AnyView {
    let MeasuresDesk { me, csrf, records, counts, tolerance, candidates, units } = desk;
    view! {
        <StaffBar me csrf=csrf.clone()/>
        <section aria-labelledby="counts-h">
            <h2 id="counts-h">"运用情况"</h2>
            <table class="queue" id="measure-counts">
                <caption class="visually-hidden">"十项措施运用次数"</caption>
                <thead><tr><th scope="col">"措施"</th><th scope="col">"次数"</th></tr></thead>
                <tbody>{counts.into_iter().map(|(m, n)| view! { <tr><td>{m}</td><td>{n}</td></tr> }).collect_view()}</tbody>
            </table>
            <p id="tolerance-count">{format!("{TOLERANCE}（单独统计）：{tolerance} 次")}</p>
        </section>
        <section aria-labelledby="candidates-h">
            <h2 id="candidates-h">"表彰奖励建议名单"</h2>
            <p class="hint">"改革任务全部在完成时限前销号的单位。"</p>
            {if candidates.is_empty() {
                view! { <p id="no-candidates">"暂无。"</p> }.into_any()
            } else {
                view! {
                    <ul id="candidates">{candidates.into_iter().map(|c| view! {
                        <li>{format!("{}：{} 项任务均按期销号（最后销号 {}）", c.unit, c.tasks, c.last_closed)}</li>
                    }).collect_view()}</ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="record-h">
            <h2 id="record-h">"登记一项措施"</h2>
            <form method="post" action="/staff/measures" class="tip-form" id="measure-form">
                <input type="hidden" name="csrf" value=csrf/>
                <label for="m-measure">"措施"</label>
                <select id="m-measure" name="measure" required>
                    <option value="">"请选择"</option>
                    <optgroup label="激励">{INCENTIVES.iter().map(|m| view! { <option value=*m>{*m}</option> }).collect_view()}</optgroup>
                    <optgroup label="惩戒">{PUNISHMENTS.iter().map(|m| view! { <option value=*m>{*m}</option> }).collect_view()}</optgroup>
                    <optgroup label="容错"><option value=TOLERANCE>{TOLERANCE}</option></optgroup>
                </select>
                <label for="m-unit">"单位"</label>
                <input id="m-unit" name="unit" list="m-units" maxlength="100"/>
                <datalist id="m-units">{units.into_iter().map(|u| view! { <option value=u></option> }).collect_view()}</datalist>
                <label for="m-person">"个人（选填）"</label>
                <input id="m-person" name="person" maxlength="50"/>
                <label for="m-post">"职务（选填）"</label>
                <input id="m-post" name="post" maxlength="100"/>
                <label for="m-basis">"依据"</label>
                <select id="m-basis" name="basis_kind">{BASES.iter().map(|(k, l)| view! { <option value=*k>{*l}</option> }).collect_view()}</select>
                <label for="m-ref">"依据编号（任务编号、案件编号或检查编号）"</label>
                <input id="m-ref" name="basis_ref" required maxlength="64"/>
                <label for="m-facts">"事实"</label>
                <textarea id="m-facts" name="facts" required maxlength="2000" rows="3"></textarea>
                <label for="m-outcome">"处理结果"</label>
                <textarea id="m-outcome" name="outcome" maxlength="2000" rows="2"></textarea>
                <label for="m-date">"决定日期"</label>
                <input id="m-date" name="decided_on" type="date" required/>
                <label for="m-body">"决定机关"</label>
                <input id="m-body" name="body" required maxlength="100"/>
                <label for="m-reasoning">"容错免责的认定理由（“三个区分开来”；容错免责时必填）"</label>
                <textarea id="m-reasoning" name="reasoning" maxlength="2000" rows="2"></textarea>
                <div class="check"><input type="checkbox" id="m-public" name="public" value="1"/><label for="m-public">"公开（公开通报曝光将在“通报曝光”页面发布）"</label></div>
                <button type="submit">"登记"</button>
            </form>
        </section>
        <section aria-labelledby="records-h">
            <h2 id="records-h">{format!("登记记录（{} 条）", records.len())}</h2>
            <table class="queue" id="measure-records">
                <caption class="visually-hidden">"措施登记记录"</caption>
                <thead><tr><th scope="col">"日期"</th><th scope="col">"措施"</th><th scope="col">"单位 / 个人"</th><th scope="col">"依据"</th><th scope="col">"决定机关"</th><th scope="col">"公开"</th></tr></thead>
                <tbody>{records.into_iter().map(|r| view! {
                    <tr>
                        <td>{r.decided_on}</td>
                        <td>{r.measure}<br/><small>{r.kind.label()}</small></td>
                        <td>{r.unit}" "{r.person}" "{r.post}</td>
                        <td>{format!("{} {}", label(BASES, &r.basis_kind), r.basis_ref)}</td>
                        <td>{r.body}</td>
                        <td>{if r.public { "是" } else { "否" }}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        </section>
    }
    .into_any()
}
