use super::*;

fn text(s: &str) -> Inline {
    Inline::Text(s.into())
}

#[test]
fn headings_paragraphs_and_hard_wraps() {
    let b = parse("# The model\n\nLine one\nline two.\n\n## 2. Corrections\nNext.");
    assert_eq!(
        b[0],
        Block::Heading(1, vec![text("The model")], "the-model".into())
    );
    assert_eq!(b[1], Block::Para(vec![text("Line one line two.")]));
    assert_eq!(
        b[2],
        Block::Heading(2, vec![text("2. Corrections")], "2-corrections".into())
    );
    assert_eq!(b[3], Block::Para(vec![text("Next.")]));
}

#[test]
fn nested_and_numbered_lists_with_continuations() {
    let md = "- one\n  more\n  - inner\n    still inner\n- two\n\n1. **A.** first\n   goes on\n\n2. second\n";
    let b = parse(md);
    let Block::List {
        ordered: false,
        items,
    } = &b[0]
    else {
        panic!("{b:?}")
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].text, vec![text("one more")]);
    let Block::List { items: inner, .. } = &items[0].children[0] else {
        panic!()
    };
    assert_eq!(inner[0].text, vec![text("inner still inner")]);
    let Block::List {
        ordered: true,
        items,
    } = &b[1]
    else {
        panic!("{b:?}")
    };
    assert_eq!(items.len(), 2, "a blank line between items keeps one list");
    assert_eq!(items[0].text[0], Inline::Strong(vec![text("A.")]));
    assert_eq!(items[0].text[1], text(" first goes on"));
}

#[test]
fn tables_code_and_inline_markup() {
    let b = parse("| a | `b` |\n|---|---|\n| 1 | **2** |\n\n```\nx  y\n```");
    assert_eq!(
        b[0],
        Block::Table {
            head: vec![vec![text("a")], vec![Inline::Code("b".into())]],
            rows: vec![vec![vec![text("1")], vec![Inline::Strong(vec![text("2")])]]],
        }
    );
    assert_eq!(b[1], Block::Code("x  y".into()));
    assert_eq!(
        inline("see https://elixir.bootlin.com/linux/v6.0/. And [docs](SCENARIO.md)"),
        vec![
            text("see "),
            Inline::Link {
                text: vec![text("https://elixir.bootlin.com/linux/v6.0/")],
                href: "https://elixir.bootlin.com/linux/v6.0/".into()
            },
            text(". And "),
            Inline::Link {
                text: vec![text("docs")],
                href: "SCENARIO.md".into()
            },
        ]
    );
}

#[test]
fn no_link_to_a_script_and_no_markup_from_the_text() {
    let i = inline("[x](javascript:alert(1)) <b>bold</b>");
    assert!(!i.iter().any(|x| matches!(x, Inline::Link { .. })), "{i:?}");
    assert_eq!(plain(&i), "[x](javascript:alert(1)) <b>bold</b>");
}

#[test]
fn the_model_notes_read_whole_and_point_at_nothing_outside_the_site() {
    let md = include_str!("../../../docs/MODEL.md");
    let blocks = parse(md);
    let headings = blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading(..)))
        .count();
    assert!(headings >= 8, "{headings} headings");
    assert!(blocks.iter().any(|b| matches!(b, Block::Table { .. })));
    // Every character of the document's text survives (tables, lists, paragraphs).
    fn all(b: &[Block], out: &mut String) {
        for b in b {
            match b {
                Block::Heading(_, t, _) | Block::Para(t) => out.push_str(&plain(t)),
                Block::List { items, .. } => {
                    for i in items {
                        out.push_str(&plain(&i.text));
                        all(&i.children, out);
                    }
                }
                Block::Table { head, rows } => {
                    for c in head.iter().chain(rows.iter().flatten()) {
                        out.push_str(&plain(c));
                    }
                }
                Block::Code(c) => out.push_str(c),
            }
        }
    }
    let mut out = String::new();
    all(&blocks, &mut out);
    for word in ["mempool_alloc_bulk", "SIMPL", "prepare_to_wait"] {
        assert!(out.contains(word), "{word}");
    }
    // U6: nothing that only exists outside the site.
    for outside in ["../", "shared/", "domain.md", "findings.md"] {
        assert!(!md.contains(outside), "MODEL.md mentions {outside}");
    }
}
