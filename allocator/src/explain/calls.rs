//! What a run calls, in a few words ("per-page mempool_alloc", "dm-crypt, compound pages +
//! per-page mempool_alloc", "alloc_pages_bulk, then mempool_alloc_bulk"), so that a title, a
//! compare lane or a sweep line names the code it ran rather than only a version: a v6.0 run
//! of a bulk scenario is made of single-element calls, and no 6.19 dm-crypt run calls
//! `mempool_alloc_bulk`.

use crate::model::types::{Mode, Semantics};
use crate::scenario::{Op, Scenario};

/// The calls the scenario's tasks make under `sem` in `mode`, distinct, joined by " + ";
/// empty when no task allocates (frees, init or resize only).
pub fn what_runs(sc: &Scenario, sem: Semantics, mode: Mode) -> String {
    let mut parts: Vec<String> = Vec::new();
    for op in sc.tasks.iter().flat_map(|t| &t.ops) {
        let part = match op {
            Op::MempoolBulk { bulk_first, .. } => match sem {
                Semantics::Mainline6_19 if *bulk_first => {
                    "alloc_pages_bulk, then mempool_alloc_bulk".to_string()
                }
                Semantics::Mainline6_19 => "mempool_alloc_bulk".to_string(),
                // v6.0 has no mempool bulk call: views run the per-page form
                // (`view::versions::per_page`).
                Semantics::K6_0 | Semantics::PreMay2022 => "per-page mempool_alloc".to_string(),
                Semantics::Rfc2022 | Semantics::V2_2023 => format!("mempool bulk, {mode}"),
            },
            Op::MempoolAlloc { .. } => "per-page mempool_alloc".to_string(),
            Op::DmCrypt { .. } => match sem {
                Semantics::Rfc2022 | Semantics::V2_2023 => {
                    format!("dm-crypt, mempool bulk, {mode}")
                }
                Semantics::Mainline6_19 => {
                    "dm-crypt, compound pages + per-page mempool_alloc".to_string()
                }
                Semantics::K6_0 | Semantics::PreMay2022 => {
                    "dm-crypt, per-page mempool_alloc".to_string()
                }
            },
            Op::Bulk { .. } => format!("alloc_pages_bulk, {mode}"),
            _ => continue,
        };
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts.join(" + ")
}
