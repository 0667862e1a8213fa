//! The pseudo-code the code panel shows, in our own words, one listing per algorithm. Each trace
//! event names a `Line(listing, n)`; `n` counts from 1 into `lines(listing)`. The simulation
//! emits the line numbers and this file holds the text they point into, so the two change
//! together here; the explain layer only reads them.

use serde::Serialize;

/// The pseudo-code listings, one per algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Listing {
    MempoolBulk,
    BulkAlloc,
    AllocPage,
    MempoolAlloc,
    MempoolFree,
    MempoolSetup,
    MainlineBulk,
    DmCrypt,
    Task,
}

/// The listings, in `Listing`'s order (`Reached` indexes by it).
pub const LISTINGS: [Listing; 9] = [
    Listing::MempoolBulk,
    Listing::BulkAlloc,
    Listing::AllocPage,
    Listing::MempoolAlloc,
    Listing::MempoolFree,
    Listing::MempoolSetup,
    Listing::MainlineBulk,
    Listing::DmCrypt,
    Listing::Task,
];

/// Which lines of each listing a run reaches: a bit per line (line `n`, bit `n`); every
/// listing has fewer than 64 lines (a test keeps it so).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reached([u64; LISTINGS.len()]);

impl Reached {
    /// The lines `lines` reach.
    pub fn of(lines: impl Iterator<Item = Line>) -> Reached {
        let mut bits = [0u64; LISTINGS.len()];
        for Line(listing, n) in lines {
            bits[listing as usize] |= 1u64.checked_shl(n as u32).unwrap_or(0);
        }
        Reached(bits)
    }

    /// Whether some step reaches line `n` of `listing`.
    pub fn line(&self, listing: Listing, n: u8) -> bool {
        self.0[listing as usize] & 1u64.checked_shl(n as u32).unwrap_or(0) != 0
    }

    /// Whether some step reaches any line of `listing`.
    pub fn any(&self, listing: Listing) -> bool {
        self.0[listing as usize] != 0
    }
}

/// A line of a listing: `Line(listing, n)` with `n` counted from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Line(pub Listing, pub u8);

impl Listing {
    /// The function the listing paraphrases.
    pub fn title(self) -> &'static str {
        match self {
            Listing::MempoolBulk => "mempool_alloc_pages_bulk()  [Yang Shi RFC 2022 / v2 2023]",
            Listing::BulkAlloc => "__alloc_pages_bulk()  [mm/page_alloc.c, v6.0]",
            Listing::AllocPage => "alloc_page(): fast and slow path  [v6.0, simplified]",
            Listing::MempoolAlloc => "mempool_alloc()  [mm/mempool.c, v6.0]",
            Listing::MempoolFree => "mempool_free()  [mm/mempool.c]",
            Listing::MempoolSetup => "mempool_init_node(), mempool_resize()  [mm/mempool.c]",
            Listing::MainlineBulk => "blk-crypto + mempool_alloc_bulk()  [v6.19 / v7.0]",
            Listing::DmCrypt => "crypt_alloc_buffer()  [drivers/md/dm-crypt.c]",
            Listing::Task => "the task's program",
        }
    }

    /// The listing's lines; line `n` of a trace event is `lines()[n - 1]`.
    pub fn lines(self) -> &'static [&'static str] {
        match self {
            Listing::MempoolBulk => &[
                "(caller zeroes pages[] for an array) gfp |= NOMEMALLOC | NORETRY | NOWARN",
                "gfp_temp = gfp without DIRECT_RECLAIM and IO",
                "repeat:",
                "  ret = bulk_fn(gfp_temp, nr, dest)                 [A]",
                "  if ret == nr: return true",
                "  remaining = nr - ret",
                "  lock(pool)",
                "  while curr_nr > 0 and remaining > 0:             [B]",
                "    pop(pool); unlock(pool); deliver at ret + i",
                "    remaining--; lock(pool)",
                "  unlock(pool)   (v2: only in the branch taken below)",
                "  if remaining == 0: return true",
                "  list/callback: nr = remaining (array keeps nr)",
                "  if gfp_temp != gfp: gfp_temp = gfp; repeat      [C]",
                "  if !(gfp & DIRECT_RECLAIM): return false",
                "  join pool->wait; sleep <= 5 s; goto repeat       [D]",
            ],
            Listing::BulkAlloc => &[
                "(caller zeroes pages[] for an array) __alloc_pages_bulk(gfp, nr, dest)",
                "populated = leading non-NULL slots   (array only)",
                "if populated == nr: return populated   (array only)",
                "if nr - populated == 1: goto single",
                "zone = first zone with free > low + nr, else goto single",
                "trylock(pcp), else goto single",
                "while populated < nr:",
                "  if array[populated]: populated++; continue",
                "  page = pcp front (refill batch from buddy if empty)",
                "  if !page: account == 0 ? unlock, goto single : break",
                "  account++; deliver page at populated; populated++",
                "unlock(pcp); PGALLOC += account; return populated",
                "single: page = alloc_page(gfp)",
                "  if page: deliver at populated; populated++; return",
            ],
            Listing::AllocPage => &[
                "fast: if free > low: take: trylock(pcp), refill from buddy if empty (or buddy)",
                "slow: if gfp & KSWAPD_RECLAIM: wake kswapd",
                "  if free > min (HIGH halves it): take (pcp, refill as above)",
                "  if !(gfp & DIRECT_RECLAIM): fail",
                "retry: direct reclaim: up to 32 pages onto the pcp front",
                "  if progress: free > min? take (pcp, refill) : drain_all_pages, try once more",
                "  if gfp & NORETRY (or order > 3): fail",
                "  order <= 3 never fails: no progress: wait for free memory, goto retry",
            ],
            Listing::MempoolAlloc => &[
                "VM_WARN_ON_ONCE(gfp & ZERO); gfp |= NOMEMALLOC | NORETRY | NOWARN; gfp_temp = gfp - DIRECT_RECLAIM - IO",
                "repeat: element = pool->alloc(gfp_temp); if ok: return it",
                "  lock; if curr_nr > 0: pop, unlock, return it",
                "  if gfp_temp != gfp: unlock; gfp_temp = gfp; goto repeat",
                "  if !(gfp & DIRECT_RECLAIM): unlock; return NULL",
                "  enqueue on pool->wait; unlock; sleep <= 5 s; goto repeat",
            ],
            Listing::MempoolFree => &[
                "if curr_nr < min_nr: push(pool); wake_up(pool->wait) (v6.19: only if someone sleeps); return",
                "pool->free(page): back to the pcp front (pcp trylock failed: to the buddy)",
                "  if pcp count >= high: drain batch pages from its back",
                "v6.19: if min_nr == 0 and curr_nr == 0: push(pool), wake sleepers; return",
            ],
            Listing::MempoolSetup => &[
                "mempool_init: while curr_nr < min_nr (v6.19: at least 1):",
                "  element = pool->alloc(GFP_KERNEL); push(pool)",
                "  return 0",
                "mempool_resize(new_min):",
                "  shrink: pool->free() elements above new_min; min_nr = new_min",
                "  grow: min_nr = new_min; while curr_nr < min_nr: element = pool->alloc(GFP_KERNEL)",
                "    push(pool), unless a free filled the reserve meanwhile: then pool->free() it",
                "  return 0",
            ],
            Listing::MainlineBulk => &[
                "zero pages[]; n = alloc_pages_bulk(gfp, nr, pages) (or n = 0 without it)",
                "if n == nr: done   // else mempool_alloc_bulk(pool, pages, nr, n): VM_WARN_ON_ONCE(nr > min_nr)",
                "repeat: for each NULL slot: slot = pool->alloc(gfp_temp)",
                "  all filled: return",
                "  use_pool: curr_nr < missing ? (sleep <= 5 s if allowed) : fill every hole",
                "  gfp_temp = GFP_KERNEL mask; goto repeat",
            ],
            Listing::DmCrypt => &[
                "gfp = GFP_NOWAIT | HIGHMEM",
                "RFC only: clone = bio_alloc(nr_iovecs), once for every attempt",
                "retry: if gfp & DIRECT_RECLAIM: lock(bio_alloc_lock)",
                "v6.0, v2, v6.5+: clone = bio_alloc(nr_iovecs)",
                "v6.0: mempool_alloc per page; RFC/v2: zero pages[] (array), one mempool bulk call; v6.5+: largest compound page that fits, order down to 1, then mempool_alloc",
                "bio_add_page() for every page (list tail / array slot / inside the callback)",
                "fail: mempool_free every page (the bio front to back; the RFC pops its list tail); bio_put(clone) (not the RFC); gfp |= DIRECT_RECLAIM; goto retry",
                "unlock(bio_alloc_lock) if taken; return clone",
            ],
            Listing::Task => &[
                "start",
                "bio = bio_alloc(nr); bio_add_page() each page",
                "wait for I/O",
                "mempool_free() every page (folio_put a large folio); bio_put()",
                "background: kswapd, remote pcp drain",
                "done",
            ],
        }
    }

    /// The text of line `n` (1-based), or "" when out of range.
    pub fn line(self, n: u8) -> &'static str {
        self.lines()
            .get((n as usize).wrapping_sub(1))
            .copied()
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listing_is_in_listings_at_its_index_with_fewer_than_64_lines() {
        for (i, l) in LISTINGS.iter().enumerate() {
            assert_eq!(*l as usize, i, "{l:?}");
            assert!(l.lines().len() < 64, "{l:?}: {} lines", l.lines().len());
        }
    }

    #[test]
    fn a_run_reaches_the_lines_of_its_steps_and_no_others() {
        // s5: each task makes one mempool call, then ends; it never waits for I/O or frees.
        let sc = crate::presets::find("s5").unwrap().scenario();
        let t = crate::simulate(&sc, sc.mode).unwrap();
        let r = t.reached();
        for e in &t.events {
            assert!(r.line(e.line.0, e.line.1), "{:?}", e.line);
        }
        let task = Listing::Task.lines();
        let line_of = |text: &str| task.iter().position(|l| *l == text).unwrap() as u8 + 1;
        assert!(r.line(Listing::Task, line_of("start")));
        assert!(!r.line(Listing::Task, line_of("wait for I/O")));
        assert!(
            !r.any(Listing::MainlineBulk),
            "RFC semantics: no v6.19 call"
        );
        // Line numbers past 63 are never marked reached, and never panic.
        let far = Reached::of([Line(Listing::Task, 200)].into_iter());
        assert!(!far.line(Listing::Task, 200) && !far.any(Listing::Task));
    }
}
