//! How big a scenario is before it runs: the zone's highest buddy order, and an upper bound on
//! the events a run can emit, which `Scenario::validate` holds to `limits::MAX_EVENTS` and the
//! viewers use to decide whether a run is generated in slices.

use crate::model::types::Mode;
use crate::scenario::{Op, Scenario};

impl Scenario {
    /// The zone's highest buddy order.
    pub fn max_order(&self) -> u8 {
        self.zone
            .max_order
            .unwrap_or_else(|| (31 - self.zone.pages.max(1).leading_zeros()).min(10) as u8)
    }

    /// An upper bound on the events a run can emit, from the requests, the frees and the
    /// horizon: each page is taken, delivered or consumed, and freed at most once; each pcp
    /// refill or drain moves a batch; each round of a call has a bounded number of structural
    /// events, plus (array mode) a re-scan of the array; rounds come from timeouts and from
    /// wake-ups by other tasks' frees. The arithmetic saturates: the viewers ask before
    /// `validate` has bounded the numbers, and an estimate of `u64::MAX` is simply too many.
    pub fn estimate_events(&self, mode: Mode) -> u64 {
        // Sums and products of the scenario's numbers, saturating at u64::MAX.
        fn add(a: u64, b: u64) -> u64 {
            a.saturating_add(b)
        }
        fn mul(a: u64, b: u64) -> u64 {
            a.saturating_mul(b)
        }
        let batch = self.pcp.batch.max(1) as u64;
        let per_page: u64 = if mode == Mode::Callback { 1 } else { 2 };
        let timeouts = self.horizon_ms / crate::model::world::POOL_TIMEOUT_MS + 1;
        let others = (self.tasks.len() as u64).saturating_sub(1);
        let ticks = self.horizon_ms / 100;
        let mut total: u64 = 16;
        let mut frees: u64 = 0;
        let mut task_frees: Vec<u64> = Vec::with_capacity(self.tasks.len());
        for t in &self.tasks {
            let before = frees;
            let mut held = t.holds as u64;
            for op in &t.ops {
                let (alloc, freed, calls, scan) = match op {
                    Op::MempoolBulk { nr, resume, .. } => {
                        let r = resume.map_or(0, |r| r.held) as u64;
                        held = add(held, r);
                        (
                            *nr as u64,
                            0,
                            1,
                            if mode == Mode::Array { *nr as u64 } else { 0 },
                        )
                    }
                    // Under k6.0 and v6.5+ every page may be its own mempool_alloc call;
                    // the compound path adds at most one try per order and pass.
                    Op::DmCrypt { pages, .. } => {
                        (*pages as u64 * 4 + 64, *pages as u64, *pages as u64 + 2, 0)
                    }
                    Op::MempoolAlloc { count, .. } => (*count as u64, 0, *count as u64, 0),
                    Op::Bulk { nr, .. } => (*nr as u64, 0, 1, *nr as u64),
                    Op::FreeAll => (0, held, 1, 0),
                    Op::Free { count } | Op::FreePages { count } => (0, *count as u64, 1, 0),
                    Op::MempoolInit | Op::Resize { .. } => {
                        let n = self.pool.as_ref().map_or(0, |p| p.min_nr) as u64;
                        let m = match op {
                            Op::Resize { min_nr } => *min_nr as u64,
                            _ => n,
                        };
                        (m.max(n), m.max(n), 1, 0)
                    }
                    Op::Io { .. } | Op::PcpContention { .. } => (0, 0, 1, 0),
                };
                held = add(held, alloc).saturating_sub(freed);
                frees = add(frees, freed);
                let pages = add(alloc, freed);
                let rounds = mul(calls, add(2, timeouts));
                total = add(
                    total,
                    add(
                        add(mul(pages, per_page), mul(2, pages / batch + 1)),
                        mul(rounds, 40 + scan),
                    ),
                );
            }
            task_frees.push(frees - before);
        }
        // A free into the reserve can wake every other task, each of which then runs a round.
        // A task looping in the page allocator (too small to fail) retries whenever the buddy
        // grows while it waits: at another task's free or drain, or at a kswapd tick.
        let retries: u64 = task_frees
            .iter()
            .map(|own| mul(add(frees - own, ticks + 1), 16))
            .fold(0, add);
        add(
            add(total, mul(mul(frees, others), 40)),
            add(ticks * 2, retries),
        )
    }
}
