use bulkpool_allocator::{narrate::narrate, presets, simulate, Mode};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let p = presets::find(&args[1]).unwrap();
    let mode = Mode::parse(args.get(2).map(|s| s.as_str()).unwrap_or("list")).unwrap();
    let mut sc = p.scenario();
    if let Some(s) = args.get(3) {
        sc.semantics = Some(bulkpool_allocator::Semantics::parse(s).unwrap());
    }
    let tr = simulate(&sc, mode).unwrap();
    let mut w = tr.initial.clone();
    let names = |t: u8| tr.task_name(t).to_string();
    for (i, e) in tr.events.iter().enumerate() {
        let mut e2 = *e;
        w.apply(&mut e2);
        println!(
            "{:3} {:>5} {:<15} {}",
            i,
            w.now_ms,
            e.phase.name(),
            narrate(e, &w, &names)
        );
    }
    println!(
        "end {:?} F={} C={} pool={} pgalloc={} work={:?}",
        tr.end,
        w.zone.buddy.nr_free_pages(),
        w.zone.pcp.count(),
        w.curr_nr(),
        w.zone.stats.pgalloc,
        w.work
    );
    for (i, t) in w.tasks.iter().enumerate() {
        println!(
            "{} {:?} pages={} {:?}",
            tr.task_name(i as u8),
            t.state,
            t.page_count(),
            t.stats
        );
    }
}
