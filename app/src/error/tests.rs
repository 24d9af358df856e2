use super::*;
use leptos::prelude::ServerFnError;

#[test]
fn an_answer_the_page_cannot_read_is_never_shown_raw() {
    let html = "Invalid format: missing delimiter in \"<!DOCTYPE html><html><body>404 Not Found</body></html>\"";
    assert_eq!(
        error_message(&ServerFnError::Deserialization(html.into())),
        OUT_OF_STEP
    );
    assert_eq!(
        error_message(&ServerFnError::Request("network".into())),
        OUT_OF_STEP
    );
    assert_eq!(
        error_message(&ServerFnError::ServerError("未找到政策 / not found".into())),
        "未找到政策 / not found"
    );
}
