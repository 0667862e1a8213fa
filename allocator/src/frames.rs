//! Where every frame is: derived from the structures that own pages, for the frame map and the
//! conservation check.

use crate::types::TaskId;
use crate::world::{Slot, World};
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

impl FrameClass {
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
        let mut counts = [0u32; 8];
        for s in self.frame_states() {
            counts[FrameClass::ALL
                .iter()
                .position(|c| *c == s.class())
                .unwrap_or(7)] += 1;
        }
        FrameClass::ALL.iter().copied().zip(counts).collect()
    }
}
