//! The same scenario under each version: the RFC (2022), v2 (2023), mainline 6.19's
//! `mempool_alloc_bulk`, and v6.0 before any of them, where a bulk request is made of
//! single-element `mempool_alloc` calls. Shared by the compare view's "by version" lanes and
//! by sweeps `--by semantics`.

use crate::model::types::{Mode, Semantics};
use crate::scenario::{Op, Scenario};

/// The versions compared, newest proposal last but v6.0, the baseline, at the end.
pub const VERSIONS: [Semantics; 4] = [
    Semantics::Rfc2022,
    Semantics::V2_2023,
    Semantics::Mainline6_19,
    Semantics::K6_0,
];

/// The delivery mode a version runs `mode` in: `mode` where the version's mempool bulk call
/// offers it (or where it has none), else the first mode it offers (6.19: array only; the RFC
/// has no callback, v2 no list).
pub fn mode_under(sem: Semantics, mode: Mode) -> Mode {
    match sem.mempool_bulk_modes() {
        modes if modes.contains(&mode) || modes.is_empty() => mode,
        modes => modes[0],
    }
}

/// The semantics a run of `base` in `mode` uses beside the others (compare lanes, sweep lines):
/// the scenario's own, which may not offer the mode (then an error that says so: nothing is
/// substituted); a scenario that leaves its semantics unset runs each mode under the series
/// that offers it (`Semantics::yang_shi_for`), and the views label each lane or line with it.
pub fn semantics_for(base: &Scenario, mode: Mode) -> Result<Option<Semantics>, String> {
    let mut sc = base.clone();
    sc.mode = mode;
    match sc.validate(mode) {
        Ok(_) => Ok(base.semantics),
        Err(e) => Err(format!(
            "{mode}: not offered by {} ({})",
            base.semantics_for(mode).short(),
            e.message
        )),
    }
}

/// What a version's lane or line runs, in a few words: "v6.0 · per-page mempool_alloc",
/// "RFC 2022 · mempool bulk, list", "v6.19 · alloc_pages_bulk, then mempool_alloc_bulk".
pub fn title(sc: &Scenario, sem: Semantics, mode: Mode) -> String {
    match crate::explain::calls::what_runs(sc, sem, mode) {
        calls if calls.is_empty() => format!("{} · {mode}", sem.short()),
        calls => format!("{} · {calls}", sem.short()),
    }
}

/// Where a version's run differs from the others in more than the version, what a reader
/// should know: under 6.19 a mempool bulk caller is the v7.0 blk-crypto fallback, which tries
/// `alloc_pages_bulk` first (s8c shows `mempool_alloc_bulk` alone); 6.19's dm-crypt never
/// calls `mempool_alloc_bulk`.
pub fn note(sc: &Scenario, sem: Semantics) -> Option<&'static str> {
    if sem != Semantics::Mainline6_19 {
        return None;
    }
    let ops = || sc.tasks.iter().flat_map(|t| &t.ops);
    if ops().any(|op| {
        matches!(
            op,
            Op::MempoolBulk {
                bulk_first: true,
                ..
            }
        )
    }) {
        return Some("v6.19 runs the v7.0 blk-crypto caller: alloc_pages_bulk first, then mempool_alloc_bulk for the holes. An order-0 alloc_pages_bulk without NORETRY cannot fail, so where nothing can be reclaimed it loops there; preset s8c shows mempool_alloc_bulk alone, mainline's fix of s8's deadlock.");
    }
    if ops().any(|op| matches!(op, Op::DmCrypt { .. })) {
        return Some("v6.19's dm-crypt does not call mempool_alloc_bulk: since v6.5 it allocates compound pages and falls back to one mempool_alloc per page.");
    }
    None
}

/// The scenario as v6.0 runs it: v6.0 has no mempool bulk call, so each `mempool_bulk` of `nr`
/// pages becomes `nr` single-element `mempool_alloc` calls [K6.0] (what a caller did before the
/// series). A resumed call has no v6.0 equivalent: an error saying so.
pub fn per_page(sc: &Scenario) -> Result<Scenario, String> {
    let mut out = sc.clone();
    for task in &mut out.tasks {
        for op in &mut task.ops {
            if let Op::MempoolBulk {
                nr, gfp, resume, ..
            } = op
            {
                if resume.is_some() {
                    return Err("a resumed mempool_bulk has no v6.0 equivalent".into());
                }
                *op = Op::MempoolAlloc {
                    gfp: *gfp,
                    count: *nr,
                };
            }
        }
    }
    out.semantics = Some(Semantics::K6_0);
    Ok(out)
}

/// `base` as `sem` runs it, in the mode `mode_under(sem, mode)`, validated.
pub fn under(base: &Scenario, mode: Mode, sem: Semantics) -> Result<(Mode, Scenario), String> {
    let mode = mode_under(sem, mode);
    let mut sc = if sem == Semantics::K6_0 {
        per_page(base)?
    } else {
        base.clone()
    };
    sc.semantics = Some(sem);
    sc.mode = mode;
    sc.validate(mode).map_err(|e| e.to_string())?;
    Ok((mode, sc))
}
