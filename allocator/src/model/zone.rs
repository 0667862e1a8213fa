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
    /// The single-page fast path.
    Low,
    /// The single-page slow path.
    Min,
}

impl Mark {
    pub fn name(self) -> &'static str {
        match self {
            Mark::BulkLow => "low + nr",
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

/// One CPU's order-0 free list (domain.md §2.3). Front = hot end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pcp {
    pub list: VecDeque<Pfn>,
    pub high: u32,
    pub batch: u32,
    /// A remote drain holds the lock: v6.0's trylock fails.
    pub locked_by_other: bool,
}

impl Pcp {
    pub fn count(&self) -> u32 {
        self.list.len() as u32
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
            Mark::BulkLow | Mark::Low => self.wmark.low,
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
