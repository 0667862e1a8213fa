use bulkpool_allocator::{narrate::narrate, simulate, Scenario};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sc = Scenario::from_json(&std::fs::read_to_string(&args[1]).unwrap()).unwrap();
    let n: usize = args.get(2).map(|s| s.parse().unwrap()).unwrap_or(200);
    match simulate(&sc, sc.mode) {
        Ok(tr) => {
            let mut w = tr.initial.clone();
            let names = |t: u8| tr.task_name(t).to_string();
            for (i, e) in tr.events.iter().enumerate().take(n) {
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
        }
        Err(e) => println!("error {e}"),
    }
}
