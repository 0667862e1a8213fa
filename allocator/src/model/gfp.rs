//! GFP flags: the subset of allocation-context bits the model understands (domain.md §1).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A set of GFP bits. Only the bits listed in [`Gfp::NAMED`] exist in the model.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Gfp(u16);

impl Gfp {
    pub const EMPTY: Gfp = Gfp(0);
    /// The single-page slow path may wake kswapd.
    pub const KSWAPD_RECLAIM: Gfp = Gfp(1 << 0);
    /// The caller may reclaim synchronously and may sleep (also mempool's "may wait" test).
    pub const DIRECT_RECLAIM: Gfp = Gfp(1 << 1);
    pub const IO: Gfp = Gfp(1 << 2);
    pub const FS: Gfp = Gfp(1 << 3);
    /// May dip below the min watermark: the mark is halved in the slow path.
    pub const HIGH: Gfp = Gfp(1 << 4);
    pub const NORETRY: Gfp = Gfp(1 << 5);
    pub const NOMEMALLOC: Gfp = Gfp(1 << 6);
    pub const NOWARN: Gfp = Gfp(1 << 7);
    pub const HIGHMEM: Gfp = Gfp(1 << 8);
    pub const ZERO: Gfp = Gfp(1 << 9);
    /// v6.0's `__GFP_ATOMIC`: gives ALLOC_HARDER unless NOMEMALLOC is set.
    pub const ATOMIC: Gfp = Gfp(1 << 10);

    pub const GFP_KERNEL: Gfp = Gfp(0b1111);
    pub const GFP_NOFS: Gfp = Gfp(0b0111);
    pub const GFP_NOIO: Gfp = Gfp(0b0011);
    pub const GFP_NOWAIT: Gfp = Gfp(0b0001);
    pub const GFP_ATOMIC: Gfp = Gfp(Self::HIGH.0 | Self::KSWAPD_RECLAIM.0 | Self::ATOMIC.0);

    /// Every single bit, with its kernel name, in display order.
    pub const NAMED: [(Gfp, &'static str); 11] = [
        (Self::KSWAPD_RECLAIM, "KSWAPD_RECLAIM"),
        (Self::DIRECT_RECLAIM, "DIRECT_RECLAIM"),
        (Self::IO, "IO"),
        (Self::FS, "FS"),
        (Self::HIGH, "HIGH"),
        (Self::ATOMIC, "ATOMIC"),
        (Self::NORETRY, "NORETRY"),
        (Self::NOMEMALLOC, "NOMEMALLOC"),
        (Self::NOWARN, "NOWARN"),
        (Self::HIGHMEM, "HIGHMEM"),
        (Self::ZERO, "ZERO"),
    ];

    /// Composite masks accepted by the parser and preferred by the printer, largest first.
    pub const COMPOSITES: [(Gfp, &'static str); 5] = [
        (Self::GFP_KERNEL, "GFP_KERNEL"),
        (Self::GFP_NOFS, "GFP_NOFS"),
        (Self::GFP_NOIO, "GFP_NOIO"),
        (Self::GFP_ATOMIC, "GFP_ATOMIC"),
        (Self::GFP_NOWAIT, "GFP_NOWAIT"),
    ];

    pub const fn bits(self) -> u16 {
        self.0
    }
    pub const fn contains(self, other: Gfp) -> bool {
        self.0 & other.0 == other.0
    }
    pub const fn union(self, other: Gfp) -> Gfp {
        Gfp(self.0 | other.0)
    }
    pub const fn without(self, other: Gfp) -> Gfp {
        Gfp(self.0 & !other.0)
    }

    /// The names of the set bits, one per flag (no composites).
    pub fn flag_names(self) -> Vec<&'static str> {
        Self::NAMED
            .iter()
            .filter(|(g, _)| self.contains(*g))
            .map(|(_, n)| *n)
            .collect()
    }

    /// Parses `GFP_NOIO|HIGHMEM`, `gfp_kernel`, `__GFP_DIRECT_RECLAIM | NOWARN`, or `0`.
    pub fn parse(text: &str) -> Result<Gfp, String> {
        let mut gfp = Gfp::EMPTY;
        let text = text.trim();
        if text.is_empty() || text == "0" {
            return Ok(gfp);
        }
        for part in text.split('|') {
            let raw = part.trim().to_ascii_uppercase();
            let name = raw.trim_start_matches("__GFP_").trim_start_matches("GFP_");
            let full = format!("GFP_{name}");
            let found = Self::COMPOSITES
                .iter()
                .find(|(_, n)| *n == full)
                .or_else(|| Self::NAMED.iter().find(|(_, n)| *n == name));
            match found {
                Some((g, _)) => gfp = gfp.union(*g),
                None => {
                    return Err(format!(
                        "unknown GFP flag `{}` (known: GFP_KERNEL, GFP_NOFS, GFP_NOIO, GFP_NOWAIT, \
                         GFP_ATOMIC, or single bits such as DIRECT_RECLAIM, HIGHMEM, NORETRY)",
                        part.trim()
                    ))
                }
            }
        }
        Ok(gfp)
    }
}

impl std::ops::BitOr for Gfp {
    type Output = Gfp;
    fn bitor(self, rhs: Gfp) -> Gfp {
        self.union(rhs)
    }
}

impl Gfp {
    /// The mask as it is spelled everywhere: the largest composite it contains, then the
    /// remaining bits (`["GFP_NOIO", "HIGHMEM"]`); empty for no bits.
    pub fn parts(self) -> Vec<&'static str> {
        let mut parts: Vec<&'static str> = Vec::new();
        let mut rest = self;
        if let Some((g, n)) = Self::COMPOSITES.iter().find(|(g, _)| self.contains(*g)) {
            parts.push(n);
            rest = rest.without(*g);
        }
        parts.extend(rest.flag_names());
        parts
    }
}

impl fmt::Display for Gfp {
    /// The largest composite the mask contains, then the remaining bits: `GFP_NOIO|HIGHMEM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = self.parts();
        if parts.is_empty() {
            f.write_str("0")
        } else {
            f.write_str(&parts.join("|"))
        }
    }
}

impl fmt::Debug for Gfp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Gfp({self})")
    }
}

impl TryFrom<String> for Gfp {
    type Error = String;
    fn try_from(s: String) -> Result<Gfp, String> {
        Gfp::parse(&s)
    }
}

impl From<Gfp> for String {
    fn from(g: Gfp) -> String {
        g.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composites_match_domain_section_1() {
        assert_eq!(
            Gfp::GFP_KERNEL,
            Gfp::DIRECT_RECLAIM | Gfp::KSWAPD_RECLAIM | Gfp::IO | Gfp::FS
        );
        assert_eq!(
            Gfp::GFP_NOFS,
            Gfp::DIRECT_RECLAIM | Gfp::KSWAPD_RECLAIM | Gfp::IO
        );
        assert_eq!(Gfp::GFP_NOIO, Gfp::DIRECT_RECLAIM | Gfp::KSWAPD_RECLAIM);
        assert_eq!(Gfp::GFP_NOWAIT, Gfp::KSWAPD_RECLAIM);
        assert!(Gfp::GFP_ATOMIC.contains(Gfp::HIGH));
        assert!(!Gfp::GFP_ATOMIC.contains(Gfp::DIRECT_RECLAIM));
    }

    #[test]
    fn display_prefers_the_largest_composite() {
        assert_eq!(
            (Gfp::GFP_NOWAIT | Gfp::HIGHMEM).to_string(),
            "GFP_NOWAIT|HIGHMEM"
        );
        assert_eq!(Gfp::GFP_KERNEL.to_string(), "GFP_KERNEL");
        assert_eq!(Gfp::EMPTY.to_string(), "0");
        assert_eq!(Gfp::DIRECT_RECLAIM.to_string(), "DIRECT_RECLAIM");
    }

    #[test]
    fn parse_round_trips_and_accepts_kernel_spellings() {
        for g in [
            Gfp::GFP_NOIO | Gfp::HIGHMEM | Gfp::NOWARN,
            Gfp::GFP_ATOMIC,
            Gfp::EMPTY,
        ] {
            assert_eq!(Gfp::parse(&g.to_string()), Ok(g));
        }
        assert_eq!(
            Gfp::parse("gfp_nowait | __GFP_DIRECT_RECLAIM"),
            Ok(Gfp::GFP_NOWAIT | Gfp::DIRECT_RECLAIM)
        );
        let err = Gfp::parse("GFP_NOIO|BOGUS").unwrap_err();
        assert!(err.contains("BOGUS"), "{err}");
    }
}
