//! Scenarios for scale: the 65,536-frame preset and the benchmark's large scenario.

use super::build::{bulk_call, pool, task};
use crate::model::gfp::Gfp;
use crate::model::types::{Mode, Semantics};
use crate::scenario::{Op, PcpSpec, Scenario, ZoneSpec};

pub(super) fn big() -> Scenario {
    let bio = || {
        vec![
            bulk_call(256, Gfp::GFP_NOIO, true),
            Op::Io { ms: 20 },
            Op::FreeAll,
        ]
    };
    let ops = |n: usize| (0..n).flat_map(|_| bio()).collect::<Vec<_>>();
    Scenario {
        zone: ZoneSpec {
            pages: 65_536,
            free: Some(60_000),
            min: 1024,
            low: 1280,
            high: 1536,
            ..ZoneSpec::default()
        },
        pcp: PcpSpec {
            count: 100,
            batch: 63,
            high: 378,
            locked_by_other: false,
        },
        pool: pool(256, 256),
        tasks: vec![
            task("A", ops(4)),
            task("B", ops(4)),
            task("C", ops(4)),
            task("D", ops(4)),
        ],
        ..Scenario::default()
    }
}

/// The benchmark's large scenario: a 2^20-frame zone and `bios` successive 256-page bio
/// allocations (mempool bulk, callback delivery into the bio), each freed before the next.
pub fn large(frames: u32, bios: u32) -> Scenario {
    let mut ops = Vec::with_capacity(bios as usize * 2);
    for _ in 0..bios {
        ops.push(bulk_call(256, Gfp::GFP_NOIO, true));
        ops.push(Op::FreeAll);
    }
    Scenario {
        name: format!("large-{frames}-{bios}"),
        description: format!("{bios} successive 256-page bios in a {frames}-frame zone"),
        semantics: Some(Semantics::V2_2023),
        mode: Mode::Callback,
        horizon_ms: 1_000,
        zone: ZoneSpec {
            pages: frames,
            free: Some(frames as u64 * 3 / 4),
            min: 1024,
            low: 1280,
            high: 1536,
            ..ZoneSpec::default()
        },
        pcp: PcpSpec {
            count: 0,
            batch: 63,
            high: 378,
            locked_by_other: false,
        },
        pool: pool(256, 256),
        tasks: vec![task("A", ops)],
        ..Scenario::default()
    }
}
