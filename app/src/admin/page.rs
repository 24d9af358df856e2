//! The administrator's page: staff accounts (create, disable, reset a password), the
//! units, a policy list upload and the log of what administrators did.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::admin::model::{admin_action_label, AdminHome, AdminUser, ApiKeyView, SynonymGroup, ROLES};
use crate::admin::api::load_admin_home;
use crate::staff::pages::{staff_view, StaffBar};
use crate::components::Notices;

#[component]
pub fn AdminPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let home = Resource::new(move || query.read().get("draft").unwrap_or_default(), load_admin_home);
    view! {
        <Title text="系统管理"/>
        <div class="wrap">
            <h1>"系统管理"</h1>
            <Notices/>
            {staff_view(home, |h| view! { <AdminView home=h/> }.into_any())}
        </div>
    }
}

#[component]
fn AdminView(home: AdminHome) -> impl IntoView {
    let typed = |action: &str, field: &str| home.typed(action, field);
    let (nu_username, nu_display, nu_role, nu_unit, nu_email) =
        (typed("add_user", "username"), typed("add_user", "display_name"), typed("add_user", "role"), typed("add_user", "unit"), typed("add_user", "email"));
    let un_name = typed("add_unit", "name");
    let (uc_name, uc_address, uc_hours, uc_phone) =
        (typed("set_unit_contact", "name"), typed("set_unit_contact", "address"), typed("set_unit_contact", "hours"), typed("set_unit_contact", "phone"));
    let sy_words = typed("add_synonyms", "words");
    let new_key = typed("add_api_key", "new_key");
    let AdminHome { me, csrf, users, units, log, policy_count, synonyms, api_keys, calendar_warning, lists, import_problems, import_problem_count, draft: _ } = home;
    let csrf_keys = csrf.clone();
    let list_options = lists.clone();
    let contact_units: Vec<String> = units.iter().map(|u| u.name.clone()).collect();
    let my_id = me.id;
    let unit_names: Vec<String> = units.iter().map(|u| u.name.clone()).collect();
    let csrf_synonyms = csrf.clone();
    view! {
        <StaffBar me csrf=csrf.clone()/>
        {calendar_warning.map(|w| view! { <p class="notice notice-warn" id="calendar-warning" role="status">{w}</p> })}
        <section aria-labelledby="users-h">
            <h2 id="users-h">"工作人员账号"</h2>
            <div class="table-scroll">
            <table class="queue" id="users">
                <caption class="visually-hidden">"账号列表"</caption>
                <thead><tr><th scope="col">"用户名"</th><th scope="col">"姓名"</th><th scope="col">"角色"</th><th scope="col">"单位"</th><th scope="col">"邮箱"</th><th scope="col">"状态"</th><th scope="col">"操作"</th></tr></thead>
                <tbody>
                    {users.into_iter().map(|u| view! { <UserRow user=u csrf=csrf.clone() me=my_id/> }).collect_view()}
                </tbody>
            </table>
            </div>
            <form method="post" action="/staff/admin" class="tip-form" id="add-user">
                <h3>"新建账号"</h3>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="action" value="add_user"/>
                <label for="nu-username">"用户名"</label>
                <input id="nu-username" name="username" required maxlength="64" autocomplete="off" value=nu_username/>
                <label for="nu-display">"姓名"</label>
                <input id="nu-display" name="display_name" maxlength="64" value=nu_display/>
                <label for="nu-role">"角色"</label>
                <select id="nu-role" name="role" required>
                    {ROLES.iter().map(|r| view! { <option value=r.key() selected=nu_role == r.key()>{r.label()}</option> }).collect_view()}
                </select>
                <label for="nu-unit">"所属单位（仅核查单位账号填写，须为已有单位）"</label>
                <input id="nu-unit" name="unit" list="unit-names" maxlength="100" value=nu_unit/>
                <datalist id="unit-names">
                    {unit_names.into_iter().map(|u| view! { <option value=u></option> }).collect_view()}
                </datalist>
                <label for="nu-email">"邮箱（接收新线索、转办通知）"</label>
                <input id="nu-email" name="email" type="email" maxlength="200" value=nu_email/>
                <label for="nu-password">"初始密码（至少 10 位；账号持有人首次登录时须修改）"</label>
                <input id="nu-password" name="password" type="password" required minlength="10" maxlength="200" autocomplete="new-password"/>
                <button type="submit">"创建账号"</button>
            </form>
        </section>
        <section aria-labelledby="units-h">
            <h2 id="units-h">"单位"</h2>
            <div class="table-scroll">
            <table class="queue" id="units">
                <caption class="visually-hidden">"单位列表"</caption>
                <thead><tr><th scope="col">"单位"</th><th scope="col">"发布文件"</th><th scope="col">"执行政策"</th><th scope="col">"账号"</th></tr></thead>
                <tbody>
                    {units.into_iter().map(|u| view! {
                        <tr><td><a href=format!("/unit/{}", crate::url::percent_encode(&u.name))>{u.name.clone()}</a></td>
                            <td>{u.documents_issued}</td><td>{u.items_executed}</td><td>{u.accounts}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <form method="post" action="/staff/admin" class="tip-form" id="add-unit">
                <h3>"新增单位"</h3>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="action" value="add_unit"/>
                <label for="un-name">"单位名称"</label>
                <input id="un-name" name="name" required maxlength="100" value=un_name/>
                <button type="submit">"新增"</button>
            </form>
            <form method="post" action="/staff/admin" class="tip-form" id="unit-contact-form">
                <h3>"单位地址与电话（显示在单位页面）"</h3>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="action" value="set_unit_contact"/>
                <label for="uc-name">"单位"</label>
                <select id="uc-name" name="name" required>
                    <option value="">"请选择"</option>
                    {contact_units.into_iter().map(|n| view! { <option value=n.clone() selected=n == uc_name>{n.clone()}</option> }).collect_view()}
                </select>
                <label for="uc-address">"地址"</label>
                <input id="uc-address" name="address" maxlength="200" value=uc_address/>
                <label for="uc-hours">"办公时间"</label>
                <input id="uc-hours" name="hours" maxlength="200" placeholder="如：工作日 9:00-12:00，13:30-17:00" value=uc_hours/>
                <label for="uc-phone">"联系电话"</label>
                <input id="uc-phone" name="phone" type="tel" maxlength="40" value=uc_phone/>
                <button type="submit">"保存"</button>
            </form>
        </section>
        <section aria-labelledby="import-h">
            <h2 id="import-h">"导入清单"</h2>
            <p>"当前共 "<strong id="policy-count">{policy_count}</strong>" 条政策。上传 CSV（UTF-8）或 XLSX 文件。先校验全部行，有任何错误则不写入；编号相同的行更新原记录。"</p>
            {(import_problem_count > 0).then(|| view! {
                <section id="import-problems" class="notice notice-warn" aria-labelledby="ip-h">
                    <h3 id="ip-h">{format!("上次上传未导入：共 {import_problem_count} 处问题")}</h3>
                    <p><a href="/staff/admin/import-problems.csv" download="导入错误.csv">"下载全部问题（CSV：行、列、问题）"</a>
                        {(import_problem_count > import_problems.len()).then(|| format!("；下表为前 {} 处", import_problems.len()))}</p>
                    <div class="table-scroll">
                    <table class="queue">
                        <caption class="visually-hidden">"导入问题"</caption>
                        <thead><tr><th scope="col">"行"</th><th scope="col">"列"</th><th scope="col">"问题"</th></tr></thead>
                        <tbody>{import_problems.into_iter().map(|p| view! {
                            <tr><td>{p.row}</td><td>{if p.column.is_empty() { "整行".to_string() } else { p.column }}</td><td>{p.reason}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                    </div>
                </section>
            })}
            <details id="list-columns">
                <summary>"各清单的列与模板"</summary>
                {lists.into_iter().map(|l| {
                    let template = format!("/staff/admin/template/{}.csv", l.key);
                    view! {
                        <section class="list-columns" data-list=l.key.clone()>
                            <h3>{l.label.clone()}" "<a href=template download=format!("{}模板.csv", l.label)>"下载模板"</a></h3>
                            <p>"必填列：" {l.required.join("、")}</p>
                            {(!l.optional.is_empty()).then(|| view! { <p>"可选列：" {l.optional.join("、")}</p> })}
                        </section>
                    }
                }).collect_view()}
            </details>
            <form method="post" action="/staff/admin/import" enctype="multipart/form-data" class="tip-form" id="import-form">
                <input type="hidden" name="csrf" value=csrf/>
                <label for="im-list">"清单"</label>
                <select id="im-list" name="list">
                    {list_options.into_iter().map(|l| view! { <option value=l.key>{l.label}</option> }).collect_view()}
                </select>
                <label for="im-file">"清单文件（不超过 20 MB）"</label>
                <input id="im-file" name="file" type="file" required accept=".csv,.xlsx,.xls,.ods,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
                <button type="submit">"校验并导入"</button>
            </form>
        </section>
        <SynonymSection groups=synonyms csrf=csrf_synonyms words=sy_words/>
        <ApiKeySection keys=api_keys csrf=csrf_keys new_key=new_key/>
        <section aria-labelledby="log-h">
            <h2 id="log-h">"管理记录"</h2>
            {if log.is_empty() { view! { <p>"暂无。"</p> }.into_any() } else { view! {
                <ol class="timeline" id="admin-log">
                    {log.into_iter().map(|e| view! {
                        <li><time>{e.at}</time>" "<strong>{admin_action_label(&e.action)}</strong>" · "{e.actor}" · "{e.detail}</li>
                    }).collect_view()}
                </ol>
            }.into_any() }}
        </section>
    }
}

#[component]
fn UserRow(user: AdminUser, csrf: String, me: i64) -> impl IntoView {
    let id = user.id.to_string();
    let pw_id = format!("pw-{}", user.id);
    let (toggle, toggle_label) = if user.active { ("disable_user", "停用") } else { ("enable_user", "启用") };
    view! {
        <tr class:inactive=!user.active data-user=user.username.clone()>
            <td>{user.username.clone()}</td>
            <td>{user.display_name.clone()}</td>
            <td>{user.role.label()}</td>
            <td>{user.unit.clone().unwrap_or_default()}</td>
            <td>{user.email.clone().unwrap_or_default()}</td>
            <td>{if user.active { "正常" } else { "已停用" }}</td>
            <td class="row-actions">
                {(user.id != me).then(|| view! {
                    <form method="post" action="/staff/admin" class="inline-form">
                        <input type="hidden" name="csrf" value=csrf.clone()/>
                        <input type="hidden" name="action" value=toggle/>
                        <input type="hidden" name="user_id" value=id.clone()/>
                        <button type="submit" class="secondary" aria-label=format!("{toggle_label}账号 {}", user.username)>{toggle_label}</button>
                    </form>
                })}
                <form method="post" action="/staff/admin" class="inline-form">
                    <input type="hidden" name="csrf" value=csrf.clone()/>
                    <input type="hidden" name="action" value="reset_password"/>
                    <input type="hidden" name="user_id" value=id/>
                    <label for=pw_id.clone() class="visually-hidden">{format!("{} 的新密码", user.username)}</label>
                    <input id=pw_id type="password" name="password" required minlength="10" maxlength="200" autocomplete="new-password" placeholder="新密码"/>
                    <button type="submit" class="secondary" aria-label=format!("重置账号 {} 的密码", user.username)>"重置密码"</button>
                </form>
            </td>
        </tr>
    }
}

/// The search's synonyms and abbreviations: listed, added and deleted with plain forms.
#[component]
fn SynonymSection(groups: Vec<SynonymGroup>, csrf: String, words: String) -> impl IntoView {
    view! {
        <section aria-labelledby="synonyms-h">
            <h2 id="synonyms-h">"搜索同义词"</h2>
            <p>"同一组中的词语在搜索时互相替代：搜索其中任何一个，也能找到含有其他词语的政策。修改即时生效，无需重建索引。"</p>
            {if groups.is_empty() { view! { <p>"暂无同义词组。"</p> }.into_any() } else { view! {
                <div class="table-scroll">
                <table class="queue" id="synonyms">
                    <caption class="visually-hidden">"同义词组"</caption>
                    <thead><tr><th scope="col">"词语"</th><th scope="col">"操作"</th></tr></thead>
                    <tbody>
                        {groups.into_iter().map(|g| {
                            let shown = g.words.join("、");
                            view! {
                                <tr data-synonyms=g.id.to_string()>
                                    <td>{shown.clone()}</td>
                                    <td class="row-actions">
                                        <form method="post" action="/staff/admin" class="inline-form">
                                            <input type="hidden" name="csrf" value=csrf.clone()/>
                                            <input type="hidden" name="action" value="delete_synonyms"/>
                                            <input type="hidden" name="group_id" value=g.id.to_string()/>
                                            <button type="submit" class="secondary" aria-label=format!("删除同义词组 {shown}")>"删除"</button>
                                        </form>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any() }}
            <form method="post" action="/staff/admin" class="tip-form" id="add-synonyms">
                <h3>"新增同义词组"</h3>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="action" value="add_synonyms"/>
                <label for="sy-words">"词语（2 至 10 个，用顿号或逗号分隔，如：研发、研究开发）"</label>
                <input id="sy-words" name="words" required maxlength="400" autocomplete="off" value=words/>
                <button type="submit">"新增"</button>
            </form>
        </section>
    }
}

/// Keys of the Open311 interface: made (the key shown once, here), listed, revoked.
#[component]
fn ApiKeySection(keys: Vec<ApiKeyView>, csrf: String, new_key: String) -> impl IntoView {
    view! {
        <section aria-labelledby="api-keys-h" id="api-keys">
            <h2 id="api-keys-h">"Open311 API 密钥"</h2>
            <p>"其他系统通过 Open311 GeoReport v2 接口（/open311/v2/）提交举报时须带 api_key。密钥只在生成时显示一次，系统只保存其摘要。"</p>
            {(!new_key.is_empty()).then(|| view! {
                <div class="notice" role="status">
                    "新密钥（只显示这一次，请复制后交给使用方）："
                    <code id="new-api-key">{new_key}</code>
                </div>
            })}
            {if keys.is_empty() { view! { <p>"尚无密钥。"</p> }.into_any() } else { view! {
                <div class="table-scroll">
                <table class="queue" id="api-key-list">
                    <caption class="visually-hidden">"API 密钥"</caption>
                    <thead><tr><th scope="col">"使用方"</th><th scope="col">"生成时间"</th><th scope="col">"生成人"</th><th scope="col">"状态"</th></tr></thead>
                    <tbody>
                        {keys.into_iter().map(|k| {
                            let name = k.name.clone();
                            view! {
                                <tr data-key=k.id.to_string()>
                                    <td>{k.name}</td><td>{k.created_at}</td><td>{k.created_by}</td>
                                    <td>{match k.revoked_at {
                                        Some(at) => view! { <span>{format!("已停用（{at}）")}</span> }.into_any(),
                                        None => view! {
                                            <form method="post" action="/staff/admin" class="inline-form">
                                                <input type="hidden" name="csrf" value=csrf.clone()/>
                                                <input type="hidden" name="action" value="revoke_api_key"/>
                                                <input type="hidden" name="key_id" value=k.id.to_string()/>
                                                <button type="submit" class="secondary" aria-label=format!("停用 {name} 的密钥")>"停用"</button>
                                            </form>
                                        }.into_any(),
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any() }}
            <form method="post" action="/staff/admin" class="tip-form" id="add-api-key">
                <h3>"生成新密钥"</h3>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="action" value="add_api_key"/>
                <label for="key-name">"使用方名称（如：区 12345 热线系统）"</label>
                <input id="key-name" name="name" required maxlength="50" autocomplete="off"/>
                <button type="submit">"生成"</button>
            </form>
        </section>
    }
}
