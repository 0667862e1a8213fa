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
/// the scenario's own where it can run in `mode`, else none, so that the series that offers
/// the mode runs it (`Semantics::yang_shi_for`).
pub fn semantics_for(base: &Scenario, mode: Mode) -> Option<Semantics> {
    let mut sc = base.clone();
    sc.mode = mode;
    if sc.validate(mode).is_ok() {
        base.semantics
    } else {
        None
    }
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
