//! Builds the initial world of a scenario: free buddy blocks at the top of the zone (never two
//! free buddies of the same order, so nothing would merge), then the per-CPU list, the pool, the
//! tasks' pages, reclaimable pages, and everything else "in use elsewhere".

use crate::model::buddy::Buddy;
use crate::model::types::{Mode, Pfn, Semantics, TaskId};
use crate::model::world::{
    Mutex, Pool, PoolKind, Slot, Task, TaskState, Work, World, POOL_TIMEOUT_MS,
};
use crate::model::zone::{Kswapd, Pcp, PcpSizing, Reclaimable, Watermarks, Zone, ZoneStats};
use crate::scenario::{err, Op, Scenario, ScenarioError};
use std::collections::VecDeque;

/// Blocks for `n` pages in the fewest blocks: as many max-order blocks as fit, then the binary
/// digits of the rest, largest first.
fn fewest_blocks(n: u64, max_order: u8) -> Vec<u8> {
    let mut out = vec![max_order; (n >> max_order) as usize];
    for o in (0..max_order).rev() {
        if n & (1 << o) != 0 {
            out.push(o);
        }
    }
    out
}

/// Places blocks top-down, each below the one before; if that cannot fit them, packs them
/// (`place_packed`). Returns `(head, order, reserved)` per block, heads decreasing, or the field
/// to blame.
fn place(
    blocks: &[(u8, bool)],
    pages: u32,
    max_order: u8,
) -> Result<Vec<(Pfn, u8, bool)>, ScenarioError> {
    place_top_down(blocks, pages, max_order)
        .or_else(|e| place_packed(blocks, pages, max_order).ok_or(e))
}

/// The tighter layout of a zone with many small free blocks (a real zone's buddyinfo): the
/// reserved blocks top-down as `place_top_down` puts them, then from frame 0 up the movable
/// max-order blocks, then "chains": chain i is one aligned region of 2^(t+1) frames holding one
/// block of each order o <= t that has more than i blocks, order t at the region's start and
/// each smaller one in the upper half of the one before, the region's last frame not free. Every
/// block's buddy then holds that non-free frame, so nothing merges, and one non-free frame
/// serves a block of every order (the top-down layout spends a whole gap on each block). Used
/// only where the top-down layout fails, so every layout that one finds stays as it was.
fn place_packed(blocks: &[(u8, bool)], pages: u32, max_order: u8) -> Option<Vec<(Pfn, u8, bool)>> {
    let reserved: Vec<(u8, bool)> = blocks.iter().filter(|b| b.1).copied().collect();
    let mut placed = place_top_down(&reserved, pages, max_order).ok()?;
    let ceiling = placed
        .last()
        .map_or(pages as u64, |&(head, _, _)| head as u64);
    let top = max_order as usize;
    let mut n = vec![0u64; top + 1];
    for &(o, r) in blocks {
        if !r {
            n[o as usize] += 1;
        }
    }
    let mut low: Vec<(Pfn, u8, bool)> = Vec::with_capacity(blocks.len() - reserved.len());
    let mut at: u64 = 0;
    for _ in 0..n[top] {
        low.push((at as Pfn, max_order, false));
        at += 1 << max_order;
    }
    // Regions come in non-increasing sizes from a multiple of 2^max_order: each is aligned.
    let chains = n[..top].iter().max().copied().unwrap_or(0);
    for i in 0..chains {
        let t = (0..top).rev().find(|&o| n[o] > i)?;
        let size = 2u64 << t;
        if at + size > ceiling {
            return None;
        }
        for (o, &count) in n.iter().enumerate().take(t + 1) {
            if count > i {
                low.push(((at + size - (2 << o)) as Pfn, o as u8, false));
            }
        }
        at += size;
    }
    if at > ceiling {
        return None;
    }
    low.sort_unstable_by_key(|b| std::cmp::Reverse(b.0));
    placed.extend(low);
    Some(placed)
}

/// Places blocks top-down, leaving a gap between two free buddies of the same order and type.
fn place_top_down(
    blocks: &[(u8, bool)],
    pages: u32,
    max_order: u8,
) -> Result<Vec<(Pfn, u8, bool)>, ScenarioError> {
    let mut placed: Vec<(Pfn, u8, bool)> = Vec::with_capacity(blocks.len());
    let mut head_order: std::collections::HashMap<Pfn, (u8, bool)> = Default::default();
    let mut cursor = pages as u64;
    for &(order, reserved) in blocks {
        let size = 1u64 << order;
        if cursor < size {
            return err("zone.free", "the free blocks do not fit in the zone");
        }
        let mut cand = (cursor - size) & !(size - 1);
        // A same-order, same-type free buddy would merge: leave a gap of used frames instead.
        while order < max_order
            && head_order.get(&((cand ^ size) as Pfn)) == Some(&(order, reserved))
        {
            if cand < size {
                return err(
                    "zone.buddyinfo",
                    "these free blocks cannot be laid out without merging",
                );
            }
            cand -= size;
        }
        head_order.insert(cand as Pfn, (order, reserved));
        placed.push((cand as Pfn, order, reserved));
        cursor = cand;
    }
    Ok(placed)
}

/// The frames outside the placed blocks, highest first. `place` returns blocks top-down, each
/// below the one before, so the gaps are the ranges between consecutive blocks.
fn frames_between(placed: &[(Pfn, u8, bool)], pages: u32) -> impl Iterator<Item = Pfn> + '_ {
    let tops = std::iter::once(pages).chain(placed.iter().map(|&(head, _, _)| head));
    let bottoms = placed
        .iter()
        .map(|&(head, order, _)| head + (1 << order))
        .chain(std::iter::once(0));
    tops.zip(bottoms)
        .flat_map(|(top, bottom)| (bottom..top).rev())
}

/// The initial slot contents of a task's first op, if it brings or resumes an array.
fn initial_array(op: Option<&Op>, mode: Mode) -> Option<Vec<char>> {
    match op? {
        Op::Bulk { array: Some(a), .. } if mode == Mode::Array => Some(a.chars().collect()),
        Op::MempoolBulk {
            nr,
            resume: Some(r),
            ..
        } if mode == Mode::Array => {
            let mut v = vec!['P'; r.held as usize];
            v.resize(*nr as usize, '_');
            Some(v)
        }
        _ => None,
    }
}

/// Pages a task starts with outside an array: `holds` plus resumed list/callback pages.
fn resumed_pages(op: Option<&Op>, mode: Mode) -> u32 {
    match op {
        Some(Op::MempoolBulk {
            resume: Some(r), ..
        }) if mode != Mode::Array => r.held,
        _ => 0,
    }
}

/// Builds the world a run in `mode` with semantics `sem` starts from.
pub fn build_world(sc: &Scenario, mode: Mode, sem: Semantics) -> Result<World, ScenarioError> {
    let pages = sc.zone.pages;
    let max_order = sc.max_order();
    let reserved_free = sc.zone.reserved_free;
    let movable: Vec<u8> = match &sc.zone.buddyinfo {
        Some(info) => {
            let mut v = Vec::new();
            for (o, n) in info.iter().enumerate().rev() {
                v.extend(std::iter::repeat_n(o as u8, *n as usize));
            }
            v
        }
        None => fewest_blocks(sc.free_pages() - reserved_free, max_order),
    };
    let mut blocks: Vec<(u8, bool)> = fewest_blocks(reserved_free, max_order)
        .into_iter()
        .map(|o| (o, true))
        .collect();
    blocks.extend(movable.into_iter().map(|o| (o, false)));
    let placed = place(&blocks, pages, max_order)?;

    // Only reserved frames are marked; a zeroed vector needs no pass over the frames.
    let mut reserved = vec![false; pages as usize];
    for &(head, order, res) in &placed {
        if res {
            reserved[head as usize..head as usize + (1 << order)].fill(true);
        }
    }
    let mut buddy = Buddy::new(pages, max_order, reserved);
    for &(head, order, _) in &placed {
        buddy.seed(head, order);
    }

    // Non-free frames, highest first: the pcp sits next to the free blocks so drains can merge.
    // Walked from the placed blocks (top-down, in placing order), never frame by frame, so a
    // large zone costs nothing here (issue 10, P3b).
    let mut others = frames_between(&placed, pages);
    let mut need = |n: u32, what: &str| -> Result<Vec<Pfn>, ScenarioError> {
        let got: Vec<Pfn> = others.by_ref().take(n as usize).collect();
        if got.len() < n as usize {
            return err(
                what,
                format!("needs {n} pages but the zone has no more frames outside its free blocks (zone.pages = {pages}, free = {})", sc.free_pages()),
            );
        }
        Ok(got)
    };

    let mut pcp_pages = need(sc.pcp.count, "pcp.count")?;
    pcp_pages.sort_unstable();
    let pool = match &sc.pool {
        Some(p) => {
            // A fresh pool holds min_nr elements; v6.19 keeps one in a zero-minimum pool.
            let fresh = match sem {
                Semantics::Mainline6_19 => p.min_nr.max(1),
                _ => p.min_nr,
            };
            let mut elements = need(p.curr_nr.unwrap_or(fresh), "pool.curr_nr")?;
            elements.reverse();
            Some(Pool {
                min_nr: p.min_nr,
                elements,
                waiters: VecDeque::new(),
                kind: match p.dm_crypt_limit {
                    Some(limit) => PoolKind::DmCrypt { limit },
                    None => PoolKind::Page,
                },
                n_allocated: p.n_allocated,
            })
        }
        None => None,
    };

    let mut tasks = Vec::with_capacity(sc.tasks.len());
    let mut runq = VecDeque::new();
    let mut waiters = VecDeque::new();
    for (i, spec) in sc.tasks.iter().enumerate() {
        let id = i as TaskId;
        let at = format!("tasks[{i}]");
        let first = spec.ops.first();
        let mut task = Task::new();
        task.held = need(spec.holds, &format!("{at}.holds"))?;
        let resumed = need(
            resumed_pages(first, mode),
            &format!("{at}.ops[0].resume.held"),
        )?;
        match mode {
            Mode::List => task.list = resumed.into_iter().collect(),
            _ => task.held.extend(resumed),
        }
        if let Some(slots) = initial_array(first, mode) {
            let filled = slots.iter().filter(|c| **c == 'P').count() as u32;
            let mut pagesv = need(filled, &format!("{at}.ops[0]"))?.into_iter();
            task.array = slots
                .iter()
                .enumerate()
                .map(|(k, c)| match c {
                    'P' => pagesv.next().map_or(Slot::Empty, Slot::Page),
                    'S' => Slot::Stale(0xdead_0000 + k as u32),
                    _ => Slot::Empty,
                })
                .collect();
        }
        let sleeping = matches!(first, Some(Op::MempoolBulk { resume: Some(r), .. }) if r.sleeping);
        if sleeping {
            task.state = TaskState::SleepingOnPool {
                since_ms: 0,
                deadline_ms: POOL_TIMEOUT_MS,
            };
            // Tasks listed earlier went to sleep earlier: `prepare_to_wait` put each later
            // one at the head of the queue, so the last listed is woken first.
            waiters.push_front(id);
        } else {
            runq.push_back(id);
        }
        tasks.push(task);
    }
    let clean = need(sc.zone.reclaimable_clean, "zone.reclaimable_clean")?;
    let dirty = need(sc.zone.reclaimable_dirty, "zone.reclaimable_dirty")?;
    let mut pool = pool;
    if let Some(p) = pool.as_mut() {
        p.waiters = waiters;
    } else if !waiters.is_empty() {
        return err(
            "pool",
            "a task resumes asleep on the pool but there is no pool",
        );
    }

    let zone = Zone {
        pages,
        buddy,
        wmark: Watermarks {
            min: sc.zone.min,
            low: sc.zone.low,
            high: sc.zone.high,
        },
        lowmem_reserve: sc.zone.lowmem_reserve,
        pcp: Pcp {
            list: pcp_pages.into_iter().collect(),
            high: sc.pcp.high,
            batch: sc.pcp.batch,
            locked_by_other: sc.pcp.locked_by_other,
            sizing: if sem == Semantics::Mainline6_19 {
                PcpSizing::V6_19
            } else {
                PcpSizing::Batch
            },
            free_count: 0,
            alloc_factor: 0,
        },
        reclaim: Reclaimable { clean, dirty },
        kswapd: Kswapd {
            awake: false,
            wakeups: 0,
            rate: sc.zone.kswapd_rate,
            reclaimed: 0,
        },
        stats: ZoneStats::default(),
    };
    Ok(World {
        zone,
        pool,
        tasks,
        mutex: Mutex::default(),
        runq,
        alloc_waiters: VecDeque::new(),
        warned: Vec::new(),
        now_ms: 0,
        work: Work::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fewest_blocks_follow_the_binary_digits() {
        assert_eq!(fewest_blocks(800, 10), vec![9, 8, 5]);
        assert_eq!(fewest_blocks(2048 + 3, 10), vec![10, 10, 1, 0]);
    }

    #[test]
    fn max_order_blocks_sit_side_by_side() {
        let placed = place(&[(4, false), (4, false)], 32, 4).unwrap();
        assert_eq!(placed, vec![(16, 4, false), (0, 4, false)]);
    }

    /// A zone of many small blocks the top-down layout cannot fit: packed, no block overlaps
    /// another and no two free buddies of the same order and type could merge.
    #[test]
    fn many_small_blocks_are_packed_in_chains_that_never_merge() {
        // 16 frames, 12 free: the top-down layout spends a gap on each block and runs out.
        let blocks = [
            (1, false),
            (1, false),
            (1, false),
            (0, false),
            (0, false),
            (2, true),
        ];
        assert!(place_top_down(&blocks, 16, 4).is_err());
        let placed = place(&blocks, 16, 4).unwrap();
        assert_eq!(
            placed,
            vec![
                (12, 2, true),
                (8, 1, false),
                (6, 0, false),
                (4, 1, false),
                (2, 0, false),
                (0, 1, false),
            ]
        );
        let mut owner = [None; 16];
        for &(head, order, r) in &placed {
            for f in head..head + (1 << order) {
                assert!(owner[f as usize].is_none(), "frame {f} twice");
                owner[f as usize] = Some((head, order, r));
            }
        }
        for &(head, order, r) in &placed {
            let buddy = head ^ (1 << order);
            assert!(
                !placed.contains(&(buddy, order, r)),
                "{head} and {buddy} would merge"
            );
        }
        // Heads decrease: the frames between the blocks are walked top-down.
        assert!(placed.windows(2).all(|w| w[0].0 > w[1].0));
        // The 4 frames no block holds: the last of each chain, and the third chain's unused
        // order-0 slot.
        let others: Vec<Pfn> = frames_between(&placed, 16).collect();
        assert_eq!(others, vec![11, 10, 7, 3]);
    }

    #[test]
    fn same_order_blocks_are_separated_by_a_gap() {
        let placed = place(&[(3, false), (3, false)], 64, 10).unwrap();
        assert_eq!(placed, vec![(56, 3, false), (40, 3, false)]);
    }
}
