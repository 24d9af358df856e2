//! `/staff/rectifications`: the rectifications poor ratings opened. A unit sees and
//! answers its own; the commission sees every unit's, to supervise (监督) them.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::Notices;
use crate::services::api::load_rectifications;
use crate::services::components::service_href;
use crate::services::model::RectificationPage;
use crate::staff::model::Role;
use crate::staff::pages::{staff_view, StaffBar};

#[component]
pub fn RectificationsPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_rectifications());
    view! {
        <Title text="服务整改事项"/>
        <div class="wrap">
            <h1>"服务整改事项"</h1>
            <Notices/>
            {staff_view(page, render)}
        </div>
    }
}

fn render(page: RectificationPage) -> AnyView {
    let answers = page.me.role == Role::Unit;
    let csrf = page.csrf.clone();
    view! {
        <StaffBar me=page.me.clone() csrf=page.csrf.clone()/>
        <p class="hint">"群众对办事结果评价为“不满意”或“非常不满意”时生成，须在 15 个工作日内整改答复。"</p>
        {if page.items.is_empty() {
            view! { <p id="no-rectifications">"暂无整改事项。"</p> }.into_any()
        } else {
            view! {
                <ol class="queue" id="rectifications">
                    {page.items.into_iter().map(|r| {
                        let action = format!("/staff/rectifications/{}", r.id);
                        let field = format!("reply-{}", r.id);
                        let open = r.state == "open";
                        view! {
                            <li class="rectification" class:overdue=r.overdue data-state=r.state.clone()>
                                <h2><a href=service_href(&r.service_code)>{r.service_name.clone()}</a></h2>
                                <p class="meta">{format!("{} · 评价「{}」 · {} 生成 · 期限 {}{}", r.unit, r.grade, r.opened_on, r.due, if r.overdue { "（已超期）" } else { "" })}</p>
                                {(!r.comment.is_empty()).then(|| view! { <p>"群众意见："{r.comment.clone()}</p> })}
                                {r.reply.clone().map(|reply| view! { <p class="notice">"整改答复："{reply}</p> })}
                                {(open && answers).then(|| view! {
                                    <form method="post" action=action class="action-form">
                                        <input type="hidden" name="csrf" value=csrf.clone()/>
                                        <label for=field.clone()>"整改情况（答复后办结）"</label>
                                        <textarea id=field name="reply" required maxlength="2000" rows="3"></textarea>
                                        <button type="submit">"提交整改答复"</button>
                                    </form>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
    .into_any()
}
