//! What every staff page shares: the login page, the bar with who is logged in, and the
//! loader that shows a page, the login prompt or the error.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::staff::model::{Role, StaffUserView};
use crate::components::{ErrorBox, Loading, Notices};
use crate::error::error_message;

/// A staff page's body: `render` once the resource is loaded, the login prompt
/// without a session, the error otherwise.
pub fn staff_view<T>(resource: Resource<Result<Option<T>, ServerFnError>>, render: fn(T) -> AnyView) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match resource.await {
                    Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                    Ok(None) => not_logged_in(),
                    Ok(Some(value)) => render(value),
                }
            })}
        </Suspense>
    }
}

pub fn not_logged_in() -> AnyView {
    view! {
        <p>"请先登录。" <a href="/staff/login">"工作人员登录"</a></p>
    }
    .into_any()
}

#[component]
pub fn StaffLoginPage() -> impl IntoView {
    view! {
        <Title text="工作人员登录"/>
        <div class="wrap narrow">
            <h1>"工作人员登录"</h1>
            <p class="hint">"供区纪委监委和核查单位工作人员使用。"</p>
            <Notices/>
            <form id="login-form" method="post" action="/staff/login" class="tip-form">
                <label for="username">"用户名"</label>
                <input id="username" name="username" required autocomplete="username" maxlength="64"/>
                <label for="password">"密码"</label>
                <input id="password" name="password" type="password" required autocomplete="current-password" maxlength="200"/>
                <button type="submit">"登录"</button>
            </form>
        </div>
    }
}

/// Choosing one's own password: forced after an administrator set it (`?first=1`), and
/// open to every staff member from the staff bar.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let first = move || query.read().get("first").is_some_and(|v| v == "1");
    view! {
        <Title text="修改密码"/>
        <div class="wrap narrow">
            <h1>"修改密码"</h1>
            {move || first().then(|| view! {
                <p class="notice notice-warn" id="first-login" role="status">
                    "您的密码由管理员设置。为保护案件和举报人信息，请先设置只有您知道的新密码，然后用新密码重新登录。"
                </p>
            })}
            <Notices/>
            <form id="password-form" method="post" action="/staff/password" class="tip-form">
                <label for="current">"当前密码"</label>
                <input id="current" name="current" type="password" required autocomplete="current-password" maxlength="200"/>
                <label for="new">"新密码（至少 10 位，不能与当前密码相同）"</label>
                <input id="new" name="new" type="password" required minlength="10" autocomplete="new-password" maxlength="200"/>
                <label for="confirm">"再次输入新密码"</label>
                <input id="confirm" name="confirm" type="password" required minlength="10" autocomplete="new-password" maxlength="200"/>
                <button type="submit">"修改密码"</button>
            </form>
        </div>
    }
}

#[component]
pub fn StaffBar(me: StaffUserView, csrf: String) -> impl IntoView {
    view! {
        <div class="staff-bar">
            <span>{me.display_name}" · "{me.role.label()}{me.unit.map(|u| format!(" · {u}"))}</span>
            {matches!(me.role, Role::Commission | Role::Unit).then(|| view! { <a href="/staff">"案件队列"</a> })}
            {(me.role == Role::Certifier).then(|| view! { <a href="/staff/certify">"任务认定与销号"</a> })}
            {matches!(me.role, Role::Commission | Role::Unit).then(|| view! { <a href="/staff/rectifications">"服务整改"</a> })}
            {(me.role == Role::Unit).then(|| view! { <a href="/staff/tasks">"任务进展报送"</a> })}
            {(me.role == Role::Commission).then(|| view! { <a href="/staff/intake">"登记来电来信来访"</a> })}
            {matches!(me.role, Role::Commission | Role::Unit).then(|| view! { <a href="/staff/inspections">"监督检查整改"</a> })}
            {(me.role == Role::Commission).then(|| view! { <a href="/staff/measures">"激励惩戒登记"</a> })}
            {(me.role == Role::Admin).then(|| view! { <a href="/staff/admin">"系统管理"</a> })}
            <a href="/staff/password">"修改密码"</a>
            <form method="post" action="/staff/logout" class="inline-form">
                <input type="hidden" name="csrf" value=csrf/>
                <button type="submit" class="secondary">"退出登录"</button>
            </form>
        </div>
    }
}


/// Changes to other commission members' accounts that wait for this member: who asked,
/// what would change, and a form each to approve or reject (plain posts, no JavaScript).
#[component]
pub fn PendingApprovals(items: Vec<crate::staff::model::PendingApproval>, csrf: String) -> impl IntoView {
    view! {
        <section id="approvals" class="notice notice-warn" aria-labelledby="approvals-h">
            <h2 id="approvals-h">"待您批准的账号变更"</h2>
            <p class="hint">"纪委监委账号的开通、启用和密码重置须经另一名纪委监委成员批准后生效。"</p>
            <ul class="approval-list">
                {items.into_iter().map(|a| {
                    let action = format!("/staff/approvals/{}", a.id);
                    view! {
                        <li data-approval=a.id.to_string()>
                            <strong>{a.what.clone()}</strong>
                            {format!("：{}（{}），由 {} 于 {} 提交 ", a.display_name, a.username, a.requested_by, a.requested_at)}
                            <form method="post" action=action.clone() class="inline-form">
                                <input type="hidden" name="csrf" value=csrf.clone()/>
                                <input type="hidden" name="decision" value="approve"/>
                                <button type="submit">"批准"</button>
                            </form>
                            <form method="post" action=action class="inline-form">
                                <input type="hidden" name="csrf" value=csrf.clone()/>
                                <input type="hidden" name="decision" value="reject"/>
                                <button type="submit" class="secondary">"驳回"</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
