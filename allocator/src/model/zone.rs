//! One zone: the buddy free areas, watermarks (§4), the per-CPU list (§5), reclaimable memory
//! and kswapd (§6.3), and the zone's statistics.

use crate::model::buddy::Buddy;
use crate::model::types::Pfn;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// The three watermarks, in pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watermarks {
    pub min: u64,
    pub low: u64,
    pub high: u64,
}

/// Which watermark a check uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// The bulk allocator's zone choice: `low + nr` (domain.md §7.2 step 7).
    BulkLow,
    /// A what-if of the same check that charges an array only for its holes: `low + holes`.
    BulkHoles,
    /// The single-page fast path.
    Low,
    /// The single-page slow path.
    Min,
}

impl Mark {
    pub fn name(self) -> &'static str {
        match self {
            Mark::BulkLow => "low + nr",
            Mark::BulkHoles => "low + holes",
            Mark::Low => "low",
            Mark::Min => "min",
        }
    }
}

/// The allocation flags that change a watermark (v6.0 `__zone_watermark_ok`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AllocFlags {
    /// ALLOC_HIGH (from `__GFP_HIGH`, slow path only): the mark is halved.
    pub high: bool,
    /// ALLOC_HARDER (atomic, without NOMEMALLOC): a quarter off.
    pub harder: bool,
}

/// `CONFIG_PCP_BATCH_SCALE_MAX`'s default (mm/Kconfig, v6.19): the largest shift of `batch` a
/// v6.19 refill or drain uses.
pub const PCP_BATCH_SCALE_MAX: u32 = 5;

/// How refills and drains are sized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PcpSizing {
    /// Always `batch` (clamped to `high - batch` when draining) [SIMPL for v6.0's
    /// `free_factor`, docs/MODEL.md §6].
    Batch,
    /// [K6.19] refills of `batch << alloc_factor` (`nr_pcp_alloc`, mm/page_alloc.c:3267-3315)
    /// and drains of `clamp(free_count, batch, high - batch)` (`nr_pcp_free`, 2794), with
    /// `high` fixed (`high_min == high_max`).
    V6_19,
}

/// One CPU's order-0 free list (domain.md §2.3). Front = hot end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pcp {
    pub list: VecDeque<Pfn>,
    pub high: u32,
    pub batch: u32,
    /// A remote drain holds the lock: v6.0's trylock fails.
    pub locked_by_other: bool,
    pub sizing: PcpSizing,
    /// [K6.19] `pcp->free_count`: grows by one per page freed to the list, halves on each
    /// single-page allocation from it.
    pub free_count: u32,
    /// [K6.19] `pcp->alloc_factor`: grows by one per refill, halves on each free.
    pub alloc_factor: u32,
}

impl Pcp {
    pub fn count(&self) -> u32 {
        self.list.len() as u32
    }

    /// `nr_pcp_alloc`'s cap for order 0: `max(high - count - batch, batch)`.
    fn max_nr_alloc(&self) -> u32 {
        (self.high as i64 - self.count() as i64 - self.batch as i64).max(self.batch as i64) as u32
    }

    /// How many pages the next refill asks the buddy for.
    pub fn refill_size(&self) -> u32 {
        match self.sizing {
            PcpSizing::Batch => self.batch,
            // "Check for PCP disabled or boot pageset" (v6.19 mm/page_alloc.c:3278).
            PcpSizing::V6_19 if self.high < self.batch => 1,
            PcpSizing::V6_19 => {
                let scaled = self.batch.saturating_mul(1 << self.alloc_factor);
                scaled.min(self.max_nr_alloc())
            }
        }
    }

    /// How many pages a drain at `high` moves to the buddy.
    pub fn drain_size(&self) -> u32 {
        let max = self.high.saturating_sub(self.batch);
        match self.sizing {
            PcpSizing::Batch => self.batch.min(max),
            PcpSizing::V6_19 if self.high < self.batch => 1,
            PcpSizing::V6_19 => self.free_count.max(self.batch).min(max),
        }
    }

    /// A drain of `n` pages takes the zone lock this many times: once (v6.0
    /// `free_pcppages_bulk`), or once per `batch` pages (v6.19 frees in chunks of `batch`,
    /// dropping the pcp lock between them, 2907-2911).
    pub fn drain_holds(&self, n: u32) -> u32 {
        match self.sizing {
            PcpSizing::Batch => 1,
            PcpSizing::V6_19 => n.div_ceil(self.batch.max(1)).max(1),
        }
    }

    /// `drain_all_pages` takes the zone lock once (v6.0 `drain_pages_zone`), or once per
    /// `batch << PCP_BATCH_SCALE_MAX` pages (v6.19 `drain_pages_zone`, 2647-2658).
    pub fn drain_all_holds(&self, n: u32) -> u32 {
        match self.sizing {
            PcpSizing::Batch => 1,
            PcpSizing::V6_19 => n
                .div_ceil(self.batch.saturating_mul(1 << PCP_BATCH_SCALE_MAX).max(1))
                .max(1),
        }
    }

    /// Before a refill: v6.19 grows `alloc_factor` while the scaled batch fits (3300-3301).
    pub(crate) fn note_refill(&mut self) {
        if self.sizing == PcpSizing::V6_19
            && self.high >= self.batch
            && self.batch.saturating_mul(1 << self.alloc_factor) <= self.max_nr_alloc()
            && self.alloc_factor < PCP_BATCH_SCALE_MAX
        {
            self.alloc_factor += 1;
        }
    }

    /// A page freed onto the list: v6.19 halves `alloc_factor` (2870) and counts the free
    /// (2892-2893).
    pub(crate) fn note_free(&mut self) {
        if self.sizing == PcpSizing::V6_19 {
            self.alloc_factor >>= 1;
            if self.free_count < self.batch.saturating_mul(1 << PCP_BATCH_SCALE_MAX) {
                self.free_count += 1;
            }
        }
    }

    /// The single-page path took the pcp lock (`rmqueue_pcplist`): v6.19 halves `free_count`
    /// (3369).
    pub(crate) fn note_single_alloc(&mut self) {
        if self.sizing == PcpSizing::V6_19 {
            self.free_count >>= 1;
        }
    }
}

/// Page-cache pages that reclaim may free. Clean pages are freed by any reclaim; dirty pages
/// only when the gfp allows I/O or FS activity [SIMPL].
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Reclaimable {
    pub clean: Vec<Pfn>,
    pub dirty: Vec<Pfn>,
}

impl Reclaimable {
    pub fn len(&self) -> usize {
        self.clean.len() + self.dirty.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Removes up to `max` pages: clean ones first, dirty ones only if `dirty_ok`.
    pub fn take(&mut self, max: usize, dirty_ok: bool) -> Vec<Pfn> {
        let n = max.min(self.clean.len());
        let mut out = self.clean.split_off(self.clean.len() - n);
        if dirty_ok && out.len() < max {
            let m = (max - out.len()).min(self.dirty.len());
            out.extend(self.dirty.split_off(self.dirty.len() - m));
        }
        out
    }
    pub fn available(&self, dirty_ok: bool) -> usize {
        self.clean.len() + if dirty_ok { self.dirty.len() } else { 0 }
    }
}

/// The background reclaimer [SIMPL]: once woken it frees `rate` pages per 100 ms of simulated
/// time until the zone is above its high watermark or nothing is left to reclaim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kswapd {
    pub awake: bool,
    pub wakeups: u32,
    pub rate: u32,
    pub reclaimed: u64,
}

/// Per-zone statistics, as in `/proc/vmstat` and `/proc/zoneinfo`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ZoneStats {
    /// PGALLOC: order-0 pages handed out by the page allocator.
    pub pgalloc: u64,
    /// Pages returned to the page allocator (pcp or buddy).
    pub pgfree: u64,
    /// Pages freed by direct reclaim.
    pub direct_reclaimed: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    pub pages: u32,
    pub buddy: Buddy,
    pub wmark: Watermarks,
    pub lowmem_reserve: u64,
    pub pcp: Pcp,
    pub reclaim: Reclaimable,
    pub kswapd: Kswapd,
    pub stats: ZoneStats,
}

/// The result of one watermark check, with the numbers it compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    pub free: u64,
    pub mark: u64,
    pub ok: bool,
}

impl Zone {
    /// The base page count of a watermark kind, before `nr` or flag adjustments.
    pub fn mark_pages(&self, mark: Mark) -> u64 {
        match mark {
            Mark::BulkLow | Mark::BulkHoles | Mark::Low => self.wmark.low,
            Mark::Min => self.wmark.min,
        }
    }

    /// §4 for order > 0 (v6.0 `__zone_watermark_ok`): the order's own pages do not count
    /// (`free - (2^order - 1)`), and a movable free block of at least that order must exist.
    pub fn watermark_ok_order(&self, mark: u64, flags: AllocFlags, order: u8) -> Check {
        let mut check = self.watermark_ok(mark, flags);
        if order == 0 {
            return check;
        }
        check.free = check.free.saturating_sub((1u64 << order) - 1);
        let counts = self.buddy.counts(crate::model::buddy::BlockType::Movable);
        let block = counts.iter().skip(order as usize).any(|&n| n > 0);
        check.ok = check.free > check.mark + self.lowmem_reserve && block;
        check
    }

    /// §4: `free > mark + lowmem_reserve`, with `free` the buddy pages only.
    pub fn watermark_ok(&self, mark: u64, flags: AllocFlags) -> Check {
        let mut mark = mark;
        if flags.high {
            mark -= mark / 2;
        }
        if flags.harder {
            mark -= mark / 4;
        }
        let free = self.buddy.nr_free_pages();
        Check {
            free,
            mark,
            ok: free > mark + self.lowmem_reserve,
        }
    }
}
