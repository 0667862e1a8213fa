//! Small shared vocabulary: page frame numbers, task ids, delivery modes and semantics.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A page frame number (a 4 KiB page). Frames are numbered from 0 within the zone.
/// The size of a page (a frame), in bytes, as on x86-64.
pub const PAGE_SIZE: u32 = 4096;

pub type Pfn = u32;
/// An index into the scenario's tasks.
pub type TaskId = u8;
/// Sentinel for "no task" (events of the scheduler and of kswapd).
pub const SYSTEM: TaskId = u8::MAX;

/// How the bulk allocator hands pages to its caller (domain.md §7.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `page->lru` insertion at the head of the caller's list.
    #[default]
    List,
    /// A store into the first empty slot of the caller's pointer array.
    Array,
    /// `cb(page, data)` with the caller's opaque data [V2-2023].
    Callback,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::List, Mode::Array, Mode::Callback];
    /// The name in scenario files, links and the CLI (the serde name).
    pub fn name(self) -> &'static str {
        match self {
            Mode::List => "list",
            Mode::Array => "array",
            Mode::Callback => "callback",
        }
    }
    pub fn parse(s: &str) -> Result<Mode, String> {
        Mode::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| format!("unknown mode `{s}` (expected list, array or callback)"))
    }
}

impl FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Mode, String> {
        Mode::parse(s)
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a version's `crypt_alloc_buffer` fills its bio.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DmCryptFill {
    /// v6.0: one `mempool_alloc` per page.
    PerPage,
    /// RFC and v2: one mempool bulk call.
    MempoolBulk,
    /// v6.5+: the largest compound page that fits, then `mempool_alloc` per page.
    Compound,
}

/// Which kernel (or patch series) the run follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Semantics {
    /// v5.13 before the May 2022 fix: the bulk loop falls back to one page only if
    /// `populated == 0`; the pcp is taken with a local lock that cannot fail.
    #[serde(rename = "pre-may-2022")]
    PreMay2022,
    /// Kernel v6.0: no mempool bulk API; dm-crypt calls `mempool_alloc` once per page.
    #[serde(rename = "k6.0")]
    K6_0,
    /// Yang Shi's RFC (Oct 2022): mempool bulk with list or array delivery.
    #[serde(rename = "rfc-2022")]
    Rfc2022,
    /// Yang Shi's v2 (Feb 2023): mempool bulk with array or callback delivery.
    #[serde(rename = "v2-2023")]
    V2_2023,
    /// v6.19: Christoph Hellwig's all-or-nothing `mempool_alloc_bulk`, array only.
    #[serde(rename = "mainline-6.19")]
    Mainline6_19,
}

impl Semantics {
    pub const ALL: [Semantics; 5] = [
        Semantics::PreMay2022,
        Semantics::K6_0,
        Semantics::Rfc2022,
        Semantics::V2_2023,
        Semantics::Mainline6_19,
    ];
    /// The name in scenario files, links and the CLI (the serde name).
    pub fn name(self) -> &'static str {
        match self {
            Semantics::PreMay2022 => "pre-may-2022",
            Semantics::K6_0 => "k6.0",
            Semantics::Rfc2022 => "rfc-2022",
            Semantics::V2_2023 => "v2-2023",
            Semantics::Mainline6_19 => "mainline-6.19",
        }
    }
    /// A few characters for pickers and lane headers; `title` is the full name.
    pub fn short(self) -> &'static str {
        match self {
            Semantics::PreMay2022 => "v5.13-v5.18",
            Semantics::K6_0 => "v6.0",
            Semantics::Rfc2022 => "RFC 2022",
            Semantics::V2_2023 => "v2 2023",
            Semantics::Mainline6_19 => "v6.19",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Semantics::PreMay2022 => "v5.13 to v5.18, before the May 2022 bulk fix",
            Semantics::K6_0 => "v6.0 kernel",
            Semantics::Rfc2022 => "Yang Shi RFC, Oct 2022",
            Semantics::V2_2023 => "Yang Shi v2, Feb 2023",
            Semantics::Mainline6_19 => "mainline v6.19",
        }
    }
    pub fn parse(s: &str) -> Result<Semantics, String> {
        Semantics::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown semantics `{s}` (expected pre-may-2022, k6.0, rfc-2022, v2-2023 or \
                 mainline-6.19)"
                )
            })
    }
    /// The bulk loop's "at least one page" test looks at `account` (fixed May 2022).
    pub fn at_least_one_page_fix(self) -> bool {
        self != Semantics::PreMay2022
    }
    /// v6.0 takes the pcp with a trylock that can fail; v5.13–5.19 used a local lock.
    pub fn pcp_trylock(self) -> bool {
        self != Semantics::PreMay2022
    }
    /// v6.19's `mempool_free` calls `wake_up` only if something was added and someone sleeps.
    /// (The simulation reads `model::policy::Wake` instead; this names the version's choice.)
    pub fn wake_only_sleepers(self) -> bool {
        self == Semantics::Mainline6_19
    }

    // Era facts: what a version is, which nobody toggles (`model::policy` holds the choices).
    // The simulation asks these, never a version's name.

    /// v6.19's `GFP_NOWAIT` carries `__GFP_NOWARN` (include/linux/gfp_types.h:374).
    pub fn nowait_has_nowarn(self) -> bool {
        self == Semantics::Mainline6_19
    }
    /// How `crypt_alloc_buffer` fills its bio in this version.
    pub fn dm_crypt_fill(self) -> DmCryptFill {
        match self {
            Semantics::Mainline6_19 => DmCryptFill::Compound,
            Semantics::K6_0 | Semantics::PreMay2022 => DmCryptFill::PerPage,
            Semantics::Rfc2022 | Semantics::V2_2023 => DmCryptFill::MempoolBulk,
        }
    }
    /// The RFC allocates dm-crypt's clone bio once, above `retry:` (RFC 4/4).
    pub fn dm_crypt_bio_once(self) -> bool {
        self == Semantics::Rfc2022
    }
    /// Yang Shi's page-bulk pool: no `pool->alloc`, filled by `alloc_page` at init, which
    /// dm-crypt does not count (RFC 2/4, v2 3/5).
    pub fn page_bulk_pool(self) -> bool {
        matches!(self, Semantics::Rfc2022 | Semantics::V2_2023)
    }
    /// v6.19 keeps one element in a zero-minimum pool (mm/mempool.c:256, 681-690).
    pub fn zero_min_pool_keeps_one(self) -> bool {
        self == Semantics::Mainline6_19
    }
    /// v6.19's `free_unref_folios` frees a reclaimed page straight to the buddy when the pcp
    /// trylock fails (mm/page_alloc.c:3081-3084); v6.0's `free_unref_page_list` locks.
    pub fn reclaim_trylocks_pcp(self) -> bool {
        self == Semantics::Mainline6_19
    }
    /// v6.19's `free_one_page` counts PGFREE (mm/page_alloc.c:1600); v6.0's does not.
    pub fn pgfree_on_buddy_free(self) -> bool {
        self == Semantics::Mainline6_19
    }
    /// The delivery modes the semantics' mempool bulk API offers, if it has one.
    pub fn mempool_bulk_modes(self) -> &'static [Mode] {
        match self {
            Semantics::Rfc2022 => &[Mode::List, Mode::Array],
            Semantics::V2_2023 => &[Mode::Array, Mode::Callback],
            Semantics::Mainline6_19 => &[Mode::Array],
            Semantics::PreMay2022 | Semantics::K6_0 => &[],
        }
    }
    /// The Yang Shi series that offers `mode` (used when a scenario leaves semantics unset).
    pub fn yang_shi_for(mode: Mode) -> Semantics {
        match mode {
            Mode::Callback => Semantics::V2_2023,
            Mode::List | Mode::Array => Semantics::Rfc2022,
        }
    }
}

impl FromStr for Semantics {
    type Err = String;
    fn from_str(s: &str) -> Result<Semantics, String> {
        Semantics::parse(s)
    }
}

impl fmt::Display for Semantics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One spelling everywhere: `name`, `FromStr` and serde agree.
    #[test]
    fn names_parse_back_and_are_the_serde_names() {
        for m in Mode::ALL {
            assert_eq!(m.name().parse::<Mode>(), Ok(m));
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{m}\""));
        }
        for s in Semantics::ALL {
            assert_eq!(s.name().parse::<Semantics>(), Ok(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
        assert!("tree"
            .parse::<Mode>()
            .unwrap_err()
            .contains("unknown mode `tree`"));
    }
}
