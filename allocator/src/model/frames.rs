//! Where every frame is: derived from the structures that own pages, for the frame map and the
//! conservation check.

use crate::model::types::TaskId;
use crate::model::world::{Slot, World};
use serde::Serialize;

/// Where a frame is, for the frame map and the conservation check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FrameState {
    /// Part of a free buddy block (`head` for the first frame).
    Buddy {
        order: u8,
        head: bool,
        reserved: bool,
    },
    Pcp,
    Pool,
    Held {
        task: TaskId,
    },
    InList {
        task: TaskId,
    },
    InArray {
        task: TaskId,
        slot: u32,
    },
    InBio {
        task: TaskId,
        slot: u32,
    },
    Reclaimable {
        dirty: bool,
    },
    /// In use by the rest of the system; never touched by the scenario.
    Used,
}

impl FrameState {
    /// A small colour class for the frame map.
    pub fn class(self) -> FrameClass {
        match self {
            FrameState::Buddy {
                reserved: false, ..
            } => FrameClass::Buddy,
            FrameState::Buddy { reserved: true, .. } => FrameClass::Reserved,
            FrameState::Pcp => FrameClass::Pcp,
            FrameState::Pool => FrameClass::Pool,
            FrameState::Held { .. } | FrameState::InList { .. } | FrameState::InArray { .. } => {
                FrameClass::Held
            }
            FrameState::InBio { .. } => FrameClass::Bio,
            FrameState::Reclaimable { .. } => FrameClass::Reclaimable,
            FrameState::Used => FrameClass::Used,
        }
    }
}

/// The frame map's legend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameClass {
    Buddy,
    Reserved,
    Pcp,
    Pool,
    Held,
    Bio,
    Reclaimable,
    Used,
}

/// The frame map of a world: `classes[i]` covers frames `i * span ..(i + 1) * span`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameMap {
    pub span: usize,
    pub classes: Vec<FrameClass>,
    /// Frames per class, exact whatever the span.
    pub counts: Vec<(FrameClass, u32)>,
}

impl FrameClass {
    /// Which class a cell of many frames shows: what the scenario is about (pages a task holds
    /// or a bio carries) before the reserve, the pcp, reclaimable and free pages, and those
    /// before frames in use elsewhere.
    pub fn weight(self) -> u8 {
        match self {
            FrameClass::Used => 0,
            FrameClass::Buddy => 1,
            FrameClass::Reserved => 2,
            FrameClass::Reclaimable => 3,
            FrameClass::Pcp => 4,
            FrameClass::Pool => 5,
            FrameClass::Held => 6,
            FrameClass::Bio => 7,
        }
    }

    pub const ALL: [FrameClass; 8] = [
        FrameClass::Buddy,
        FrameClass::Reserved,
        FrameClass::Pcp,
        FrameClass::Pool,
        FrameClass::Held,
        FrameClass::Bio,
        FrameClass::Reclaimable,
        FrameClass::Used,
    ];
    pub fn name(self) -> &'static str {
        match self {
            FrameClass::Buddy => "buddy free",
            FrameClass::Reserved => "free, reserved type",
            FrameClass::Pcp => "per-CPU list",
            FrameClass::Pool => "mempool reserve",
            FrameClass::Held => "held by a task",
            FrameClass::Bio => "in a bio",
            FrameClass::Reclaimable => "reclaimable",
            FrameClass::Used => "in use elsewhere",
        }
    }
}

impl World {
    /// The state of every frame, derived from the structures that own pages. O(frames).
    pub fn frame_states(&self) -> Vec<FrameState> {
        let mut out = vec![FrameState::Used; self.zone.pages as usize];
        for (head, order) in self.zone.buddy.blocks() {
            let reserved = self.zone.buddy.is_reserved(head);
            for p in head..head + (1 << order) {
                out[p as usize] = FrameState::Buddy {
                    order,
                    head: p == head,
                    reserved,
                };
            }
        }
        for &p in &self.zone.pcp.list {
            out[p as usize] = FrameState::Pcp;
        }
        for &p in &self.zone.reclaim.clean {
            out[p as usize] = FrameState::Reclaimable { dirty: false };
        }
        for &p in &self.zone.reclaim.dirty {
            out[p as usize] = FrameState::Reclaimable { dirty: true };
        }
        if let Some(pool) = &self.pool {
            for &p in &pool.elements {
                out[p as usize] = FrameState::Pool;
            }
        }
        for (id, t) in self.tasks.iter().enumerate() {
            let task = id as TaskId;
            for &p in &t.list {
                out[p as usize] = FrameState::InList { task };
            }
            for (slot, s) in t.array.iter().enumerate() {
                if let Slot::Page(p) = s {
                    out[*p as usize] = FrameState::InArray {
                        task,
                        slot: slot as u32,
                    };
                }
            }
            for &p in &t.held {
                out[p as usize] = FrameState::Held { task };
            }
            if let Some(bio) = &t.bio {
                for (slot, v) in bio.bvecs.iter().enumerate().skip(bio.walked as usize) {
                    for p in v.frames() {
                        out[p as usize] = FrameState::InBio {
                            task,
                            slot: slot as u32,
                        };
                    }
                }
            }
        }
        out
    }

    /// Frames per colour class (the frame map's legend counts and its text alternative).
    pub fn class_counts(&self) -> Vec<(FrameClass, u32)> {
        self.frame_map(usize::MAX).counts
    }

    /// The frame map at most `max_cells` cells big: one cell per frame in zones that fit, else
    /// one cell per `span` frames (a power of two) showing the most telling class among them
    /// (see `FrameClass::weight`). Built from the owners' lists, O(cells + free blocks + pages
    /// the tasks, pcp and pool hold), so a 2^20-frame zone costs no more than a 65,536-frame one.
    pub fn frame_map(&self, max_cells: usize) -> FrameMap {
        let frames = self.zone.pages as usize;
        let mut span = 1usize;
        while frames.div_ceil(span) > max_cells.max(1) {
            span *= 2;
        }
        let cells = frames.div_ceil(span);
        let mut classes = vec![FrameClass::Used; cells];
        let mut counts = [0u32; 8];
        let mut mark = |from: usize, n: usize, c: FrameClass| {
            counts[c as usize] += n as u32;
            let (first, last) = (from / span, (from + n - 1) / span);
            for cell in &mut classes[first..=last.min(cells - 1)] {
                if c.weight() > cell.weight() {
                    *cell = c;
                }
            }
        };
        for (head, order, reserved) in self.zone.buddy.free_blocks() {
            let c = if reserved {
                FrameClass::Reserved
            } else {
                FrameClass::Buddy
            };
            mark(head as usize, 1 << order, c);
        }
        for &p in &self.zone.pcp.list {
            mark(p as usize, 1, FrameClass::Pcp);
        }
        for &p in self
            .zone
            .reclaim
            .clean
            .iter()
            .chain(&self.zone.reclaim.dirty)
        {
            mark(p as usize, 1, FrameClass::Reclaimable);
        }
        if let Some(pool) = &self.pool {
            for &p in &pool.elements {
                mark(p as usize, 1, FrameClass::Pool);
            }
        }
        for t in &self.tasks {
            let slots = t.array.iter().filter_map(|s| match s {
                Slot::Page(p) => Some(p),
                _ => None,
            });
            for &p in t.list.iter().chain(slots).chain(&t.held) {
                mark(p as usize, 1, FrameClass::Held);
            }
            if let Some(bio) = &t.bio {
                for v in bio.bvecs.iter().skip(bio.walked as usize) {
                    let n = v.frames().count();
                    if n > 0 {
                        mark(v.page as usize, n, FrameClass::Bio);
                    }
                }
            }
        }
        let owned: u32 = counts.iter().sum();
        counts[FrameClass::Used as usize] = (frames as u32).saturating_sub(owned);
        FrameMap {
            span,
            classes,
            counts: FrameClass::ALL.iter().copied().zip(counts).collect(),
        }
    }
}
