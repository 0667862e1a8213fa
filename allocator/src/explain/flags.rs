//! What each gfp flag and mask means, and who adds it in the runs modelled here (domain.md §1):
//! the tooltips of the phase strip's flags and the Notation list of the web app.

use crate::model::gfp::Gfp;

/// Every composite mask and single flag the model knows, in `Gfp::COMPOSITES` then
/// `Gfp::NAMED` order, with its meaning.
pub const FLAGS: [(&str, &str); 16] = [
    ("GFP_KERNEL", "DIRECT_RECLAIM | KSWAPD_RECLAIM | IO | FS: an ordinary allocation that may sleep, reclaim, write pages out and call into filesystems. The mempool fills its reserve with it."),
    ("GFP_NOFS", "GFP_KERNEL without FS: it may reclaim and do I/O, but not re-enter a filesystem."),
    ("GFP_NOIO", "DIRECT_RECLAIM | KSWAPD_RECLAIM: it may sleep and reclaim but start no I/O, so a block driver's allocation cannot wait on its own writes. The presets' callers ask with it; dm-crypt's blocking pass is GFP_NOIO | HIGHMEM."),
    ("GFP_ATOMIC", "HIGH | KSWAPD_RECLAIM (+ ATOMIC in v6.0): it never sleeps and may go below the min watermark."),
    ("GFP_NOWAIT", "KSWAPD_RECLAIM alone: it never sleeps and never reclaims, but may wake kswapd. dm-crypt's first pass asks with it, and the mempool's first attempt comes down to it once it strips DIRECT_RECLAIM and IO."),
    ("KSWAPD_RECLAIM", "The slow path may wake kswapd, the background reclaimer. Part of every mask above."),
    ("DIRECT_RECLAIM", "The caller may reclaim memory itself, and so may sleep; the mempool also reads it as \"may wait on the pool\". The mempool strips it for its first attempt; dm-crypt adds it for its blocking pass."),
    ("IO", "Reclaim may start I/O (write pages out). Part of GFP_KERNEL and GFP_NOFS; the mempool strips it for its first attempt."),
    ("FS", "Reclaim may call into filesystems. Part of GFP_KERNEL only."),
    ("HIGH", "The caller may go below the min watermark: the mark is halved. Part of GFP_ATOMIC."),
    ("ATOMIC", "v6.0's __GFP_ATOMIC, part of GFP_ATOMIC: lowers the mark further unless NOMEMALLOC is set."),
    ("NORETRY", "After one failed round of direct reclaim, fail instead of retrying. The mempool adds it to every call: its reserve is the fallback. Without it an order-0 request is \"too small to fail\" and loops."),
    ("NOMEMALLOC", "Never use the emergency reserves kept for reclaim itself. The mempool adds it: it has a reserve of its own."),
    ("NOWARN", "Print no allocation-failure warning. The mempool adds it, since it expects failures and falls back to its reserve."),
    ("HIGHMEM", "The page may come from high memory, which needs no kernel mapping (no effect on 64-bit machines). dm-crypt asks with it."),
    ("ZERO", "Zero the page. Not allowed with a mempool: a page from the reserve would come back unzeroed (the kernel warns)."),
];

/// The meaning of a flag or mask as `Gfp::parts` spells it (`GFP_NOIO`, `NORETRY`).
pub fn meaning(name: &str) -> Option<&'static str> {
    FLAGS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// Every part of a mask with its meaning, in the mask's own spelling.
pub fn explained(g: Gfp) -> Vec<(&'static str, &'static str)> {
    g.parts()
        .into_iter()
        .map(|p| (p, meaning(p).unwrap_or("")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flag_and_mask_the_model_spells_is_explained() {
        let names: Vec<&str> = Gfp::COMPOSITES
            .iter()
            .chain(Gfp::NAMED.iter())
            .map(|(_, n)| *n)
            .collect();
        let listed: Vec<&str> = FLAGS.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, listed);
        for (n, m) in FLAGS {
            assert!(m.len() > 20, "{n}");
        }
    }

    #[test]
    fn a_mask_is_explained_in_its_own_spelling() {
        let g = Gfp::GFP_NOWAIT | Gfp::NORETRY | Gfp::NOMEMALLOC | Gfp::NOWARN | Gfp::HIGHMEM;
        let parts: Vec<&str> = explained(g).iter().map(|(p, _)| *p).collect();
        assert_eq!(parts.join("|"), g.to_string());
        assert_eq!(parts[0], "GFP_NOWAIT");
        assert!(explained(g).iter().all(|(_, m)| !m.is_empty()));
    }
}
