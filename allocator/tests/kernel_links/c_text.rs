//! Just enough of C's lexical rules to read a kernel line's code: comments blanked out, and
//! the identifiers and numbers on a line.

/// `text` with every comment replaced by spaces (newlines kept, so line numbers stay), string
/// and character literals left as they are.
pub fn blank_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('/', Some('*')) => {
                chars.next();
                out.push_str("  ");
                let mut star = false;
                for c in chars.by_ref() {
                    out.push(if c == '\n' { '\n' } else { ' ' });
                    if star && c == '/' {
                        break;
                    }
                    star = c == '*';
                }
            }
            ('/', Some('/')) => {
                while chars.peek().is_some_and(|c| *c != '\n') {
                    chars.next();
                    out.push(' ');
                }
                out.push(' ');
            }
            ('"' | '\'', _) => {
                quote = Some(c);
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The identifiers and numbers of a line of code, in order.
pub fn tokens(code: &str) -> Vec<&str> {
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn comments_are_blanked_and_code_is_kept() {
    let src = "a = 1; /* one\n * two */ b = \"/* no */\";\n// all\nif (!pcp) // why\n";
    let code = blank_comments(src);
    let lines: Vec<&str> = code.lines().collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0].trim_end(), "a = 1;");
    assert_eq!(lines[1].trim(), "b = \"/* no */\";");
    assert_eq!(lines[2].trim(), "");
    assert_eq!(lines[3].trim(), "if (!pcp)");
    assert_eq!(tokens(lines[3]), ["if", "pcp"]);
    assert_eq!(
        tokens("x->y_z(0x1f, 5*HZ)"),
        ["x", "y_z", "0x1f", "5", "HZ"]
    );
}
