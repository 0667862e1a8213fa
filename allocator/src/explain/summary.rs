//! The summary of a run: the numbers every preset's "Expected" text talks about, and the
//! `summary` object of `bulkpool run --format json` (exactly these fields).

use crate::explain::outcome::{classify, Outcome};
use crate::model::world::{CallKind, CallResult, TaskStats};
use crate::trace::Trace;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub tasks: Vec<TaskSummary>,
    pub zone: ZoneSummary,
    pub pool: PoolSummary,
    pub work: WorkSummary,
    pub events: usize,
    /// How the run ended (`explain::outcome::classify`): only in the summary of the whole run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

/// The last call's return value as the kernel function returns it: `true`/`false` from Yang
/// Shi's bulk calls, a count from `alloc_pages_bulk`, 0 from `mempool_alloc_bulk` (it always
/// returns 0), `"page"` or null (NULL) from `mempool_alloc`, `"bio"` from dm-crypt's
/// `crypt_alloc_buffer`; null before any call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Returned {
    Bool(bool),
    Count(u32),
    Text(&'static str),
    Null(()),
}

impl Returned {
    fn of(stats: &TaskStats) -> Returned {
        match (stats.result_of, stats.result) {
            (_, None) => Returned::Null(()),
            (Some(CallKind::MempoolAlloc), Some(CallResult::Bool(true))) => Returned::Text("page"),
            (Some(CallKind::MempoolAlloc), Some(CallResult::Bool(false))) => Returned::Null(()),
            (Some(CallKind::MainlineBulk | CallKind::MempoolInit | CallKind::MempoolResize), _) => {
                Returned::Count(0)
            }
            (Some(CallKind::DmCrypt), Some(CallResult::Bool(true))) => Returned::Text("bio"),
            (_, Some(CallResult::Bool(b))) => Returned::Bool(b),
            (_, Some(CallResult::Count(n))) => Returned::Count(n),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaskSummary {
    pub name: String,
    /// The last call's outcome in the model's terms (fulfilled or not; a count).
    #[serde(skip)]
    pub result: Option<CallResult>,
    /// The same, as the kernel function returns it (JSON `result`).
    #[serde(rename = "result")]
    pub returned: Returned,
    pub pages: u32,
    pub from_bulk: u32,
    pub from_pool: u32,
    pub bulk_calls: u32,
    pub sleeps: u32,
    pub timeouts: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ZoneSummary {
    pub buddy_free: u64,
    pub pcp_count: u32,
    pub pgalloc: u64,
    pub kswapd_woken: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PoolSummary {
    pub curr_nr: u32,
    pub min_nr: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WorkSummary {
    pub list_inserts: u64,
    pub list_removes: u64,
    pub array_zeroing_writes: u64,
    pub array_reads: u64,
    pub array_writes: u64,
    pub callbacks: u64,
    pub bvec_writes: u64,
    /// What every call costs, whatever the delivery (`Work`).
    pub mempool_calls: u64,
    pub allocator_calls: u64,
    pub pool_lock: u64,
    pub zone_lock: u64,
    pub pcp_lock: u64,
    pub watermark_checks: u64,
}

impl Trace {
    /// The summary of the state at `step` (use `self.len()` for the end of the run).
    pub fn summary_at(&self, step: usize) -> Summary {
        let w = self.state_at(step);
        let tasks = w
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| TaskSummary {
                name: self.task_name(i as u8).to_string(),
                result: t.stats.result,
                returned: Returned::of(&t.stats),
                pages: t.page_count(),
                from_bulk: t.stats.from_bulk,
                from_pool: t.stats.from_pool,
                bulk_calls: t.stats.bulk_calls,
                sleeps: t.stats.sleeps,
                timeouts: t.stats.timeouts,
            })
            .collect();
        let k = &w.work;
        Summary {
            tasks,
            zone: ZoneSummary {
                buddy_free: w.zone.buddy.nr_free_pages(),
                pcp_count: w.zone.pcp.count(),
                pgalloc: w.zone.stats.pgalloc,
                kswapd_woken: w.zone.kswapd.wakeups > 0,
            },
            pool: PoolSummary {
                curr_nr: w.curr_nr(),
                min_nr: w.pool.as_ref().map_or(0, |p| p.min_nr),
            },
            work: WorkSummary {
                list_inserts: k.list_inserts,
                list_removes: k.list_removes,
                array_zeroing_writes: k.array_zeroing_writes,
                array_reads: k.array_reads,
                array_writes: k.array_writes,
                callbacks: k.callbacks,
                bvec_writes: k.bvec_writes,
                mempool_calls: k.mempool_calls,
                allocator_calls: k.allocator_calls,
                pool_lock: k.pool_lock,
                zone_lock: k.zone_lock,
                pcp_lock: k.pcp_lock,
                watermark_checks: k.watermark_checks,
            },
            events: step.min(self.len()),
            outcome: None,
        }
    }

    /// The summary of the whole run, with how it ended.
    pub fn summary(&self) -> Summary {
        Summary {
            outcome: Some(classify(self)),
            ..self.summary_at(self.len())
        }
    }
}
