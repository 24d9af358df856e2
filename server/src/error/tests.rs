use super::*;

#[test]
fn internal_text_never_reaches_the_public() {
    let e: ServerError =
        sqlx::Error::Protocol("relation \"complaints\" does not exist".into()).into();
    let shown = e.public();
    assert_eq!(shown.code(), "internal");
    assert!(!shown.message().contains("relation"), "{}", shown.message());
    let e: ServerError = PortalError::internal("disk I/O error at /srv/data").into();
    assert!(!e.public().message().contains("/srv"));
    let e: ServerError = anyhow::Error::new(PortalError::bad_request("请填写")).into();
    assert_eq!(e.public(), PortalError::bad_request("请填写"));
}
