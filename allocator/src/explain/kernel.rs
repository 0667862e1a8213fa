//! The kernel lines the model links to: for each modelled statement (a [`Site`]), the file,
//! line, enclosing function and the names that must appear on that line, in the released v6.0
//! and v6.19 sources. Links and names only: no kernel code is copied here. The test
//! `tests/kernel_links.rs` checks every entry against `../shared/kernel/` (or, where those
//! sources are absent, against `tests/kernel_lines.lock`, written when they were checked).

use serde::Serialize;
use std::fmt;

/// A released kernel whose source the model links to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Kver {
    #[serde(rename = "v6.0")]
    V6_0,
    #[serde(rename = "v6.19")]
    V6_19,
}

impl Kver {
    pub fn name(self) -> &'static str {
        match self {
            Kver::V6_0 => "v6.0",
            Kver::V6_19 => "v6.19",
        }
    }
}

/// One line of a released kernel source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct KernelLine {
    pub version: Kver,
    pub file: &'static str,
    pub line: u32,
    /// The function the line is in.
    pub function: &'static str,
    /// Names (identifiers, numbers) that must all appear on the line.
    pub words: &'static [&'static str],
}

impl KernelLine {
    /// The Elixir cross-referencer's address of the line.
    pub fn url(&self) -> String {
        format!(
            "https://elixir.bootlin.com/linux/{}/source/{}#L{}",
            self.version.name(),
            self.file,
            self.line
        )
    }
}

impl fmt::Display for KernelLine {
    /// `mm/page_alloc.c:5399`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A statement the model reproduces, in the kernel versions where it exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Site {
    BulkEntry,
    BulkPrefixScan,
    BulkAlreadyPopulated,
    BulkOnePage,
    BulkZoneMark,
    BulkNoZone,
    BulkTrylock,
    BulkTrylockFail,
    BulkSkip,
    BulkListAdd,
    BulkArrayStore,
    BulkNoPage,
    BulkNoAccount,
    BulkPgalloc,
    BulkReturn,
    FastPath,
    WakeKswapd,
    SlowMin,
    NoDirectReclaim,
    DirectReclaim,
    ReclaimRetry,
    DrainAll,
    NoRetry,
    OomProgress,
    SlowRetry,
    WakeKswapdRetry,
    /// `wakeup_kswapd` returns without waking kswapd: the node is balanced at the order.
    WakeKswapdBalanced,
    SlowRetryMin,
    PcpTrylock,
    PcpRefill,
    PcpTake,
    BuddyTake,
    FreeToPcp,
    FreeToBuddy,
    PcpDrain,
    MempoolFreeAdd,
    MempoolFreeAddZeroMin,
    MempoolWake,
    MempoolAllocEntry,
    /// `VM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO)` in `mempool_alloc`.
    WarnZero,
    /// `VM_WARN_ON_ONCE(count > pool->min_nr)` in `mempool_alloc_bulk`.
    WarnCountOverMinNr,
    MempoolAllocCall,
    MempoolAllocTake,
    MempoolAllocEmpty,
    MempoolAllocRetry,
    MempoolAllocNull,
    MempoolAllocGot,
    MempoolAllocGotReserve,
    MempoolSleep,
    MempoolResume,
    MbAlloc,
    MbSkip,
    MbShort,
    MbTake,
    MbUnlock,
    MbFullMask,
    MbReturn,
    InitEntry,
    InitAdd,
    InitDone,
    ResizeEntry,
    ResizeShrinkFree,
    ResizeSetMin,
    ResizeGrowMin,
    ResizeGrowAdd,
    ResizeDone,
    DmEntry,
    DmMutexLock,
    DmBioAlloc,
    DmBioPut,
    DmAddDR,
    DmBioAdd,
    DmMutexUnlock,
    DmReturn,
    DmFolioPut,
    DmFolioUncount,
    DmCompoundTry,
    DmOverLimit,
    DmCompoundCount,
    DmPageLimit,
    DmPageNull,
    DmPageCount,
    DmPageUncount,
    KswapdBalanced,
    OomNoFs,
}

const PA: &str = "mm/page_alloc.c";
const MP: &str = "mm/mempool.c";
const DM: &str = "drivers/md/dm-crypt.c";
const VS: &str = "mm/vmscan.c";
const OK: &str = "mm/oom_kill.c";

/// One row of [`LINES`]: site, version, file, line, function, words.
pub type LineRow = (
    Site,
    Kver,
    &'static str,
    u32,
    &'static str,
    &'static [&'static str],
);

/// Every linked line.
#[rustfmt::skip]
pub const LINES: &[LineRow] = &[
    (Site::BulkEntry, Kver::V6_0, PA, 5360, "__alloc_pages_bulk", &["__alloc_pages_bulk"]),
    (Site::BulkEntry, Kver::V6_19, PA, 5055, "alloc_pages_bulk_noprof", &["alloc_pages_bulk_noprof"]),
    (Site::BulkPrefixScan, Kver::V6_0, PA, 5381, "__alloc_pages_bulk", &["nr_populated", "nr_pages", "page_array"]),
    (Site::BulkPrefixScan, Kver::V6_19, PA, 5074, "alloc_pages_bulk_noprof", &["nr_populated", "nr_pages", "page_array"]),
    (Site::BulkAlreadyPopulated, Kver::V6_0, PA, 5389, "__alloc_pages_bulk", &["nr_pages", "nr_populated", "0"]),
    (Site::BulkAlreadyPopulated, Kver::V6_19, PA, 5082, "alloc_pages_bulk_noprof", &["nr_pages", "nr_populated", "0"]),
    (Site::BulkOnePage, Kver::V6_0, PA, 5397, "__alloc_pages_bulk", &["nr_pages", "nr_populated", "1"]),
    (Site::BulkOnePage, Kver::V6_19, PA, 5090, "alloc_pages_bulk_noprof", &["nr_pages", "nr_populated", "1"]),
    (Site::BulkZoneMark, Kver::V6_0, PA, 5433, "__alloc_pages_bulk", &["mark", "wmark_pages", "zone", "alloc_flags", "ALLOC_WMARK_MASK", "nr_pages"]),
    (Site::BulkZoneMark, Kver::V6_19, PA, 5129, "alloc_pages_bulk_noprof", &["mark", "wmark_pages", "zone", "alloc_flags", "ALLOC_WMARK_MASK", "nr_pages"]),
    (Site::BulkNoZone, Kver::V6_0, PA, 5445, "__alloc_pages_bulk", &["zone"]),
    (Site::BulkNoZone, Kver::V6_19, PA, 5150, "alloc_pages_bulk_noprof", &["zone"]),
    (Site::BulkTrylock, Kver::V6_0, PA, 5450, "__alloc_pages_bulk", &["pcp", "pcp_spin_trylock"]),
    (Site::BulkTrylock, Kver::V6_19, PA, 5154, "alloc_pages_bulk_noprof", &["pcp", "pcp_spin_trylock"]),
    (Site::BulkTrylockFail, Kver::V6_0, PA, 5451, "__alloc_pages_bulk", &["pcp"]),
    (Site::BulkTrylockFail, Kver::V6_19, PA, 5155, "alloc_pages_bulk_noprof", &["pcp"]),
    (Site::BulkSkip, Kver::V6_0, PA, 5459, "__alloc_pages_bulk", &["page_array", "nr_populated"]),
    (Site::BulkSkip, Kver::V6_19, PA, 5163, "alloc_pages_bulk_noprof", &["page_array", "nr_populated"]),
    (Site::BulkListAdd, Kver::V6_0, PA, 5478, "__alloc_pages_bulk", &["list_add", "page", "lru", "page_list"]),
    (Site::BulkArrayStore, Kver::V6_0, PA, 5480, "__alloc_pages_bulk", &["page_array", "nr_populated", "page"]),
    (Site::BulkArrayStore, Kver::V6_19, PA, 5182, "alloc_pages_bulk_noprof", &["page_array", "nr_populated", "page"]),
    (Site::BulkNoPage, Kver::V6_0, PA, 5466, "__alloc_pages_bulk", &["page"]),
    (Site::BulkNoPage, Kver::V6_19, PA, 5170, "alloc_pages_bulk_noprof", &["page"]),
    (Site::BulkNoAccount, Kver::V6_0, PA, 5468, "__alloc_pages_bulk", &["nr_account"]),
    (Site::BulkNoAccount, Kver::V6_19, PA, 5172, "alloc_pages_bulk_noprof", &["nr_account"]),
    (Site::BulkPgalloc, Kver::V6_0, PA, 5487, "__alloc_pages_bulk", &["__count_zid_vm_events", "PGALLOC", "zone_idx", "zone", "nr_account"]),
    (Site::BulkPgalloc, Kver::V6_19, PA, 5187, "alloc_pages_bulk_noprof", &["__count_zid_vm_events", "PGALLOC", "zone_idx", "zone", "nr_account"]),
    (Site::BulkReturn, Kver::V6_0, PA, 5491, "__alloc_pages_bulk", &["return", "nr_populated"]),
    (Site::BulkReturn, Kver::V6_19, PA, 5191, "alloc_pages_bulk_noprof", &["return", "nr_populated"]),
    (Site::FastPath, Kver::V6_0, PA, 5549, "__alloc_pages", &["page", "get_page_from_freelist", "alloc_gfp", "order", "alloc_flags", "ac"]),
    (Site::FastPath, Kver::V6_19, PA, 5240, "__alloc_frozen_pages_noprof", &["page", "get_page_from_freelist", "alloc_gfp", "order", "alloc_flags", "ac"]),
    (Site::WakeKswapd, Kver::V6_0, PA, 5078, "__alloc_pages_slowpath", &["wake_all_kswapds", "order", "gfp_mask", "ac"]),
    (Site::WakeKswapd, Kver::V6_19, PA, 4765, "__alloc_pages_slowpath", &["wake_all_kswapds", "order", "gfp_mask", "ac"]),
    (Site::SlowMin, Kver::V6_0, PA, 5084, "__alloc_pages_slowpath", &["page", "get_page_from_freelist", "gfp_mask", "order", "alloc_flags", "ac"]),
    (Site::SlowMin, Kver::V6_19, PA, 4771, "__alloc_pages_slowpath", &["page", "get_page_from_freelist", "gfp_mask", "order", "alloc_flags", "ac"]),
    (Site::NoDirectReclaim, Kver::V6_0, PA, 5169, "__alloc_pages_slowpath", &["can_direct_reclaim"]),
    (Site::NoDirectReclaim, Kver::V6_19, PA, 4865, "__alloc_pages_slowpath", &["can_direct_reclaim"]),
    (Site::DirectReclaim, Kver::V6_0, PA, 4772, "__alloc_pages_direct_reclaim", &["did_some_progress", "__perform_reclaim", "gfp_mask", "order", "ac"]),
    (Site::DirectReclaim, Kver::V6_19, PA, 4429, "__alloc_pages_direct_reclaim", &["did_some_progress", "__perform_reclaim", "gfp_mask", "order", "ac"]),
    (Site::ReclaimRetry, Kver::V6_0, PA, 4777, "__alloc_pages_direct_reclaim", &["page", "get_page_from_freelist", "gfp_mask", "order", "alloc_flags", "ac"]),
    (Site::ReclaimRetry, Kver::V6_19, PA, 4434, "__alloc_pages_direct_reclaim", &["page", "get_page_from_freelist", "gfp_mask", "order", "alloc_flags", "ac"]),
    (Site::DrainAll, Kver::V6_0, PA, 4786, "__alloc_pages_direct_reclaim", &["drain_all_pages", "NULL"]),
    (Site::DrainAll, Kver::V6_19, PA, 4443, "__alloc_pages_direct_reclaim", &["drain_all_pages", "NULL"]),
    (Site::NoRetry, Kver::V6_0, PA, 5189, "__alloc_pages_slowpath", &["gfp_mask", "__GFP_NORETRY"]),
    (Site::NoRetry, Kver::V6_19, PA, 4885, "__alloc_pages_slowpath", &["gfp_mask", "__GFP_NORETRY"]),
    (Site::OomProgress, Kver::V6_0, PA, 5236, "__alloc_pages_slowpath", &["did_some_progress"]),
    (Site::OomProgress, Kver::V6_19, PA, 4938, "__alloc_pages_slowpath", &["did_some_progress"]),
    (Site::SlowRetry, Kver::V6_0, PA, 5143, "__alloc_pages_slowpath", &["retry"]),
    (Site::SlowRetry, Kver::V6_19, PA, 4830, "__alloc_pages_slowpath", &["retry"]),
    (Site::PcpTrylock, Kver::V6_0, PA, 3794, "rmqueue_pcplist", &["pcp", "pcp_spin_trylock"]),
    (Site::PcpTrylock, Kver::V6_19, PA, 3360, "rmqueue_pcplist", &["pcp", "pcp_spin_trylock"]),
    (Site::PcpRefill, Kver::V6_0, PA, 3760, "__rmqueue_pcplist", &["alloced", "rmqueue_bulk", "zone", "order"]),
    (Site::PcpRefill, Kver::V6_19, PA, 3332, "__rmqueue_pcplist", &["alloced", "rmqueue_bulk", "zone", "order"]),
    (Site::PcpTake, Kver::V6_0, PA, 3769, "__rmqueue_pcplist", &["page", "list_first_entry", "list", "pcp_list"]),
    (Site::PcpTake, Kver::V6_19, PA, 3341, "__rmqueue_pcplist", &["page", "list_first_entry", "list", "pcp_list"]),
    (Site::BuddyTake, Kver::V6_0, PA, 3848, "rmqueue", &["page", "rmqueue_buddy", "preferred_zone", "zone", "order", "alloc_flags"]),
    (Site::BuddyTake, Kver::V6_19, PA, 3407, "rmqueue", &["page", "rmqueue_buddy", "preferred_zone", "zone", "order", "alloc_flags"]),
    (Site::FreeToPcp, Kver::V6_0, PA, 3499, "free_unref_page", &["free_unref_page_commit", "zone", "pcp", "page", "migratetype", "order"]),
    (Site::FreeToPcp, Kver::V6_19, PA, 3000, "__free_frozen_pages", &["free_frozen_page_commit", "zone", "pcp", "page", "migratetype"]),
    (Site::FreeToBuddy, Kver::V6_0, PA, 3502, "free_unref_page", &["free_one_page", "zone", "page", "pfn", "order", "migratetype", "FPI_NONE"]),
    (Site::FreeToBuddy, Kver::V6_19, PA, 3005, "__free_frozen_pages", &["free_one_page", "zone", "page", "pfn", "order", "fpi_flags"]),
    (Site::PcpDrain, Kver::V6_0, PA, 3460, "free_unref_page_commit", &["free_pcppages_bulk", "zone", "nr_pcp_free", "pcp", "high", "batch", "free_high", "pindex"]),
    (Site::PcpDrain, Kver::V6_19, PA, 2910, "free_frozen_page_commit", &["free_pcppages_bulk", "zone", "to_free_batched", "pcp", "pindex"]),
    (Site::MempoolFreeAdd, Kver::V6_0, MP, 494, "mempool_free", &["add_element", "pool", "element"]),
    (Site::MempoolFreeAdd, Kver::V6_19, MP, 677, "mempool_free_bulk", &["add_element", "pool", "elems", "freed"]),
    (Site::MempoolFreeAddZeroMin, Kver::V6_19, MP, 686, "mempool_free_bulk", &["add_element", "pool", "elems", "freed"]),
    (Site::MempoolWake, Kver::V6_0, MP, 496, "mempool_free", &["wake_up", "pool", "wait"]),
    (Site::MempoolWake, Kver::V6_19, MP, 693, "mempool_free_bulk", &["wake_up", "pool", "wait"]),
    (Site::MempoolAllocEntry, Kver::V6_0, MP, 374, "mempool_alloc", &["mempool_alloc", "mempool_t", "pool", "gfp_mask"]),
    (Site::MempoolAllocEntry, Kver::V6_19, MP, 553, "mempool_alloc_noprof", &["mempool_alloc_noprof", "mempool", "pool", "gfp_mask"]),
    (Site::MempoolAllocCall, Kver::V6_0, MP, 392, "mempool_alloc", &["element", "pool", "alloc", "gfp_temp", "pool_data"]),
    (Site::MempoolAllocCall, Kver::V6_19, MP, 567, "mempool_alloc_noprof", &["element", "pool", "alloc", "gfp_temp", "pool_data"]),
    (Site::MempoolAllocTake, Kver::V6_0, MP, 398, "mempool_alloc", &["element", "remove_element", "pool"]),
    (Site::MempoolAllocTake, Kver::V6_19, MP, 425, "mempool_alloc_from_pool", &["elems", "i", "remove_element", "pool"]),
    (Site::MempoolAllocEmpty, Kver::V6_0, MP, 397, "mempool_alloc", &["pool", "curr_nr"]),
    (Site::MempoolAllocEmpty, Kver::V6_19, MP, 421, "mempool_alloc_from_pool", &["pool", "curr_nr", "count", "allocated"]),
    (Site::MempoolAllocRetry, Kver::V6_0, MP, 414, "mempool_alloc", &["gfp_temp", "gfp_mask"]),
    (Site::MempoolAllocRetry, Kver::V6_19, MP, 579, "mempool_alloc_noprof", &["gfp_temp", "gfp_mask"]),
    (Site::MempoolAllocNull, Kver::V6_0, MP, 423, "mempool_alloc", &["return", "NULL"]),
    (Site::MempoolAllocNull, Kver::V6_19, MP, 589, "mempool_alloc_noprof", &["return", "element"]),
    (Site::MempoolAllocGot, Kver::V6_0, MP, 394, "mempool_alloc", &["return", "element"]),
    (Site::MempoolAllocGot, Kver::V6_19, MP, 589, "mempool_alloc_noprof", &["return", "element"]),
    (Site::MempoolSleep, Kver::V6_0, MP, 436, "mempool_alloc", &["io_schedule_timeout", "5", "HZ"]),
    (Site::MempoolSleep, Kver::V6_19, MP, 455, "mempool_alloc_from_pool", &["io_schedule_timeout", "5", "HZ"]),
    (Site::MempoolResume, Kver::V6_0, MP, 438, "mempool_alloc", &["finish_wait", "pool", "wait"]),
    (Site::MempoolResume, Kver::V6_19, MP, 456, "mempool_alloc_from_pool", &["finish_wait", "pool", "wait"]),
    (Site::WarnZero, Kver::V6_0, MP, 381, "mempool_alloc", &["VM_WARN_ON_ONCE", "gfp_mask", "__GFP_ZERO"]),
    (Site::WarnZero, Kver::V6_19, MP, 558, "mempool_alloc_noprof", &["VM_WARN_ON_ONCE", "gfp_mask", "__GFP_ZERO"]),
    (Site::WarnCountOverMinNr, Kver::V6_19, MP, 500, "mempool_alloc_bulk_noprof", &["VM_WARN_ON_ONCE", "count", "pool", "min_nr"]),
    (Site::MbAlloc, Kver::V6_19, MP, 521, "mempool_alloc_bulk_noprof", &["elems", "i", "pool", "alloc", "gfp_temp", "pool_data"]),
    (Site::MbSkip, Kver::V6_19, MP, 519, "mempool_alloc_bulk_noprof", &["elems", "i"]),
    (Site::MbShort, Kver::V6_19, MP, 421, "mempool_alloc_from_pool", &["pool", "curr_nr", "count", "allocated"]),
    (Site::MbTake, Kver::V6_19, MP, 425, "mempool_alloc_from_pool", &["elems", "i", "remove_element", "pool"]),
    (Site::MbUnlock, Kver::V6_19, MP, 429, "mempool_alloc_from_pool", &["spin_unlock_irqrestore", "pool", "lock", "flags"]),
    (Site::MbFullMask, Kver::V6_19, MP, 532, "mempool_alloc_bulk_noprof", &["gfp_temp", "gfp_mask"]),
    (Site::MbReturn, Kver::V6_19, MP, 527, "mempool_alloc_bulk_noprof", &["return", "0"]),
    (Site::InitEntry, Kver::V6_0, MP, 179, "mempool_init_node", &["mempool_init_node"]),
    (Site::InitEntry, Kver::V6_19, MP, 233, "mempool_init_node", &["mempool_init_node"]),
    (Site::InitAdd, Kver::V6_0, MP, 206, "mempool_init_node", &["add_element", "pool", "element"]),
    (Site::InitAdd, Kver::V6_19, MP, 264, "mempool_init_node", &["add_element", "pool", "element"]),
    (Site::InitDone, Kver::V6_0, MP, 209, "mempool_init_node", &["return", "0"]),
    (Site::InitDone, Kver::V6_19, MP, 267, "mempool_init_node", &["return", "0"]),
    (Site::ResizeEntry, Kver::V6_0, MP, 298, "mempool_resize", &["mempool_resize"]),
    (Site::ResizeEntry, Kver::V6_19, MP, 351, "mempool_resize", &["mempool_resize"]),
    (Site::ResizeShrinkFree, Kver::V6_0, MP, 312, "mempool_resize", &["pool", "free", "element", "pool_data"]),
    (Site::ResizeShrinkFree, Kver::V6_19, MP, 365, "mempool_resize", &["pool", "free", "element", "pool_data"]),
    (Site::ResizeSetMin, Kver::V6_0, MP, 315, "mempool_resize", &["pool", "min_nr", "new_min_nr"]),
    (Site::ResizeSetMin, Kver::V6_19, MP, 368, "mempool_resize", &["pool", "min_nr", "new_min_nr"]),
    (Site::ResizeGrowMin, Kver::V6_0, MP, 337, "mempool_resize", &["pool", "min_nr", "new_min_nr"]),
    (Site::ResizeGrowMin, Kver::V6_19, MP, 390, "mempool_resize", &["pool", "min_nr", "new_min_nr"]),
    (Site::ResizeGrowAdd, Kver::V6_0, MP, 346, "mempool_resize", &["add_element", "pool", "element"]),
    (Site::ResizeGrowAdd, Kver::V6_19, MP, 399, "mempool_resize", &["add_element", "pool", "element"]),
    (Site::ResizeDone, Kver::V6_0, MP, 356, "mempool_resize", &["return", "0"]),
    (Site::ResizeDone, Kver::V6_19, MP, 409, "mempool_resize", &["return", "0"]),
    (Site::DmEntry, Kver::V6_0, DM, 1661, "crypt_alloc_buffer", &["bio", "crypt_alloc_buffer"]),
    (Site::DmEntry, Kver::V6_19, DM, 1664, "crypt_alloc_buffer", &["bio", "crypt_alloc_buffer"]),
    (Site::DmMutexLock, Kver::V6_0, DM, 1672, "crypt_alloc_buffer", &["mutex_lock", "cc", "bio_alloc_lock"]),
    (Site::DmMutexLock, Kver::V6_19, DM, 1675, "crypt_alloc_buffer", &["mutex_lock", "cc", "bio_alloc_lock"]),
    (Site::DmBioAlloc, Kver::V6_0, DM, 1674, "crypt_alloc_buffer", &["clone", "bio_alloc_bioset", "cc", "dev", "bdev", "nr_iovecs"]),
    (Site::DmBioAlloc, Kver::V6_19, DM, 1677, "crypt_alloc_buffer", &["clone", "bio_alloc_bioset", "cc", "dev", "bdev", "nr_iovecs"]),
    (Site::DmBioPut, Kver::V6_0, DM, 1685, "crypt_alloc_buffer", &["bio_put", "clone"]),
    (Site::DmBioPut, Kver::V6_19, DM, 1710, "crypt_alloc_buffer", &["bio_put", "clone"]),
    (Site::DmAddDR, Kver::V6_0, DM, 1686, "crypt_alloc_buffer", &["gfp_mask", "__GFP_DIRECT_RECLAIM"]),
    (Site::DmAddDR, Kver::V6_19, DM, 1711, "crypt_alloc_buffer", &["gfp_mask", "__GFP_DIRECT_RECLAIM"]),
    (Site::DmBioAdd, Kver::V6_0, DM, 1692, "crypt_alloc_buffer", &["bio_add_page", "clone", "page", "len", "0"]),
    (Site::DmBioAdd, Kver::V6_19, DM, 1718, "crypt_alloc_buffer", &["__bio_add_page", "clone", "pages", "size_to_add", "0"]),
    (Site::DmMutexUnlock, Kver::V6_0, DM, 1705, "crypt_alloc_buffer", &["mutex_unlock", "cc", "bio_alloc_lock"]),
    (Site::DmMutexUnlock, Kver::V6_19, DM, 1730, "crypt_alloc_buffer", &["mutex_unlock", "cc", "bio_alloc_lock"]),
    (Site::DmReturn, Kver::V6_0, DM, 1707, "crypt_alloc_buffer", &["return", "clone"]),
    (Site::DmReturn, Kver::V6_19, DM, 1732, "crypt_alloc_buffer", &["return", "clone"]),
    (Site::DmFolioPut, Kver::V6_19, DM, 1744, "crypt_free_buffer_pages", &["folio_put", "fi", "folio"]),
    (Site::DmFolioUncount, Kver::V6_19, DM, 1742, "crypt_free_buffer_pages", &["percpu_counter_sub", "cc", "n_allocated_pages"]),
    (Site::DmCompoundTry, Kver::V6_19, DM, 1696, "crypt_alloc_buffer", &["pages", "alloc_pages", "gfp_mask"]),
    (Site::DmOverLimit, Kver::V6_19, DM, 1693, "crypt_alloc_buffer", &["percpu_counter_read_positive", "cc", "n_allocated_pages"]),
    (Site::DmCompoundCount, Kver::V6_19, DM, 1700, "crypt_alloc_buffer", &["percpu_counter_add", "cc", "n_allocated_pages", "1", "order"]),
    (Site::DmPageLimit, Kver::V6_0, DM, 2669, "crypt_page_alloc", &["percpu_counter_read_positive", "cc", "n_allocated_pages", "dm_crypt_pages_per_client"]),
    (Site::DmPageLimit, Kver::V6_19, DM, 2713, "crypt_page_alloc", &["percpu_counter_read_positive", "cc", "n_allocated_pages", "dm_crypt_pages_per_client"]),
    (Site::DmPageNull, Kver::V6_0, DM, 2671, "crypt_page_alloc", &["return", "NULL"]),
    (Site::DmPageNull, Kver::V6_19, DM, 2715, "crypt_page_alloc", &["return", "NULL"]),
    (Site::DmPageCount, Kver::V6_0, DM, 2675, "crypt_page_alloc", &["percpu_counter_add", "cc", "n_allocated_pages", "1"]),
    (Site::DmPageCount, Kver::V6_19, DM, 2719, "crypt_page_alloc", &["percpu_counter_add", "cc", "n_allocated_pages", "1"]),
    (Site::DmPageUncount, Kver::V6_0, DM, 2685, "crypt_page_free", &["percpu_counter_sub", "cc", "n_allocated_pages", "1"]),
    (Site::DmPageUncount, Kver::V6_19, DM, 2729, "crypt_page_free", &["percpu_counter_sub", "cc", "n_allocated_pages", "1"]),
    (Site::KswapdBalanced, Kver::V6_0, VS, 3996, "pgdat_balanced", &["zone_watermark_ok_safe", "zone", "order", "mark", "highest_zoneidx"]),
    (Site::KswapdBalanced, Kver::V6_19, VS, 6813, "pgdat_balanced", &["__zone_watermark_ok", "zone", "order", "mark", "highest_zoneidx"]),
    (Site::OomNoFs, Kver::V6_0, OK, 1139, "out_of_memory", &["oc", "gfp_mask", "__GFP_FS", "is_memcg_oom"]),
    (Site::WakeKswapdRetry, Kver::V6_0, PA, 5146, "__alloc_pages_slowpath", &["wake_all_kswapds", "order", "gfp_mask", "ac"]),
    (Site::WakeKswapdRetry, Kver::V6_19, PA, 4841, "__alloc_pages_slowpath", &["wake_all_kswapds", "order", "gfp_mask", "ac"]),
    (Site::WakeKswapdBalanced, Kver::V6_0, VS, 4581, "wakeup_kswapd", &["pgdat_balanced", "pgdat", "order", "highest_zoneidx"]),
    (Site::WakeKswapdBalanced, Kver::V6_19, VS, 7398, "wakeup_kswapd", &["pgdat_balanced", "pgdat", "order", "highest_zoneidx"]),
    (Site::SlowRetryMin, Kver::V6_0, PA, 5164, "__alloc_pages_slowpath", &["page", "get_page_from_freelist", "gfp_mask", "order", "alloc_flags", "ac"]),
    (Site::SlowRetryMin, Kver::V6_19, PA, 4860, "__alloc_pages_slowpath", &["page", "get_page_from_freelist", "gfp_mask", "order", "alloc_flags", "ac"]),
    (Site::MempoolAllocGotReserve, Kver::V6_0, MP, 407, "mempool_alloc", &["return", "element"]),
    (Site::MempoolAllocGotReserve, Kver::V6_19, MP, 589, "mempool_alloc_noprof", &["return", "element"]),
];

impl Site {
    /// The site's line in `version`, if the statement exists there.
    pub fn line(self, version: Kver) -> Option<KernelLine> {
        LINES
            .iter()
            .find(|(s, v, ..)| *s == self && *v == version)
            .map(|&(_, version, file, line, function, words)| KernelLine {
                version,
                file,
                line,
                function,
                words,
            })
    }
}
