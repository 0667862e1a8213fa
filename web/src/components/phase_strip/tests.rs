use super::*;
use bulkpool_allocator::{presets, simulate, Phase};

#[test]
fn a_pill_jumps_to_where_its_stage_next_begins() {
    let sc = presets::find("s5").unwrap().scenario();
    let t = simulate(&sc, sc.mode).unwrap();
    let next = next_entries(&t.events, 0);
    for (k, n) in next.iter().enumerate() {
        let n = n.expect("s5 goes through every stage");
        assert_eq!(stage(t.events[n - 1].phase), Some(k));
        // The first step of its stage: the step before is of another stage.
        assert!(n == 1 || stage(t.events[n - 2].phase) != Some(k));
        // From the start, the first step of that stage.
        let first = t.events.iter().position(|e| stage(e.phase) == Some(k));
        assert_eq!(Some(n - 1), first);
    }
    // From inside a sleep, "Sleep / wake" is the next sleep, not this one.
    let sleep = t
        .events
        .iter()
        .position(|e| e.phase == Phase::Sleep)
        .unwrap()
        + 1;
    let later = next_entries(&t.events, sleep)[3].unwrap();
    assert!(later > sleep + 1, "{later} after {sleep}");
    // At the end nothing begins again.
    assert_eq!(next_entries(&t.events, t.len()), [None; 4]);
}
