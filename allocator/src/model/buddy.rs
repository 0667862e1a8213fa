//! The buddy allocator's free areas (domain.md §3): one free list per order and per
//! migrate type, split to the upper half, merge with the XOR buddy.

use crate::model::types::Pfn;

const NIL: u32 = u32::MAX;
const NOT_FREE: u8 = u8::MAX;

/// The pseudo migrate types: `Movable` serves every request in the model; `Reserved` blocks are
/// counted as free but never handed out (domain.md §2.2, used by scenarios 9b and 11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockType {
    Movable = 0,
    Reserved = 1,
}

/// Free areas of one zone. Lists are intrusive (per-frame links) so removing a buddy during a
/// merge is O(1), as with the kernel's `page->lru`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Buddy {
    max_order: u8,
    /// Order of the free block headed by each frame, or `NOT_FREE`.
    head_order: Vec<u8>,
    next: Vec<u32>,
    prev: Vec<u32>,
    /// Reserved frames (static): their blocks live on the `Reserved` lists.
    reserved: Vec<bool>,
    /// List heads: `[type][order]`.
    heads: [Vec<u32>; 2],
    /// Blocks per list: `[type][order]`.
    counts: [Vec<u32>; 2],
    nr_free_pages: u64,
    nr_reserved_pages: u64,
}

/// What one `take` or `free` did, for narration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BlockOp {
    pub pfn: Pfn,
    /// Order of the block the page came from (take) or merged into (free).
    pub order: u8,
    /// Number of splits (take) or merges (free).
    pub steps: u8,
}

impl Buddy {
    pub fn new(pages: u32, max_order: u8, reserved: Vec<bool>) -> Buddy {
        let n = pages as usize;
        let lists = || vec![NIL; max_order as usize + 1];
        let counts = || vec![0; max_order as usize + 1];
        Buddy {
            max_order,
            head_order: vec![NOT_FREE; n],
            next: vec![NIL; n],
            prev: vec![NIL; n],
            reserved,
            heads: [lists(), lists()],
            counts: [counts(), counts()],
            nr_free_pages: 0,
            nr_reserved_pages: 0,
        }
    }

    pub fn max_order(&self) -> u8 {
        self.max_order
    }
    /// Pages in the buddy lists (pcp pages are not counted), as the zone's `NR_FREE_PAGES`.
    pub fn nr_free_pages(&self) -> u64 {
        self.nr_free_pages
    }
    /// Free pages that no request in the model can use.
    pub fn nr_reserved_pages(&self) -> u64 {
        self.nr_reserved_pages
    }
    pub fn is_reserved(&self, pfn: Pfn) -> bool {
        self.reserved[pfn as usize]
    }
    /// Free blocks per order, both types together, as in `/proc/buddyinfo`.
    pub fn buddyinfo(&self) -> Vec<u32> {
        (0..=self.max_order as usize)
            .map(|o| self.counts[0][o] + self.counts[1][o])
            .collect()
    }
    /// Free blocks per order of one type.
    pub fn counts(&self, ty: BlockType) -> &[u32] {
        &self.counts[ty as usize]
    }
    /// The order of the free block headed by `pfn`, if any.
    pub fn head_order(&self, pfn: Pfn) -> Option<u8> {
        match self.head_order[pfn as usize] {
            NOT_FREE => None,
            o => Some(o),
        }
    }
    /// The blocks of one list, head first.
    pub fn list(&self, ty: BlockType, order: u8) -> Vec<Pfn> {
        let mut out = Vec::new();
        let mut at = self.heads[ty as usize][order as usize];
        while at != NIL {
            out.push(at);
            at = self.next[at as usize];
        }
        out
    }
    /// Every free block as `(head, order)`, in pfn order.
    pub fn blocks(&self) -> impl Iterator<Item = (Pfn, u8)> + '_ {
        self.head_order
            .iter()
            .enumerate()
            .filter(|(_, o)| **o != NOT_FREE)
            .map(|(p, o)| (p as Pfn, *o))
    }

    /// Every free block as (head, order, reserved), from the free lists: O(blocks), not
    /// O(frames) as `blocks` is.
    pub fn free_blocks(&self) -> impl Iterator<Item = (Pfn, u8, bool)> + '_ {
        (0..2).flat_map(move |ty| {
            (0..=self.max_order).flat_map(move |order| {
                let mut at = self.heads[ty][order as usize];
                std::iter::from_fn(move || {
                    if at == NIL {
                        return None;
                    }
                    let here = at;
                    at = self.next[here as usize];
                    Some((here, order, ty == 1))
                })
            })
        })
    }

    fn ty(&self, pfn: Pfn) -> usize {
        self.reserved[pfn as usize] as usize
    }

    fn push_head(&mut self, pfn: Pfn, order: u8) {
        let t = self.ty(pfn);
        let o = order as usize;
        let old = self.heads[t][o];
        self.next[pfn as usize] = old;
        self.prev[pfn as usize] = NIL;
        if old != NIL {
            self.prev[old as usize] = pfn;
        }
        self.heads[t][o] = pfn;
        self.head_order[pfn as usize] = order;
        self.counts[t][o] += 1;
        self.add_free(t, 1u64 << order, true);
    }

    fn unlink(&mut self, pfn: Pfn) -> u8 {
        let t = self.ty(pfn);
        let order = self.head_order[pfn as usize];
        let o = order as usize;
        let (p, n) = (self.prev[pfn as usize], self.next[pfn as usize]);
        if p == NIL {
            self.heads[t][o] = n;
        } else {
            self.next[p as usize] = n;
        }
        if n != NIL {
            self.prev[n as usize] = p;
        }
        self.next[pfn as usize] = NIL;
        self.prev[pfn as usize] = NIL;
        self.head_order[pfn as usize] = NOT_FREE;
        self.counts[t][o] -= 1;
        self.add_free(t, 1u64 << order, false);
        order
    }

    fn add_free(&mut self, t: usize, pages: u64, add: bool) {
        if add {
            self.nr_free_pages += pages;
            if t == 1 {
                self.nr_reserved_pages += pages;
            }
        } else {
            self.nr_free_pages -= pages;
            if t == 1 {
                self.nr_reserved_pages -= pages;
            }
        }
    }

    /// Places a free block during set-up, without merging. The caller guarantees it is aligned
    /// and that its buddy is not a free block of the same order.
    pub fn seed(&mut self, pfn: Pfn, order: u8) {
        self.push_head(pfn, order);
    }

    /// §3.1: takes an order-`order` block from the smallest movable list that has one, splitting
    /// larger blocks and returning each upper half to the head of its list.
    pub fn take(&mut self, order: u8) -> Option<BlockOp> {
        let from = (order..=self.max_order).find(|&o| self.heads[0][o as usize] != NIL)?;
        let pfn = self.heads[0][from as usize];
        self.unlink(pfn);
        let mut cur = from;
        while cur > order {
            cur -= 1;
            self.push_head(pfn + (1 << cur), cur);
        }
        Some(BlockOp {
            pfn,
            order: from,
            steps: from - order,
        })
    }

    /// §3.2: frees an order-`order` block, merging with free buddies of the same order and type.
    pub fn free(&mut self, pfn: Pfn, order: u8) -> BlockOp {
        let mut p = pfn;
        let mut o = order;
        let mut merges = 0;
        while o < self.max_order {
            let q = p ^ (1 << o);
            if (q as usize) >= self.head_order.len()
                || self.head_order[q as usize] != o
                || self.ty(q) != self.ty(p)
            {
                break;
            }
            self.unlink(q);
            p = p.min(q);
            o += 1;
            merges += 1;
        }
        self.push_head(p, o);
        BlockOp {
            pfn: p,
            order: o,
            steps: merges,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(pages: u32) -> Buddy {
        Buddy::new(pages, 10, vec![false; pages as usize])
    }

    #[test]
    fn take_splits_to_the_upper_half_in_physical_order() {
        let mut b = zone(64);
        b.seed(8, 3);
        let mut got = Vec::new();
        for _ in 0..8 {
            got.push(b.take(0).unwrap().pfn);
        }
        assert_eq!(got, (8..16).collect::<Vec<_>>());
        assert_eq!(b.nr_free_pages(), 0);
        assert!(b.take(0).is_none());
    }

    #[test]
    fn first_take_splits_three_times_and_leaves_upper_halves() {
        let mut b = zone(64);
        b.seed(8, 3);
        let op = b.take(0).unwrap();
        assert_eq!(
            op,
            BlockOp {
                pfn: 8,
                order: 3,
                steps: 3
            }
        );
        assert_eq!(b.buddyinfo()[..3], [1, 1, 1]);
        assert_eq!(b.list(BlockType::Movable, 2), vec![12]);
        assert_eq!(b.list(BlockType::Movable, 1), vec![10]);
        assert_eq!(b.list(BlockType::Movable, 0), vec![9]);
    }

    #[test]
    fn free_merges_with_xor_buddies_back_to_one_block() {
        let mut b = zone(64);
        b.seed(0, 4);
        let pages: Vec<_> = (0..16).map(|_| b.take(0).unwrap().pfn).collect();
        for p in pages.iter().rev() {
            b.free(*p, 0);
        }
        assert_eq!(b.blocks().collect::<Vec<_>>(), vec![(0, 4)]);
        assert_eq!(b.nr_free_pages(), 16);
    }

    #[test]
    fn reserved_blocks_count_as_free_but_are_never_taken_or_merged_with_movable() {
        let mut reserved = vec![false; 16];
        reserved[8..16].iter_mut().for_each(|r| *r = true);
        let mut b = Buddy::new(16, 4, reserved);
        b.seed(8, 3);
        assert_eq!(b.nr_free_pages(), 8);
        assert_eq!(b.nr_reserved_pages(), 8);
        assert!(b.take(0).is_none());
        b.seed(0, 3);
        let page = b.take(0).unwrap().pfn;
        let merged = b.free(page, 0);
        assert_eq!(
            (merged.pfn, merged.order),
            (0, 3),
            "stops below the reserved buddy"
        );
    }
}
