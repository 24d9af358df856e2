use super::*;

#[test]
fn requests_are_counted_by_route_method_and_status() {
    let m = HttpMetrics::default();
    m.record(
        "/policy/{code}",
        "GET",
        StatusCode::OK,
        Duration::from_millis(2),
    );
    m.record(
        "/policy/{code}",
        "GET",
        StatusCode::OK,
        Duration::from_millis(30),
    );
    m.record(
        "/policy/{code}",
        "GET",
        StatusCode::NOT_FOUND,
        Duration::from_millis(1),
    );
    m.record(
        FALLBACK,
        "other",
        StatusCode::NOT_FOUND,
        Duration::from_millis(1),
    );
    let mut out = Exposition::default();
    m.render(&mut out);
    let text = out.finish();
    assert!(text.contains("qingdan_http_requests_total{route=\"/policy/{code}\",method=\"GET\",status=\"200\"} 2\n"), "{text}");
    assert!(text.contains("qingdan_http_requests_total{route=\"/policy/{code}\",method=\"GET\",status=\"404\"} 1\n"), "{text}");
    assert!(
        text.contains(
            "qingdan_http_requests_total{route=\"fallback\",method=\"other\",status=\"404\"} 1\n"
        ),
        "{text}"
    );
    assert!(text.contains("qingdan_http_request_duration_seconds_bucket{route=\"/policy/{code}\",le=\"0.0025\"} 2\n"), "{text}");
    assert!(text.contains("qingdan_http_request_duration_seconds_bucket{route=\"/policy/{code}\",le=\"+Inf\"} 3\n"), "{text}");
    assert!(
        text.contains("qingdan_http_request_duration_seconds_count{route=\"/policy/{code}\"} 3\n"),
        "{text}"
    );
    assert_eq!(text.matches("# TYPE ").count(), 2, "{text}");
}

#[test]
fn label_values_are_escaped() {
    let mut out = Exposition::default();
    out.sample("x", &[("route", "a\"b\\c\nd")], 1);
    assert_eq!(out.finish(), "x{route=\"a\\\"b\\\\c\\nd\"} 1\n");
}
