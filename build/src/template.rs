//! Description templates: literal text with `{name}` placeholders.
//!
//! `{{` and `}}` stand for literal braces. A template splits into literal
//! pieces with one placeholder between each pair, which is how the runtime
//! fills and renders it without parsing anything.

use errcat_core::log_safe::Quoted;

/// A parsed description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// Literal text, braces unescaped; always one more than `slots`.
    pub pieces: Vec<String>,
    /// For each gap between pieces, the index of its placeholder in `names`.
    pub slots: Vec<usize>,
    /// The distinct placeholder names, in order of first appearance.
    pub names: Vec<String>,
}

/// A mistake in a template, at a character index of the description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Where, in characters of the description.
    pub char_index: usize,
    /// What is wrong, after "description of `CODE` ".
    pub message: String,
}

impl Template {
    /// Parses a description, or says what is wrong with it.
    pub fn parse(description: &str) -> Result<Template, TemplateError> {
        let mut template = Template {
            pieces: vec![String::new()],
            slots: Vec::new(),
            names: Vec::new(),
        };
        let mut chars = description.chars().enumerate().peekable();
        while let Some((index, c)) = chars.next() {
            match c {
                '{' if chars.peek().is_some_and(|&(_, next)| next == '{') => {
                    chars.next();
                    push_literal(&mut template, '{');
                }
                '}' if chars.peek().is_some_and(|&(_, next)| next == '}') => {
                    chars.next();
                    push_literal(&mut template, '}');
                }
                '}' => {
                    return Err(TemplateError {
                        char_index: index,
                        message: "has a `}` that closes no placeholder: expected `{name}`, or `}}` for a literal brace".to_owned(),
                    });
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for (_, inner) in chars.by_ref() {
                        if inner == '}' {
                            closed = true;
                            break;
                        }
                        name.push(inner);
                    }
                    if !closed {
                        let name = Quoted(&name);
                        return Err(TemplateError {
                            char_index: index,
                            message: format!(
                                "has an unclosed placeholder `{{{name}`: expected `{{name}}`, or `{{{{` for a literal brace"
                            ),
                        });
                    }
                    if !is_placeholder_name(&name) {
                        let name = Quoted(&name);
                        return Err(TemplateError {
                            char_index: index,
                            message: format!(
                                "has a malformed placeholder `{{{name}}}`: expected a name of lowercase letters, digits and `_` that starts with a letter, such as `{{input}}`"
                            ),
                        });
                    }
                    let slot = match template.names.iter().position(|known| *known == name) {
                        Some(slot) => slot,
                        None => {
                            template.names.push(name);
                            template.names.len() - 1
                        }
                    };
                    template.slots.push(slot);
                    template.pieces.push(String::new());
                }
                other => push_literal(&mut template, other),
            }
        }
        Ok(template)
    }

    /// The text with every placeholder replaced by `fill(name)`.
    pub fn render(&self, mut fill: impl FnMut(&str) -> String) -> String {
        let mut out = self.pieces[0].clone();
        for (slot, piece) in self.slots.iter().zip(&self.pieces[1..]) {
            out.push_str(&fill(&self.names[*slot]));
            out.push_str(piece);
        }
        out
    }
}

fn push_literal(template: &mut Template, c: char) {
    template
        .pieces
        .last_mut()
        .expect("a template always has a piece")
        .push(c);
}

/// `[a-z][a-z0-9_]*`
pub fn is_placeholder_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|first| first.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
