//! The summary of a run: the numbers every preset's "Expected" text talks about, and the
//! `summary` object of `bulkpool run --format json` (exactly these fields).

use crate::model::world::CallResult;
use crate::trace::Trace;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub tasks: Vec<TaskSummary>,
    pub zone: ZoneSummary,
    pub pool: PoolSummary,
    pub work: WorkSummary,
    pub events: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaskSummary {
    pub name: String,
    /// A bool for mempool calls, an integer for plain bulk calls, null if no call finished.
    pub result: Option<CallResult>,
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
            },
            events: step.min(self.len()),
        }
    }

    pub fn summary(&self) -> Summary {
        self.summary_at(self.len())
    }
}
