//! Generates the `i18n` module from app/locales (leptos_i18n): a key missing or extra in
//! a language is reported here, and by the test in tests/locales.rs.
use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

const NAMESPACES: [&str; 8] = ["common", "policies", "services", "tasks", "supervision", "complaints", "dashboard", "alerts"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR")?).join("i18n");
    let cfg = Config::new("zh-CN")?
        .add_locale("en")?
        .add_namespaces(NAMESPACES)?
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(cfg)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
