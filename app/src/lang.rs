//! The interface language of a page. Chinese at `/…`, English at `/en/…`: the address
//! alone decides, so a page renders the same on the server and in the browser, a
//! link can be shared, and no cookie or `Accept-Language` ever redirects anyone. The
//! texts themselves live in `app/locales/<locale>/<namespace>.json` and are read with
//! `td_string!(locale, namespace.key)` (leptos_i18n, checked at compile time).

use leptos::prelude::*;

pub use crate::i18n::{td_string, Locale};

/// The path prefix of the English pages.
pub const EN: &str = "/en";

/// The language of the data (policy titles, units, names): always Chinese, and said so
/// on English pages so screen readers switch voice (`<span lang=DATA_LANG>`).
pub const DATA_LANG: &str = "zh-CN";

/// The locale an address asks for.
pub fn locale_of_path(path: &str) -> Locale {
    if path == EN || path.starts_with("/en/") {
        Locale::en
    } else {
        Locale::zh_CN
    }
}

/// The `lang` attribute of a locale.
pub fn html_lang(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en",
        Locale::zh_CN => "zh-CN",
    }
}

/// The path without its language prefix (`/en/search` → `/search`, `/en` → `/`).
pub fn strip_locale(path: &str) -> &str {
    match path.strip_prefix(EN) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

/// A site path (`/search?q=…`) as it is linked from a page in `locale`.
pub fn localize(locale: Locale, path: &str) -> String {
    match locale {
        Locale::zh_CN => path.to_string(),
        Locale::en if path == "/" => EN.to_string(),
        Locale::en if path.starts_with("/?") => format!("{EN}{}", &path[1..]),
        Locale::en if path.starts_with('/') && !path.starts_with("//") => format!("{EN}{path}"),
        Locale::en => path.to_string(),
    }
}

/// A staff page (Chinese only, no English twin).
pub fn is_staff_path(path: &str) -> bool {
    path == "/staff" || path.starts_with("/staff/")
}

/// The same page in the other language, query kept (the language switch).
pub fn switch_href(path: &str, search: &str) -> String {
    let bare = strip_locale(path);
    let target = match locale_of_path(path) {
        Locale::zh_CN => localize(Locale::en, bare),
        Locale::en => bare.to_string(),
    };
    let search = search.trim_start_matches('?');
    if search.is_empty() {
        target
    } else {
        format!("{target}?{search}")
    }
}

/// The current page's locale, provided once inside the router by [`LocaleScope`].
#[derive(Clone, Copy)]
struct PageLocale(Memo<Locale>);

/// Provides the locale of the current address to everything inside it.
#[component]
pub fn LocaleScope(children: Children) -> impl IntoView {
    let path = leptos_router::hooks::use_location().pathname;
    provide_context(PageLocale(Memo::new(move |_| locale_of_path(&path.get()))));
    children()
}

/// The locale of the page being rendered (Chinese outside a [`LocaleScope`]). Pages are
/// built anew for each address, so reading it once is enough; long-lived parts (the
/// header) use [`use_locale_signal`].
pub fn use_locale() -> Locale {
    use_context::<PageLocale>().map(|l| l.0.get_untracked()).unwrap_or(Locale::zh_CN)
}

pub fn use_locale_signal() -> Signal<Locale> {
    match use_context::<PageLocale>() {
        Some(l) => l.0.into(),
        None => Signal::stored(Locale::zh_CN),
    }
}

/// The locale inside an island. An island hydrates in the browser without the page's
/// context, so there it reads the address, as the server did.
pub fn island_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        window().location().pathname().map(|p| locale_of_path(&p)).unwrap_or(Locale::zh_CN)
    }
}

/// A site path as linked from the current page (see [`localize`]).
pub fn href(path: &str) -> String {
    localize(use_locale(), path)
}

#[cfg(test)]
mod tests;
