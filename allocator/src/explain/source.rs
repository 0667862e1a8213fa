//! Where each step's rule comes from: a domain.md provenance tag, the function, and a link to
//! the code: a line of a released kernel (kernel.rs) or the mail of an unmerged patch. A
//! discussion mail that decided the rule may be linked beside it.

use crate::explain::kernel::{KernelLine, Kver, Site};
use crate::model::policy::{Axis, Rules, WaitLock, Wake};
use crate::model::types::Semantics;
use crate::model::world::{CallKind, CallResult};
use crate::model::zone::Mark;
use crate::trace::event::{Event, EventKind, FreeTo, From, SingleReason, To};
use crate::trace::listing::Listing;
use serde::Serialize;

mod origin;
use origin::{origin, Origin};

/// An unmerged patch (or a series merged after v6.19), by the message id of its mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Patch {
    /// How the series names it: `RFC 2/4`.
    pub label: &'static str,
    pub subject: &'static str,
    /// The mail's message id (lore.kernel.org finds it).
    pub id: &'static str,
    /// The file the hunk changes.
    pub file: &'static str,
}

impl Patch {
    pub fn url(&self) -> String {
        lore_url(self.id)
    }
}

/// The code a step models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum CodeLink {
    Kernel(KernelLine),
    Patch(Patch),
}

impl CodeLink {
    /// `mm/page_alloc.c:5399` or `RFC 2/4`.
    pub fn label(&self) -> String {
        match self {
            CodeLink::Kernel(k) => k.to_string(),
            CodeLink::Patch(p) => p.label.to_string(),
        }
    }
    pub fn url(&self) -> String {
        match self {
            CodeLink::Kernel(k) => k.url(),
            CodeLink::Patch(p) => p.url(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// A provenance tag, one of [`TAGS`].
    pub tag: &'static str,
    /// The function (for a kernel line, the function that contains it) or what the model does.
    pub what: &'static str,
    /// The code the step models, where it has one.
    pub code: Option<CodeLink>,
    /// A mailing-list post that decided the rule, by message id.
    pub lore: Option<&'static str>,
}

/// Every tag a step can carry, with what it means (the app's legend; a test checks that no step
/// carries a tag missing here).
pub const TAGS: [(&str, &str); 10] = [
    ("K6.0", "Linux v6.0: the step links its line of the released source."),
    ("K6.19", "Linux v6.19 (mempool_alloc_bulk), linked the same way."),
    ("K6.5+", "dm-crypt from v6.5 on (compound pages), linked to v6.19."),
    ("K7.0", "the v7.0 blk-crypto fallback, linked to its patch mail."),
    ("K5.13-5.18", "the page allocator before the May 2022 fix; no line is linked."),
    ("RFC-2022", "Yang Shi's RFC of October 2022, linked to its patch mail."),
    ("V2-2023", "Yang Shi's v2 of February 2023, linked to its patch mail."),
    ("SIMPL", "a simplification of the model, such as kswapd's fixed reclaim rate; docs/MODEL.md lists them all."),
    ("INFER", "a step with no counterpart in that kernel version."),
    ("WHAT-IF", "a design choice this version did not make; the step links the code of the version it borrows from, if any."),
];

/// `https://lore.kernel.org/all/<id>/`
pub fn lore_url(id: &str) -> String {
    format!("https://lore.kernel.org/all/{id}/")
}

/// `https://lore.kernel.org/r/<id>`: the short form, for texts (it fits a 72-column line for
/// every patch mail the model links).
pub fn lore_r(id: &str) -> String {
    format!("https://lore.kernel.org/r/{id}")
}

impl SourceRef {
    /// The discussion mail's address, if any.
    pub fn lore_url(&self) -> Option<String> {
        self.lore.map(lore_url)
    }
}

pub const MEL_CALLBACK: &str = "20221013123830.opbulq4qad56kuev@techsingularity.net";
pub const FIX_MAY_2022: &str = "20220526091210.GC3441@techsingularity.net";
pub const FOSTER: &str = "Yz7qeI0s6TjSEIFe@bfoster";

/// The patch mails the model links to (message ids as in domain.md §14; the v2 parts' ids
/// checked against the list archive, docs/MODEL.md).
pub const RFC_MEMPOOL: Patch = Patch {
    label: "RFC 2/4",
    subject: "mm: mempool: introduce page bulk allocator",
    id: "20221005180341.1738796-3-shy828301@gmail.com",
    file: "mm/mempool.c",
};
pub const RFC_DM_CRYPT: Patch = Patch {
    label: "RFC 4/4",
    subject: "md: dm-crypt: use mempool page bulk allocator",
    id: "20221005180341.1738796-5-shy828301@gmail.com",
    file: "drivers/md/dm-crypt.c",
};
pub const V2_CALLBACK: Patch = Patch {
    label: "v2 1/5",
    subject: "mm: page_alloc: add API for bulk allocator with callback",
    id: "20230214190221.1156876-2-shy828301@gmail.com",
    file: "mm/page_alloc.c",
};
pub const V2_MEMPOOL: Patch = Patch {
    label: "v2 3/5",
    subject: "mm: mempool: introduce page bulk allocator",
    id: "20230214190221.1156876-4-shy828301@gmail.com",
    file: "mm/mempool.c",
};
pub const V2_DM_CRYPT: Patch = Patch {
    label: "v2 5/5",
    subject: "md: dm-crypt: use mempool page bulk allocator",
    id: "20230214190221.1156876-6-shy828301@gmail.com",
    file: "drivers/md/dm-crypt.c",
};
pub const BLK_CRYPTO: Patch = Patch {
    label: "blk-crypto (v7.0)",
    subject: "blk-crypto: use mempool_alloc_bulk for encrypted bio page allocation",
    id: "20260109060813.2226714-1-hch@lst.de",
    file: "block/blk-crypto-fallback.c",
};

/// Every patch the model can link to.
pub const PATCHES: [Patch; 6] = [
    RFC_MEMPOOL,
    RFC_DM_CRYPT,
    V2_CALLBACK,
    V2_MEMPOOL,
    V2_DM_CRYPT,
    BLK_CRYPTO,
];

fn simpl(what: &'static str) -> SourceRef {
    SourceRef {
        tag: "SIMPL",
        what,
        code: None,
        lore: None,
    }
}

fn patch(tag: &'static str, what: &'static str, p: Patch) -> SourceRef {
    SourceRef {
        tag,
        what,
        code: Some(CodeLink::Patch(p)),
        lore: None,
    }
}

/// The source of one event under the run's semantics.
/// A step's source in a run that may be a what-if (`model::policy`): a step governed by a choice
/// its version did not make is tagged WHAT-IF and links the code of the version whose
/// behaviour it borrows; every other step is `source_of` its semantics.
pub fn source_of_run(ev: &Event, rules: Rules) -> SourceRef {
    let departed = |a: Axis| rules.departures().iter().any(|(x, _)| *x == a);
    if !rules.is_what_if() {
        return source_of(ev, rules.sem);
    }
    let p = rules.policies;
    let lock_step = matches!(
        ev.kind,
        EventKind::DrainEnd { .. }
            | EventKind::PoolShort { .. }
            | EventKind::Retry { .. }
            | EventKind::Sleep { .. }
    ) && matches!(
        ev.line.0,
        Listing::MempoolBulk | Listing::MempoolAlloc | Listing::MainlineBulk
    );
    let borrowed = match ev.line.0 {
        Listing::MainlineBulk if rules.sem != Semantics::Mainline6_19 && departed(Axis::Drain) => {
            Some((
                "what-if: all-or-nothing draining, as v6.19",
                Some(Semantics::Mainline6_19),
            ))
        }
        Listing::MempoolBulk if rules.sem == Semantics::Mainline6_19 && departed(Axis::Drain) => {
            Some((
                "what-if: partial draining, as Yang Shi's series",
                Some(Semantics::Rfc2022),
            ))
        }
        _ if lock_step && departed(Axis::Lock) => Some(match p.lock {
            WaitLock::Held => (
                "what-if: the pool lock held through the wait, as v2 and v6.19",
                Some(Semantics::V2_2023),
            ),
            WaitLock::Dropped => (
                "what-if: the pool lock dropped before the wait, as the RFC",
                Some(Semantics::Rfc2022),
            ),
        }),
        _ => match ev.kind {
            EventKind::WatermarkCheck {
                mark: Mark::BulkHoles,
                ..
            } => Some(("what-if: an array charged only for its holes", None)),
            EventKind::MutexLock { .. } | EventKind::MutexUnlock { .. }
                if departed(Axis::Serial) =>
            {
                Some((
                    "what-if: blocking passes serialized as dm-crypt does",
                    Some(Semantics::K6_0),
                ))
            }
            EventKind::WakeUp { .. }
            | EventKind::Free {
                to: FreeTo::Pool, ..
            } if departed(Axis::Wake) => Some(match p.wake {
                Wake::IfSleeper => (
                    "what-if: wake only sleepers, as v6.19",
                    Some(Semantics::Mainline6_19),
                ),
                Wake::Always => ("what-if: always wake_up, as v6.0", Some(Semantics::K6_0)),
            }),
            _ => None,
        },
    };
    match borrowed {
        Some((what, from)) => {
            let code = from.map(|s| source_of(ev, s));
            SourceRef {
                tag: "WHAT-IF",
                what,
                code: code.and_then(|c| c.code),
                lore: code.and_then(|c| c.lore),
            }
        }
        None => source_of(ev, rules.sem),
    }
}

pub fn source_of(ev: &Event, sem: Semantics) -> SourceRef {
    let yang_shi = matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023);
    let origin = origin(ev, sem, yang_shi);
    let series = |rfc: Patch, v2: Patch| if sem == Semantics::V2_2023 { v2 } else { rfc };
    let series_tag = if sem == Semantics::V2_2023 {
        "V2-2023"
    } else {
        "RFC-2022"
    };
    let mut src = match origin {
        Origin::Model(what) => simpl(what),
        Origin::Mempool(what) => patch(series_tag, what, series(RFC_MEMPOOL, V2_MEMPOOL)),
        Origin::DmCrypt(what) => patch(series_tag, what, series(RFC_DM_CRYPT, V2_DM_CRYPT)),
        Origin::Callback => SourceRef {
            lore: Some(MEL_CALLBACK),
            ..patch(
                "V2-2023",
                "alloc_pages_bulk_cb(): cb(page, data)",
                V2_CALLBACK,
            )
        },
        Origin::BlkCrypto(what) => patch("K7.0", what, BLK_CRYPTO),
        Origin::Kernel(site) => kernel(ev, sem, site),
    };
    // Rules a mailing-list post decided.
    src.lore = src.lore.or(match ev.kind {
        EventKind::BulkStop { .. }
        | EventKind::SinglePath {
            reason: SingleReason::NoPageYet,
        } => Some(FIX_MAY_2022),
        EventKind::CallStart {
            call: CallKind::MempoolInit,
            ..
        } if yang_shi => Some(FOSTER),
        _ => None,
    });
    src
}

/// A kernel site under the run's semantics: v6.19 lines for mainline-6.19, v6.0 lines for the
/// rest; the v5.13 page allocator has no linked source here.
fn kernel(ev: &Event, sem: Semantics, site: Site) -> SourceRef {
    let page_allocator = matches!(ev.line.0, Listing::BulkAlloc | Listing::AllocPage);
    if sem == Semantics::PreMay2022 && page_allocator {
        return SourceRef {
            tag: "K5.13-5.18",
            what: "the page allocator before the May 2022 fix and the v6.0 pcp lock",
            code: None,
            lore: None,
        };
    }
    let version = if sem == Semantics::Mainline6_19 {
        Kver::V6_19
    } else {
        Kver::V6_0
    };
    match site.line(version) {
        Some(k) => SourceRef {
            tag: match version {
                Kver::V6_19 if ev.line.0 == Listing::DmCrypt => "K6.5+",
                Kver::V6_19 => "K6.19",
                Kver::V6_0 => "K6.0",
            },
            what: k.function,
            code: Some(CodeLink::Kernel(k)),
            lore: None,
        },
        None => SourceRef {
            tag: "INFER",
            what: "a step with no counterpart in this kernel version",
            code: None,
            lore: None,
        },
    }
}
