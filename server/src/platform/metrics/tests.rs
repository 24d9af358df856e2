use super::*;

#[test]
fn observations_land_in_cumulative_buckets() {
    let h = Histogram::default();
    h.observe(Duration::from_micros(300));
    h.observe(Duration::from_millis(3));
    h.observe(Duration::from_secs(60));
    let s = h.snapshot();
    assert_eq!(s.count, 3);
    assert_eq!(s.cumulative[0], (0.0005, 1));
    assert_eq!(s.cumulative.iter().find(|(b, _)| *b == 0.005).unwrap().1, 2);
    assert_eq!(s.cumulative.last().unwrap(), &(10.0, 2));
    assert!((s.sum_seconds - 60.0033).abs() < 1e-9, "{}", s.sum_seconds);
}

#[test]
fn keyed_counters_report_every_key() {
    let c = KeyedCounters::new(["online", "hotline"]);
    c.inc("hotline");
    c.inc("hotline");
    c.inc("carrier pigeon");
    assert_eq!(c.values(), vec![("online", 0), ("hotline", 2)]);
}
