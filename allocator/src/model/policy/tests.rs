//! Each version's bundle and the spec's round trips.
use super::*;

#[test]
fn every_value_of_every_axis_reads_back() {
    let base = Policies::of(Semantics::Rfc2022);
    for axis in Axis::ALL {
        assert_eq!(Axis::parse(axis.name()), Ok(axis));
        for c in axis.choices() {
            assert_eq!(base.with(axis, c.name).unwrap().get(axis), c.name);
        }
        assert!(base.with(axis, "bogus").unwrap_err().contains("one of"));
    }
}

#[test]
fn the_named_versions_differ_where_history_says() {
    let rfc = Policies::of(Semantics::Rfc2022);
    let v2 = Policies::of(Semantics::V2_2023);
    let mainline = Policies::of(Semantics::Mainline6_19);
    assert_eq!(v2.departures(Semantics::Rfc2022), [(Axis::Lock, "held")]);
    assert_eq!(
        mainline.departures(Semantics::Rfc2022),
        [
            (Axis::Drain, "all-or-nothing"),
            (Axis::Lock, "held"),
            (Axis::First, "caller"),
            (Axis::Wake, "if-sleeper")
        ]
    );
    assert!(rfc.departures(Semantics::Rfc2022).is_empty());
}
