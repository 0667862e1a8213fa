//! `scenario::import` against files that are not what they claim: other /proc files, the two
//! files swapped, binary junk, truncation at every line, reordered and duplicated lines, huge
//! and negative numbers; and real variations: fields no kernel had yet, 14 orders, 9 orders,
//! two nodes, reserved migrate types. Each is imported or refused with a message naming the
//! file and the line; nothing panics (`import_fuzz.rs` does the same with random input).
#![cfg(not(target_arch = "wasm32"))]

use bulkpool_allocator::scenario::import::{self, Options};
use std::path::PathBuf;

fn read(kernel: &str, file: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/proc")
        .join(kernel)
        .join(file);
    std::fs::read_to_string(p).unwrap()
}

/// RHEL 8.0's capture: its Normal zone imports as is.
fn rhel8() -> (String, String) {
    let k = "4.18.0-80.11.2.el8_0.x86_64";
    (read(k, "zoneinfo"), read(k, "buddyinfo"))
}

fn err(zi: &str, bi: &str) -> String {
    import::import(zi, bi, None, &Options::default())
        .unwrap_err()
        .message
}

const MEMINFO: &str = "MemTotal:        8046464 kB\nMemFree:          296128 kB\n";
const VMSTAT: &str = "nr_free_pages 74004\nnr_zone_inactive_anon 131493\n";

#[test]
fn other_proc_files_are_named_at_their_first_line() {
    let (zi, bi) = rhel8();
    for other in [MEMINFO, VMSTAT] {
        let first = other.lines().next().unwrap().trim();
        assert_eq!(
            err(other, &bi),
            format!("zoneinfo line 1: `{first}` comes before any `Node <n>, zone <name>` line: is this /proc/zoneinfo?")
        );
        assert_eq!(
            err(&zi, other),
            format!("buddyinfo line 1: `{first}` is not `Node <n>, zone <name>` and free blocks per order: is this /proc/buddyinfo?")
        );
    }
    assert_eq!(
        err("", &bi),
        "zoneinfo: no zone in it (no `Node <n>, zone <name>` line): is this /proc/zoneinfo?"
    );
    assert_eq!(
        err(&zi, "\n\n"),
        "buddyinfo: no zone in it (no `Node <n>, zone <name>` line): is this /proc/buddyinfo?"
    );
}

#[test]
fn swapped_files_are_called_swapped() {
    let (zi, bi) = rhel8();
    let e = err(&bi, &zi);
    assert!(
        e.starts_with("zoneinfo line 1: `Node 0, zone      DMA      1      1")
            && e.ends_with("has numbers after the zone's name: this looks like a line of /proc/buddyinfo (are the two files swapped?)"),
        "{e}"
    );
    let e = err(&zi, &zi);
    assert_eq!(e, "buddyinfo line 1: `Node 0, zone      DMA` has no free-block counts: this looks like /proc/zoneinfo (are the two files swapped?)");
    let pt = read("4.18.0-80.11.2.el8_0.x86_64", "pagetypeinfo");
    assert!(err(&zi, &pt).starts_with("buddyinfo line 1: `Page block order: 9`"));
}

#[test]
fn binary_junk_is_refused_at_its_first_line() {
    let junk: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let text = String::from_utf8_lossy(&junk);
    let (zi, bi) = rhel8();
    assert!(err(&text, &bi).starts_with("zoneinfo line 1: `\\u{0}\\u{1}"));
    assert!(err(&zi, &text).starts_with("buddyinfo line 1: "));
    // Control characters are escaped, and a long line is cut at 60 characters.
    let long = format!("Mem{}", "x".repeat(500));
    let e = err(&long, &bi);
    assert!(e.contains("xxx…` comes before"), "{e}");
    assert!(e.len() < 200);
}

/// Every prefix of the files, cut at a line or inside one: imported (the zone's block is
/// whole) or refused, and a cut inside Normal's block is named.
#[test]
fn truncation_anywhere_is_an_error_or_a_whole_zone() {
    let (zi, bi) = rhel8();
    // From Normal's header to the end of the line of its CPU 0's `batch`, the last line the
    // import needs, a cut leaves a line missing or broken; after it, the zone is whole.
    let normal_at = zi.find("Node 0, zone   Normal").unwrap();
    let batch = normal_at + zi[normal_at..].find("batch: 7\n").unwrap() + "batch: 7".len();
    // Every byte of Normal's block up to just past that line, and every line boundary.
    let cuts = (normal_at..batch + 40)
        .chain(zi.match_indices('\n').map(|(i, _)| i + 1))
        .chain([0, zi.len()]);
    for cut in cuts {
        let got = import::import(&zi[..cut], &bi, None, &Options::default());
        match &got {
            // Until Normal has pages (its `managed` line), the default is the zone below it.
            Ok(i) if i.scenario.name == "node 0 DMA32 (/proc)" => assert!(cut < batch),
            Ok(i) => {
                assert!(cut >= batch, "cut at {cut} imports");
                assert_eq!(i.scenario.name, "node 0 Normal (/proc)");
            }
            Err(e) => {
                // Past the batch line, only a line cut in two is refused.
                let whole_lines = cut == zi.len() || zi[..cut].ends_with('\n');
                assert!(cut < batch || !whole_lines, "cut at {cut}: {}", e.message);
                assert!(!e.message.is_empty() && e.message.len() < 2000);
            }
        }
    }
    let cut = zi.find("        min      8684").unwrap();
    let normal = Options {
        zone: Some("Normal".into()),
        ..Options::default()
    };
    assert_eq!(
        import::import(&zi[..cut], &bi, None, &normal)
            .unwrap_err()
            .message,
        "zone Normal of node 0 (zoneinfo line 112): no `managed` or `present` line (is the file cut short?)"
    );
    for cut in 0..bi.len() {
        if let Err(e) = import::import(&zi, &bi[..cut], None, &normal) {
            assert!(!e.message.is_empty() && e.message.len() < 2000);
        }
    }
    // A row cut short has fewer orders than the others.
    let e = import::import(&zi, &bi[..bi.len() - 20], None, &normal).unwrap_err();
    assert_eq!(
        e.message,
        "buddyinfo line 3: 8 orders, line 1 has 11: is the file cut short?"
    );
    // A buddyinfo cut before its Normal row does not have the zone.
    let e = import::import(
        &zi,
        &bi[..bi.find("Node 0, zone   Normal").unwrap()],
        None,
        &normal,
    )
    .unwrap_err()
    .message;
    assert!(e.starts_with("zone Normal of node 0 (zoneinfo line 112): not in buddyinfo, which lists node 0 DMA, node 0 DMA32: were the two files taken on the same machine?"), "{e}");
}

#[test]
fn reordered_and_duplicated_lines_are_named() {
    let (zi, bi) = rhel8();
    // Zones out of the kernel's order.
    let dma32 = zi.find("Node 0, zone    DMA32").unwrap();
    let normal = zi.find("Node 0, zone   Normal").unwrap();
    let movable = zi.find("Node 0, zone  Movable").unwrap();
    let swapped = [
        &zi[..dma32],
        &zi[normal..movable],
        &zi[dma32..normal],
        &zi[movable..],
    ]
    .concat();
    let e = err(&swapped, &bi);
    assert!(e.starts_with("zoneinfo line 112: zone DMA32 of node 0 comes after zone Normal (line 71): the kernel lists a node's zones in the order DMA, DMA32, Normal"), "{e}");
    // A CPU's fields before its `cpu:` line.
    let early = zi.replacen("  pagesets\n    cpu: 0\n", "  pagesets\n", 1);
    assert!(err(&early, &bi).starts_with(
        "zoneinfo line 59: `count:` comes before any `cpu:` line of zone DMA of node 0"
    ));
    // Twice the same zone, line, CPU.
    let twice = format!("{zi}{}", &zi[normal..]);
    assert!(err(&twice, &bi).contains("zone Normal of node 0 appears twice (first at line 112)"));
    let min = zi.replacen("        low      41\n", "        min      41\n", 1);
    assert_eq!(
        err(&min, &bi),
        "zoneinfo line 33: a second `min` in zone DMA of node 0 (the first is at line 32)"
    );
    let cpu = zi.replacen("    cpu: 1", "    cpu: 0", 1);
    assert!(err(&cpu, &bi).ends_with("cpu 0 appears twice in zone DMA of node 0"));
    let rows = format!("{bi}{}", bi.lines().next().unwrap());
    assert!(err(&zi, &rows)
        .starts_with("buddyinfo line 4: zone DMA of node 0 appears twice (first at line 1)"));
    // buddyinfo's rows in another order are the same rows.
    let mut lines: Vec<&str> = bi.lines().collect();
    lines.reverse();
    let a = import::import(&zi, &bi, None, &Options::default()).unwrap();
    let b = import::import(&zi, &lines.join("\n"), None, &Options::default()).unwrap();
    assert_eq!(a.scenario, b.scenario);
}

#[test]
fn huge_and_negative_numbers_are_errors_not_overflows() {
    let (zi, bi) = rhel8();
    let normal = |from: &str, to: &str| zi.replacen(from, to, 1);
    let e = err(
        &normal("managed  1042033", &format!("managed  {}", "9".repeat(40))),
        &bi,
    );
    assert!(e.contains("has a number of 40 digits"), "{e}");
    let e = err(
        &normal("managed  1042033", "managed  18446744073709551616"),
        &bi,
    );
    assert!(
        e.contains("`managed` is 18446744073709551616, which is not a page count"),
        "{e}"
    );
    let e = err(
        &normal("managed  1042033", "managed  18446744073709551615"),
        &bi,
    );
    assert!(
        e.contains("more than the model's 1048576 frames even at the largest scale, ×1/65536"),
        "{e}"
    );
    let e = err(&normal("min      8684", "min      -8684"), &bi);
    assert!(
        e.contains("`min` is -8684, which is not a page count"),
        "{e}"
    );
    let big_count = bi.replacen(
        "      4      3      2      0 \n",
        "      4      3      2 18446744073709551615 \n",
        1,
    );
    let e = err(&zi, &big_count);
    assert!(e.contains("free pages, more than the zone's 1042033: were the two files taken on the same machine?"), "{e}");
    let pcp = zi.replace("count: 38", "count: 99999999999");
    assert!(err(&pcp, &bi)
        .contains("cpu 0's `count` (from line 141) is 99999999999, beyond any count of the model"));
    // A protection entry larger than the zone: its whole size, which refuses every request.
    let reserve = normal(
        "protection: (0, 0, 0, 0, 0)",
        "protection: (0, 0, 9999999999, 0, 0)",
    );
    let i = import::import(&reserve, &bi, None, &Options::default()).unwrap();
    assert_eq!(i.scenario.zone.lowmem_reserve, 1042033);
}

#[test]
fn fields_no_kernel_had_yet_are_read_and_named_as_ignored() {
    let (zi, bi) = rhel8();
    let future = zi.replace(
        "        managed  1042033\n",
        "        managed  1042033\n        tomorrow 7\n  flux_capacitor:   3\n",
    );
    let i = import::import(&future, &bi, None, &Options::default()).unwrap();
    let today = import::import(&zi, &bi, None, &Options::default()).unwrap();
    assert_eq!(i.scenario, today.scenario);
    let ignored = i.notes.iter().find(|n| n.starts_with("ignored:")).unwrap();
    assert!(
        ignored.starts_with("ignored: tomorrow, flux_capacitor, nr_free_cma"),
        "{ignored}"
    );
}

#[test]
fn fourteen_orders_fold_into_order_ten_and_nine_orders_lower_max_order() {
    let (zi, bi) = rhel8();
    let normal = "Node 0, zone   Normal    356    154    571    302    143     14      7      4      3      2      0 ";
    // Every row gets three more orders (as arm64 with 64 KiB pages prints): Normal's non-zero.
    let rows = |f: &dyn Fn(&str) -> String| bi.lines().map(f).collect::<Vec<_>>().join("\n");
    let fourteen = rows(&|l| match l == normal {
        true => format!("{l}     1      1      1 "),
        false => format!("{l}     0      0      0 "),
    });
    let i = import::import(&zi, &fourteen, None, &Options::default()).unwrap();
    let info = i.scenario.zone.buddyinfo.clone().unwrap();
    assert_eq!(info.len(), 11);
    // Order 11, 12 and 13: 2 + 4 + 8 order-10 blocks, the same pages.
    assert_eq!(info[10], 14);
    assert_eq!(
        i.scenario.free_pages(),
        10852 + (1 << 11) + (1 << 12) + (1 << 13)
    );
    assert!(i
        .notes
        .iter()
        .any(|n| n.starts_with("buddyinfo has 14 orders")));
    let nine = rows(&|l| {
        l.split_whitespace()
            .take(4 + 9)
            .collect::<Vec<_>>()
            .join(" ")
    });
    let i = import::import(&zi, &nine, None, &Options::default()).unwrap();
    assert_eq!(i.scenario.zone.max_order, Some(8));
}

#[test]
fn two_nodes_pick_by_node_and_add_up_for_dm_crypt() {
    let (zi, bi) = rhel8();
    let both = |t: &str| format!("{t}{}", t.replace("Node 0,", "Node 1,"));
    let (zi2, bi2) = (both(&zi), both(&bi));
    let zero = import::import(&zi2, &bi2, None, &Options::default()).unwrap();
    let one = Options {
        node: Some(1),
        ..Options::default()
    };
    let one = import::import(&zi2, &bi2, None, &one).unwrap();
    assert_eq!(zero.scenario.name, "node 0 Normal (/proc)");
    assert_eq!(one.scenario.name, "node 1 Normal (/proc)");
    assert_eq!(one.scenario.zone, zero.scenario.zone);
    // dm-crypt's limit counts the low memory of every node: twice that of one node.
    let single = import::import(&zi, &bi, None, &Options::default()).unwrap();
    let limit = |i: &import::Imported| i.scenario.pool.as_ref().unwrap().dm_crypt_limit;
    assert_eq!(limit(&single), Some(2041137 / 100 * 2));
    assert_eq!(limit(&zero), Some(2 * 2041137 / 100 * 2));
    let e = import::import(
        &zi2,
        &bi2,
        None,
        &Options {
            node: Some(2),
            ..Options::default()
        },
    );
    assert_eq!(
        e.unwrap_err().message,
        "zoneinfo: no node 2 (its nodes: 0, 1)"
    );
}

#[test]
fn options_name_what_exists() {
    let (zi, bi) = rhel8();
    let o = |zone: &str, cpu: Option<u32>| Options {
        zone: Some(zone.into()),
        cpu,
        ..Options::default()
    };
    let e = import::import(&zi, &bi, None, &o("Highmem", None)).unwrap_err();
    assert_eq!(
        e.message,
        "zoneinfo: node 0 has no zone `Highmem` (its zones: DMA, DMA32, Normal, Movable, Device)"
    );
    let e = import::import(&zi, &bi, None, &o("movable", None)).unwrap_err();
    assert_eq!(e.message, "zone Movable of node 0 (zoneinfo line 153): has no pages (managed 0): the kernel lists it but nothing can be allocated from it");
    let e = import::import(&zi, &bi, None, &o("normal", Some(7))).unwrap_err();
    assert_eq!(
        e.message,
        "zone Normal of node 0 (zoneinfo line 112): no cpu 7 in its pagesets (cpus: 0, 1)"
    );
    let cpu1 = import::import(&zi, &bi, None, &o("normal", Some(1))).unwrap();
    assert_eq!(cpu1.scenario.pcp.count, 24);
}

/// pagetypeinfo's HighAtomic, CMA and Isolate blocks become `reserved_free`: F stays
/// buddyinfo's, the usable blocks are the rest.
#[test]
fn reserved_migrate_types_come_from_pagetypeinfo() {
    let (zi, bi) = rhel8();
    let pt = read("4.18.0-80.11.2.el8_0.x86_64", "pagetypeinfo");
    let line = pt
        .lines()
        .find(|l| l.contains("Normal, type   HighAtomic"))
        .unwrap();
    let atomic = format!(
        "{}      0      2      1      0      0      0      0      0      0      0      0 ",
        &line[..line.find("HighAtomic").unwrap() + 10]
    );
    let pt = pt.replace(line, &atomic);
    let i = import::import(&zi, &bi, Some(&pt), &Options::default()).unwrap();
    let z = &i.scenario.zone;
    assert_eq!(z.reserved_free, 2 * 2 + 4);
    assert_eq!(i.scenario.free_pages(), 10852);
    assert_eq!(z.buddyinfo.as_ref().unwrap()[..3], [356, 152, 570]);
    let w = bulkpool_allocator::simulate(&i.scenario, i.scenario.mode).unwrap();
    assert_eq!(w.initial.zone.buddy.nr_reserved_pages(), 8);
    // The kernel's cap on counting, in a reserved type: not known, so refused.
    let capped = pt.replace(&atomic, &atomic.replacen("     2 ", ">100000 ", 1));
    let e = import::import(&zi, &bi, Some(&capped), &Options::default()).unwrap_err();
    assert!(
        e.message
            .contains("the kernel stopped counting HighAtomic blocks of order 1 at 100000"),
        "{}",
        e.message
    );
}

/// The kernel lines the importer and docs/IMPORT.md cite still say what they are cited for
/// (skipped where `../shared/kernel/` is absent).
#[test]
fn the_cited_kernel_lines_hold_what_they_are_cited_for() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/kernel");
    if !root.join("v6.19").is_dir() {
        eprintln!("no kernel sources at {}: skipped", root.display());
        return;
    }
    for (version, file, line, text) in import::KERNEL_REFS {
        let source = std::fs::read_to_string(root.join(version).join(file)).unwrap();
        let got = source.lines().nth(line - 1).unwrap_or_default();
        assert!(got.contains(text), "{version} {file}:{line} is `{got}`");
    }
    let doc = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/IMPORT.md"),
    )
    .unwrap();
    for (version, file, line, _) in import::KERNEL_REFS {
        let cited = format!("{version} {file}:{line}");
        assert!(doc.contains(&cited), "docs/IMPORT.md cites {cited}");
    }
}
