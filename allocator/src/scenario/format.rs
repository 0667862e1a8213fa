//! The scenario file format (docs/SCENARIO.md): a zone, a per-CPU list, an optional mempool and
//! tasks with small programs. Every field has a default; `validate` names the field and the
//! limit of anything out of bounds, before anything runs.

use crate::model::gfp::Gfp;
use crate::model::policy::{FirstCall, Policies, PolicySpec, Rules};
use crate::model::types::{Mode, Semantics};
use serde::{Deserialize, Serialize};

/// Bounds that keep every run small enough for a browser tab.
pub mod limits {
    pub const MAX_FRAMES: u32 = 1 << 20;
    pub const MIN_FRAMES: u32 = 16;
    pub const MAX_REQUEST: u32 = 65_536;
    pub const MAX_EVENTS: u64 = 1_000_000;
    pub const MAX_TASKS: usize = 16;
    pub const MAX_OPS: usize = 4_096;
    pub const MAX_HORIZON_MS: u64 = 3_600_000;
    pub const MAX_BATCH: u32 = 4_096;
    pub const MAX_PCP_HIGH: u32 = 65_536;
    pub const MAX_KSWAPD_RATE: u32 = 65_536;
    /// A scenario's name and description, and a task's name, in characters.
    pub const MAX_NAME: usize = 64;
    pub const MAX_DESCRIPTION: usize = 500;
    pub const MAX_TASK_NAME: usize = 24;
}

/// When the scheduler switches tasks (domain.md §10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Preempt {
    /// A task runs until it sleeps, blocks, waits for I/O or ends.
    #[default]
    None,
    /// Also switch at every release of the mempool lock (scenario 8).
    PoolLock,
    /// Also switch at every release of the pool, pcp or zone lock taken outside the pcp lock.
    AnyLock,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// Kernel or patch series. Unset: rfc-2022 for list/array, v2-2023 for callback when a task
    /// uses the mempool bulk API or dm-crypt; k6.0 otherwise.
    pub semantics: Option<Semantics>,
    pub mode: Mode,
    pub preempt: Preempt,
    /// Simulated time after which the run stops (tasks may still be sleeping).
    pub horizon_ms: u64,
    pub zone: ZoneSpec,
    pub pcp: PcpSpec,
    pub pool: Option<PoolSpec>,
    pub tasks: Vec<TaskSpec>,
    /// Design choices that depart from the semantics' own (`model::policy`): a what-if.
    #[serde(skip_serializing_if = "PolicySpec::is_empty")]
    pub policy: PolicySpec,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: "custom".into(),
            description: String::new(),
            semantics: None,
            mode: Mode::List,
            preempt: Preempt::None,
            horizon_ms: 30_000,
            zone: ZoneSpec::default(),
            pcp: PcpSpec::default(),
            pool: Some(PoolSpec::default()),
            tasks: vec![TaskSpec::default()],
            policy: PolicySpec::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ZoneSpec {
    pub pages: u32,
    pub min: u64,
    pub low: u64,
    pub high: u64,
    /// Buddy free pages F, reserved blocks included. Unset: `buddyinfo`'s pages plus
    /// `reserved_free`, else 25/32 of `pages` (800 of 1024).
    pub free: Option<u64>,
    /// Free blocks per order (like /proc/buddyinfo). Unset: F laid out in the fewest blocks.
    pub buddyinfo: Option<Vec<u32>>,
    /// How many of the free pages sit in blocks no request can use (a reserved migrate type).
    pub reserved_free: u64,
    pub lowmem_reserve: u64,
    pub reclaimable_clean: u32,
    pub reclaimable_dirty: u32,
    /// Pages kswapd reclaims per 100 ms once woken (0 = blocked).
    pub kswapd_rate: u32,
    /// Highest buddy order. Unset: min(10, log2(pages)).
    pub max_order: Option<u8>,
}

impl Default for ZoneSpec {
    fn default() -> Self {
        ZoneSpec {
            pages: 1024,
            min: 32,
            low: 40,
            high: 48,
            free: None,
            buddyinfo: None,
            reserved_free: 0,
            lowmem_reserve: 0,
            reclaimable_clean: 0,
            reclaimable_dirty: 0,
            kswapd_rate: 32,
            max_order: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PcpSpec {
    pub count: u32,
    pub batch: u32,
    pub high: u32,
    pub locked_by_other: bool,
}

impl Default for PcpSpec {
    fn default() -> Self {
        PcpSpec {
            count: 0,
            batch: 8,
            high: 32,
            locked_by_other: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PoolSpec {
    pub min_nr: u32,
    /// Elements in the reserve at the start. Unset: `min_nr` (a freshly initialised pool).
    pub curr_nr: Option<u32>,
    /// dm-crypt's `dm_crypt_pages_per_client`; unset = a plain page pool.
    pub dm_crypt_limit: Option<u64>,
    /// dm-crypt's `n_allocated_pages` at the start.
    pub n_allocated: u64,
}

impl Default for PoolSpec {
    fn default() -> Self {
        PoolSpec {
            min_nr: 8,
            curr_nr: None,
            dm_crypt_limit: None,
            n_allocated: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TaskSpec {
    pub name: String,
    /// Pages the task holds individually at the start (e.g. I/O in flight it will free).
    pub holds: u32,
    pub ops: Vec<Op>,
}

impl Default for TaskSpec {
    fn default() -> Self {
        TaskSpec {
            name: "A".into(),
            holds: 0,
            ops: vec![Op::MempoolBulk {
                nr: 8,
                gfp: Gfp::GFP_NOIO,
                consume: true,
                resume: None,
                bulk_first: true,
            }],
        }
    }
}

/// Where a task starts inside an interrupted mempool bulk call (scenarios 6 and 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Resume {
    /// Pages already delivered in earlier rounds.
    pub held: u32,
    /// The first pass is over: use the full gfp from the start.
    pub full_gfp: bool,
    /// Start asleep on the pool's wait queue (implies `full_gfp`).
    pub sleeping: bool,
}

fn gfp_noio() -> Gfp {
    Gfp::GFP_NOIO
}
fn gfp_kernel() -> Gfp {
    Gfp::GFP_KERNEL
}
fn one() -> u32 {
    1
}
fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}

/// One step of a task's program.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Op {
    /// The mempool page-bulk call of the scenario's semantics, in the scenario's mode; with
    /// `consume`, the pages then go into a bio the way a dm-crypt-like caller would add them.
    MempoolBulk {
        nr: u32,
        #[serde(default = "gfp_noio")]
        gfp: Gfp,
        #[serde(default)]
        consume: bool,
        #[serde(default)]
        resume: Option<Resume>,
        /// mainline-6.19 only: call `alloc_pages_bulk(gfp)` before `mempool_alloc_bulk`, as
        /// the v7.0 blk-crypto fallback does. False: `mempool_alloc_bulk` gets an empty array.
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        bulk_first: bool,
    },
    /// A plain `alloc_pages_bulk_*` call. `array` gives the initial slots for array mode:
    /// `P` = a page already there, `_` = NULL, `S` = a stale non-NULL value.
    Bulk {
        nr: u32,
        #[serde(default = "gfp_kernel")]
        gfp: Gfp,
        #[serde(default)]
        array: Option<String>,
    },
    /// `count` single-element `mempool_alloc` calls [K6.0].
    MempoolAlloc {
        #[serde(default = "gfp_noio")]
        gfp: Gfp,
        #[serde(default = "one")]
        count: u32,
    },
    /// dm-crypt's `crypt_alloc_buffer` for a bio of `pages` pages.
    DmCrypt {
        pages: u32,
        /// Stop after the non-blocking pass has failed and the mutex is taken (scenario 4).
        #[serde(default)]
        first_pass_only: bool,
        /// Start at the blocking pass (scenario 5).
        #[serde(default)]
        start_blocking: bool,
    },
    /// Wait for simulated I/O.
    Io { ms: u64 },
    /// `mempool_free` every page the task holds.
    FreeAll,
    /// `mempool_free` `count` pages.
    Free { count: u32 },
    /// `__free_page` `count` held pages straight to the page allocator.
    FreePages { count: u32 },
    /// `mempool_resize(pool, min_nr)`.
    Resize { min_nr: u32 },
    /// `mempool_init`'s prefill: fill the reserve to `min_nr` with GFP_KERNEL allocations.
    MempoolInit,
    /// Script a remote drain holding (or releasing) the pcp lock.
    PcpContention { locked: bool },
}

/// A validation failure: the field's path and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ScenarioError {}

pub(crate) fn err<T>(
    field: impl Into<String>,
    message: impl Into<String>,
) -> Result<T, ScenarioError> {
    Err(ScenarioError {
        field: field.into(),
        message: message.into(),
    })
}

impl Scenario {
    /// Parses a scenario file, with serde's line and column on syntax errors.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        // serde would also read a struct from a JSON array (`[]` = every default).
        if !text.trim_start().starts_with('{') {
            return Err(ScenarioError {
                field: "the scenario".into(),
                message: "must be a JSON object, { … }".into(),
            });
        }
        serde_json::from_str(text).map_err(|e| {
            // serde_json ends its message with the position the field already gives.
            let at = format!(" at line {} column {}", e.line(), e.column());
            let message = e.to_string();
            ScenarioError {
                field: format!("line {} column {}", e.line(), e.column()),
                message: message.strip_suffix(&at).unwrap_or(&message).to_string(),
            }
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Whether any task uses the mempool bulk API or dm-crypt.
    fn uses_mempool_bulk(&self) -> bool {
        self.tasks
            .iter()
            .flat_map(|t| &t.ops)
            .any(|op| matches!(op, Op::MempoolBulk { .. } | Op::DmCrypt { .. }))
    }

    /// Whether the delivery mode means anything in a run under `sem`: some op hands pages over
    /// through a bulk interface (a plain bulk call, a mempool bulk call, or dm-crypt's under
    /// the RFC or v2). dm-crypt under v6.0 and v6.5+, and free-only scenarios, have none.
    pub fn uses_delivery(&self, sem: Semantics) -> bool {
        self.tasks.iter().flat_map(|t| &t.ops).any(|op| match op {
            Op::Bulk { .. } | Op::MempoolBulk { .. } => true,
            Op::DmCrypt { .. } => matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023),
            _ => false,
        })
    }

    /// A what-if the series never had: an array-mode dm-crypt under the RFC or v2.
    pub fn is_array_dm_crypt_what_if(&self, mode: Mode, sem: Semantics) -> bool {
        mode == Mode::Array
            && matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023)
            && self
                .tasks
                .iter()
                .flat_map(|t| &t.ops)
                .any(|op| matches!(op, Op::DmCrypt { .. }))
    }

    /// The version's own policies as this scenario's callers use them: a v6.19 caller whose
    /// mempool bulk calls all hand `mempool_alloc_bulk` an empty array (`bulk_first: false`)
    /// calls the bulk allocator first nobody.
    pub fn named_policies(&self, sem: Semantics) -> Policies {
        let mut p = Policies::of(sem);
        let mut bulk = self
            .tasks
            .iter()
            .flat_map(|t| &t.ops)
            .filter_map(|op| match op {
                Op::MempoolBulk { bulk_first, .. } => Some(*bulk_first),
                _ => None,
            })
            .peekable();
        if p.first == FirstCall::Caller && bulk.peek().is_some() && bulk.all(|b| !b) {
            p.first = FirstCall::Nobody;
        }
        p
    }

    /// What a run in `mode` follows: its semantics and its policies (the named ones with the
    /// scenario's departures).
    pub fn rules_for(&self, mode: Mode) -> Rules {
        let sem = self.semantics_for(mode);
        let named = self.named_policies(sem);
        Rules {
            sem,
            policies: self.policy.over(named),
            named,
        }
    }

    /// The semantics a run in `mode` follows.
    pub fn semantics_for(&self, mode: Mode) -> Semantics {
        match self.semantics {
            Some(s) => s,
            None if self.uses_mempool_bulk() => Semantics::yang_shi_for(mode),
            None => Semantics::K6_0,
        }
    }

    /// The initial buddy free page count F, reserved blocks included (docs/SCENARIO.md): `free`
    /// if given, else `buddyinfo`'s pages plus `reserved_free`, else 25/32 of the zone.
    /// The one definition of F: validation, the layout and the viewers all use it.
    pub fn free_pages(&self) -> u64 {
        match (&self.zone.free, &self.zone.buddyinfo) {
            (Some(f), _) => *f,
            (None, Some(info)) => buddyinfo_pages(info).saturating_add(self.zone.reserved_free),
            (None, None) => self.zone.pages as u64 * 25 / 32,
        }
    }

    /// The initial pool reserve.
    pub fn curr_nr(&self) -> u32 {
        self.pool
            .as_ref()
            .map_or(0, |p| p.curr_nr.unwrap_or(p.min_nr))
    }
}

/// The pages in free blocks counted per order (`/proc/buddyinfo`). Shifts are capped and the sum
/// saturates, so that it cannot panic on a scenario not yet validated.
pub(crate) fn buddyinfo_pages(info: &[u32]) -> u64 {
    info.iter()
        .enumerate()
        .map(|(o, n)| (*n as u64) << o.min(32))
        .fold(0, u64::saturating_add)
}
