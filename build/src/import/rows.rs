//! Rows from tables: the columns' cells cleaned of encoding artefacts, the
//! status carried down its group, placeholders made of the published
//! forms, duplicates and clashing names resolved, each step reported.

use std::collections::HashMap;

use errcat_core::log_safe::LogSafe;
use errcat_core::syntax::{is_code, is_description_char, is_token};

use super::report::{NoteKind, Report, invisible, shown};
use super::table::{Cell, Column, Columns, Table};
use crate::names;
use crate::template::{Template, is_placeholder_name};
use crate::validate::RESERVED_METHODS;

/// One row of the catalogue to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub status: u16,
    pub token: String,
    pub code: String,
    /// The template: placeholders in braces, literal braces doubled.
    pub description: String,
    pub scenario: String,
    /// A variant name, when the source gives one or names clash.
    pub name: Option<String>,
    /// Where the row is: its source and line.
    pub file: String,
    pub line: usize,
}

/// A placeholder the rows use, and how the source shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placeholder {
    pub name: String,
    pub published: String,
    pub private: bool,
}

/// The rows of every source so far.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    pub rows: Vec<Row>,
    pub placeholders: Vec<Placeholder>,
    pub by_code: HashMap<String, usize>,
    /// Where each placeholder is in `placeholders`.
    pub by_placeholder: HashMap<String, usize>,
}

/// The published form of a value the API fills in at run time that
/// errcat's own catalogue uses: the reason of an internal error, which
/// the table shows as nothing after "with reason :".
const REASON: &str = "reason";

/// The most placeholders the import makes in one description, and in all:
/// more than any real table has, and a bound on the work of checking
/// their uses.
const MAX_PER_DESCRIPTION: usize = 16;
const MAX_PLACEHOLDERS: usize = 256;

impl Rows {
    /// Adds the rows of `table`, read by `columns`.
    pub fn add(&mut self, file: &str, table: &Table, columns: &Columns, report: &mut Report) {
        let mut group: Option<Group> = None;
        for cells in &table.rows {
            let line = cells.first().map_or(table.line, |cell| cell.line);
            let Some(row) = self.read_row(file, line, cells, columns, &mut group, report) else {
                continue;
            };
            self.push(row, report);
        }
        if let Some(group) = group {
            group.report(file, report);
        }
    }

    fn read_row(
        &mut self,
        file: &str,
        line: usize,
        cells: &[Cell],
        columns: &Columns,
        group: &mut Option<Group>,
        report: &mut Report,
    ) -> Option<Row> {
        let empty = Cell::new("", line);
        let cell = |column| columns.cell(cells, column).unwrap_or(&empty);
        let code_cell = cell(Column::Code);
        let code = clean(file, "code", code_cell, None, report);
        let at = code_cell.line;
        let code_ref = Some(code.as_str()).filter(|code| !code.is_empty());
        if code.is_empty() {
            let texts: Vec<String> = cells.iter().map(|cell| shown(&cell.text)).collect();
            report.push(
                file,
                line,
                NoteKind::Check,
                None,
                format!("a row without a code, left out: {}", texts.join(" | ")),
            );
            return None;
        }
        if code.contains(char::is_whitespace) || !is_code(&code) {
            report.push(
                file,
                at,
                NoteKind::Check,
                code_ref,
                "the code is not of the form errcat expects ([A-Z0-9]+(-[A-Z0-9]+)+): kept as published; the catalogue needs it changed",
            );
        }

        let status_cell = cell(Column::Status);
        let status_text = clean(file, "status", status_cell, code_ref, report);
        let status = if status_text.is_empty() {
            match group {
                Some(group) => {
                    group.carried.push(at);
                    group.status
                }
                None => {
                    report.push(
                        file,
                        at,
                        NoteKind::Check,
                        code_ref,
                        "no status: the cell is empty and no row above gives one; left out",
                    );
                    return None;
                }
            }
        } else {
            let Some(status) = parse_status(&status_text) else {
                report.push(
                    file,
                    status_cell.line,
                    NoteKind::Check,
                    code_ref,
                    format!(
                        "the status {} is not an HTTP status (100 to 999): left out",
                        shown(&status_text)
                    ),
                );
                return None;
            };
            if status_text != status.to_string() {
                report.push(
                    file,
                    status_cell.line,
                    NoteKind::Decided,
                    code_ref,
                    format!(
                        "the status cell {} is read as {status}",
                        shown(&status_text)
                    ),
                );
            }
            if let Some(done) = group.replace(Group {
                status,
                line: status_cell.line,
                carried: Vec::new(),
            }) {
                done.report(file, report);
            }
            status
        };

        let token_cell = cell(Column::Token);
        let mut token = clean(file, "error token", token_cell, code_ref, report);
        if token.is_empty() {
            report.push(
                file,
                token_cell.line.max(at),
                NoteKind::Check,
                code_ref,
                "the error token is empty: left out",
            );
            return None;
        }
        if token.bytes().any(|b| b.is_ascii_lowercase()) && is_token(&token.to_ascii_uppercase()) {
            report.push(
                file,
                token_cell.line,
                NoteKind::Decided,
                code_ref,
                format!(
                    "the error token {} is written in upper case, as a catalogue's tokens are (the wire sends them in lower case)",
                    shown(&token)
                ),
            );
            token = token.to_ascii_uppercase();
        } else if !is_token(&token) {
            report.push(
                file,
                token_cell.line,
                NoteKind::Check,
                code_ref,
                format!(
                    "the error token {} is not of the form errcat expects ([A-Z0-9]+(_[A-Z0-9]+)*): kept as published; the catalogue needs it changed",
                    shown(&token)
                ),
            );
        }

        let description_cell = cell(Column::Description);
        let published = clean(file, "description", description_cell, code_ref, report);
        let description = self.template(file, description_cell.line, &published, code_ref, report);

        let scenario_cell = columns.cell(cells, Column::Scenario);
        let scenario = match scenario_cell {
            Some(scenario_cell) => clean(file, "scenario", scenario_cell, code_ref, report),
            None => String::new(),
        };
        let scenario_line = scenario_cell.map_or(at, |cell| cell.line);
        if scenario.is_empty() && scenario_cell.is_some() {
            report.push(
                file,
                scenario_line,
                NoteKind::Check,
                code_ref,
                "the scenario is empty: kept empty; say when the API answers with this code",
            );
        }
        let scenario_lines = scenario.lines().count();
        if scenario_lines > 1 {
            report.push(
                file,
                scenario_line,
                NoteKind::Check,
                code_ref,
                format!(
                    "the scenario spans {scenario_lines} lines ({}-{}): kept as {scenario_lines} lines, as published",
                    scenario_line,
                    scenario_line + scenario_lines - 1
                ),
            );
        }
        if let Some(c) = scenario.chars().find(|c| c.is_control() && *c != '\n') {
            report.push(
                file,
                scenario_line,
                NoteKind::Check,
                code_ref,
                format!(
                    "the scenario holds the control character U+{:04X}: kept; remove it if the page did not mean it",
                    u32::from(c)
                ),
            );
        }
        let name = columns
            .cell(cells, Column::Name)
            .map(|cell| clean(file, "name", cell, code_ref, report))
            .filter(|name| !name.is_empty());
        Some(Row {
            status,
            token,
            code,
            description,
            scenario,
            name,
            file: file.to_owned(),
            line: at,
        })
    }

    /// The description as a template: `{name}` kept, a quoted upper-case
    /// word (`'INPUT'`) made a placeholder, a trailing "with reason :"
    /// given one, literal braces doubled.
    fn template(
        &mut self,
        file: &str,
        line: usize,
        published: &str,
        code: Option<&str>,
        report: &mut Report,
    ) -> String {
        if published.is_empty() {
            report.push(
                file,
                line,
                NoteKind::Check,
                code,
                "the description is empty: kept empty; the catalogue needs the text the API sends",
            );
        }
        let mut out = String::with_capacity(published.len() + 8);
        let chars: Vec<char> = published.chars().collect();
        let mut index = 0;
        let mut made = 0;
        let mut over = false;
        let mut room = |rows: &Rows, name: &str, made: &mut usize| {
            let fits = *made < MAX_PER_DESCRIPTION
                && (rows.by_placeholder.contains_key(name)
                    || rows.placeholders.len() < MAX_PLACEHOLDERS);
            if fits {
                *made += 1;
            } else {
                over = true;
            }
            fits
        };
        while index < chars.len() {
            let c = chars[index];
            if c == '{' {
                if let Some(end) = chars[index + 1..].iter().position(|&c| c == '}') {
                    let name: String = chars[index + 1..index + 1 + end].iter().collect();
                    if is_placeholder_name(&name)
                        && !names::is_unusable_identifier(&name)
                        && room(self, &name, &mut made)
                    {
                        let upper = name.to_ascii_uppercase();
                        self.declare(file, line, code, &name, &upper, false, report);
                        report.push(
                            file,
                            line,
                            NoteKind::Decided,
                            code,
                            format!(
                                "{{{name}}} in the description is a placeholder, published as {}",
                                shown(&upper)
                            ),
                        );
                        out.push('{');
                        out.push_str(&name);
                        out.push('}');
                        index += end + 2;
                        continue;
                    }
                }
                out.push_str("{{");
            } else if c == '}' {
                out.push_str("}}");
            } else if c == '\'' {
                let word: String = chars[index + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || **c == '_')
                    .collect();
                let closes = chars.get(index + 1 + word.chars().count()) == Some(&'\'');
                let name = word.to_ascii_lowercase();
                if closes
                    && word.starts_with(|c: char| c.is_ascii_uppercase())
                    && is_placeholder_name(&name)
                    && !names::is_unusable_identifier(&name)
                    && room(self, &name, &mut made)
                {
                    self.declare(file, line, code, &name, &word, false, report);
                    report.push(
                        file,
                        line,
                        NoteKind::Decided,
                        code,
                        format!(
                            "'{word}' in the description is a value filled in at run time: the placeholder {{{name}}}, published = {}",
                            shown(&word)
                        ),
                    );
                    out.push('\'');
                    out.push('{');
                    out.push_str(&name);
                    out.push('}');
                    out.push('\'');
                    index += word.chars().count() + 2;
                    continue;
                }
                out.push('\'');
            } else {
                out.push(c);
            }
            index += 1;
        }
        if over {
            report.push(
                file,
                line,
                NoteKind::Check,
                code,
                format!(
                    "the description has more values to fill in than the import makes placeholders of ({MAX_PER_DESCRIPTION} a description, {MAX_PLACEHOLDERS} in all): the rest are kept as text"
                ),
            );
        }
        let trimmed = out.trim_end();
        let lower = trimmed.to_ascii_lowercase();
        if lower.ends_with("with reason :") || lower.ends_with("with reason:") {
            self.declare(file, line, code, REASON, "", true, report);
            report.push(
                file,
                line,
                NoteKind::Check,
                code,
                format!(
                    "the description ends in {}, as if a reason followed that the table does not show: kept as published, with the placeholder {{{REASON}}} after it, published as nothing and private (kept out of responses unless marked public); decide whether clients should see it",
                    shown(&tail(trimmed, 13))
                ),
            );
            out = format!("{trimmed} {{{REASON}}}");
        } else if trimmed.ends_with(':') {
            report.push(
                file,
                line,
                NoteKind::Check,
                code,
                "the description ends in ':', as if a value followed: kept as published; add a placeholder if one does",
            );
        }
        if let Some(c) = published.chars().find(|&c| !is_description_char(c)) {
            let more = published
                .chars()
                .filter(|&c| !is_description_char(c))
                .count()
                - 1;
            report.push(
                file,
                line,
                NoteKind::Check,
                code,
                format!(
                    "the description has the character {} (U+{:04X}){}, outside what `error_description` may carry on the wire (printable ASCII but '\"' and '\\'): kept as published; the catalogue needs a decision",
                    shown(&c.to_string()),
                    u32::from(c),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ),
            );
        }
        out
    }

    /// Declares a placeholder, or checks that a second use publishes it the
    /// same way.
    #[allow(clippy::too_many_arguments)]
    fn declare(
        &mut self,
        file: &str,
        line: usize,
        code: Option<&str>,
        name: &str,
        published: &str,
        private: bool,
        report: &mut Report,
    ) {
        match self
            .by_placeholder
            .get(name)
            .map(|&index| &self.placeholders[index])
        {
            Some(known) if known.published != published => report.push(
                file,
                line,
                NoteKind::Check,
                code,
                format!(
                    "the placeholder {{{name}}} is published as {} here and as {} before: the catalogue publishes it one way, the first",
                    shown(published),
                    shown(&known.published)
                ),
            ),
            Some(_) => {}
            None => {
                self.by_placeholder
                    .insert(name.to_owned(), self.placeholders.len());
                self.placeholders.push(Placeholder {
                    name: name.to_owned(),
                    published: published.to_owned(),
                    private,
                });
            }
        }
    }

    /// Adds a row, unless its code is already there.
    fn push(&mut self, row: Row, report: &mut Report) {
        if let Some(&first) = self.by_code.get(&row.code) {
            let kept = &self.rows[first];
            let differences: Vec<&str> = [
                ("status", kept.status == row.status),
                ("error token", kept.token == row.token),
                ("description", kept.description == row.description),
                ("scenario", kept.scenario == row.scenario),
            ]
            .into_iter()
            .filter(|(_, same)| !same)
            .map(|(field, _)| field)
            .collect();
            let place = format!("{}:{}", LogSafe(&kept.file), kept.line);
            if differences.is_empty() {
                report.push(
                    &row.file,
                    row.line,
                    NoteKind::Decided,
                    Some(&row.code),
                    format!("a duplicate code, the same row as at {place}: kept once"),
                );
            } else {
                report.push(
                    &row.file,
                    row.line,
                    NoteKind::Check,
                    Some(&row.code),
                    format!(
                        "a duplicate code: the row at {place} has it with another {}; this row is left out, decide which is right",
                        differences.join(", ")
                    ),
                );
            }
            return;
        }
        self.by_code.insert(row.code.clone(), self.rows.len());
        self.rows.push(row);
    }

    /// Gives a `name` to every row whose variant name (derived from its
    /// description, as the build derives it) or constructor would clash
    /// with another row's or with a method errcat reserves. `taken` holds
    /// the names and constructors of rows already in a catalogue.
    pub fn name_clashes(&mut self, taken: &[(String, String)], report: &mut Report) {
        let mut variants: HashMap<String, usize> = HashMap::new();
        let mut constructors: HashMap<String, usize> = HashMap::new();
        for (name, constructor) in taken {
            variants.insert(name.clone(), usize::MAX);
            constructors.insert(constructor.clone(), usize::MAX);
        }
        for index in 0..self.rows.len() {
            let row = &self.rows[index];
            let derived = match &row.name {
                Some(name) => name.clone(),
                None => derived_name(&row.description, &row.code),
            };
            let mut name = derived.clone();
            let mut constructor = names::snake_case(&name);
            let clash = |variants: &HashMap<String, usize>,
                         constructors: &HashMap<String, usize>,
                         name: &str,
                         constructor: &str| {
                variants
                    .get(name)
                    .or_else(|| constructors.get(constructor))
                    .copied()
            };
            let reserved = RESERVED_METHODS.contains(&constructor.as_str());
            let other = clash(&variants, &constructors, &name, &constructor);
            if reserved || other.is_some() {
                let mut suffix = String::new();
                for part in row.code.split('-') {
                    suffix.push_str(&capitalized(part));
                }
                name = format!("{derived}{suffix}");
                let mut n = 2;
                while clash(&variants, &constructors, &name, &names::snake_case(&name)).is_some() {
                    name = format!("{derived}{suffix}{n}");
                    n += 1;
                }
                constructor = names::snake_case(&name);
                let why = if reserved {
                    format!(
                        "its constructor `{}` would be a method errcat reserves",
                        names::snake_case(&derived)
                    )
                } else {
                    match other {
                        Some(usize::MAX) | None => {
                            "the catalogue has a row of that name already".to_owned()
                        }
                        Some(first) => format!(
                            "the row {} at line {} has that name",
                            LogSafe(&self.rows[first].code),
                            self.rows[first].line
                        ),
                    }
                };
                report.push(
                    &self.rows[index].file,
                    self.rows[index].line,
                    NoteKind::Check,
                    Some(&self.rows[index].code),
                    format!(
                        "the variant name `{}` would clash ({why}): named `{}`; choose a better name",
                        LogSafe(&derived),
                        LogSafe(&name)
                    ),
                );
                self.rows[index].name = Some(name.clone());
            }
            variants.insert(name, index);
            constructors.insert(constructor, index);
        }
    }
}

/// The variant name the build derives for a row without `name`.
pub(crate) fn derived_name(description: &str, code: &str) -> String {
    let literal = Template::parse(description)
        .map(|template| template.pieces.join(" "))
        .unwrap_or_default();
    names::derive_variant_name(&literal, code)
}

/// The last `count` characters of `text`.
fn tail(text: &str, count: usize) -> String {
    let skip = text.chars().count().saturating_sub(count);
    text.chars().skip(skip).collect()
}

fn capitalized(part: &str) -> String {
    let mut out = String::new();
    for (index, c) in part.chars().enumerate() {
        if c.is_ascii_alphanumeric() {
            if index == 0 {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c.to_ascii_lowercase());
            }
        }
    }
    out
}

/// A status and the rows below it whose status cell is empty.
struct Group {
    status: u16,
    line: usize,
    carried: Vec<usize>,
}

impl Group {
    fn report(self, file: &str, report: &mut Report) {
        if self.carried.is_empty() {
            return;
        }
        let lines: Vec<String> = self.carried.iter().map(usize::to_string).collect();
        report.push(
            file,
            self.line,
            NoteKind::Decided,
            None,
            format!(
                "the status {} carries down to the {} rows below it whose status cell is empty (lines {})",
                self.status,
                self.carried.len(),
                lines.join(", ")
            ),
        );
    }
}

/// `400`, or the number a cell such as `400 Bad Request` starts with.
fn parse_status(text: &str) -> Option<u16> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let rest = &text[digits.len()..];
    if digits.len() != 3 || rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    digits
        .parse()
        .ok()
        .filter(|status| (100..=999).contains(status))
}

/// A cell's text with the encoding artefacts of copied pages removed, each
/// removal reported with the original: `Ā` and a no-break space (a
/// mis-decoded U+00A0), a lone no-break or zero-width space, `Ā` ending a
/// word, a stray quote closing the cell. Spaces and tabs around the text
/// are the cell's padding; a cell of only such characters is empty.
pub(crate) fn clean(
    file: &str,
    field: &str,
    cell: &Cell,
    code: Option<&str>,
    report: &mut Report,
) -> String {
    let original = cell.text.trim_matches(|c: char| c.is_ascii_whitespace());
    if original.chars().all(|c| c.is_whitespace() || invisible(c)) {
        return String::new();
    }
    let mut text = String::with_capacity(original.len());
    let mut removed: Vec<&str> = Vec::new();
    let chars: Vec<char> = original.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        let next = chars.get(index + 1).copied();
        let previous = text.chars().last();
        let (skip, what) = if c == '\u{100}' && next == Some('\u{a0}') {
            (2, "\"Ā\" and a no-break space (a mis-decoded U+00A0)")
        } else if c == '\u{100}'
            && previous.is_some_and(char::is_alphabetic)
            && next.is_none_or(char::is_whitespace)
        {
            (1, "\"Ā\" after a word (a mis-decoded space)")
        } else if c == '\u{a0}' || c == '\u{202f}' {
            (1, "a no-break space")
        } else if matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        ) {
            (1, "a zero-width character")
        } else {
            text.push(c);
            index += 1;
            continue;
        };
        // What stood for a space becomes one between two words, and nothing
        // beside a space or at an end.
        let after = chars.get(index + skip).copied();
        if previous.is_some_and(|c| !c.is_whitespace())
            && after.is_some_and(|c| !c.is_whitespace() && !invisible(c))
            && what != "a zero-width character"
        {
            text.push(' ');
        }
        if !removed.contains(&what) {
            removed.push(what);
        }
        index += skip;
    }
    let trimmed = text
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .to_owned();
    let mut text = trimmed;
    for quote in ['"', '\''] {
        if text.ends_with(quote) && stray(&text, quote) {
            text.pop();
            let what = if quote == '"' {
                "a stray trailing '\"'"
            } else {
                "a stray trailing \"'\""
            };
            removed.push(what);
        }
    }
    if !removed.is_empty() {
        report.push(
            file,
            cell.line,
            NoteKind::Fixed,
            code,
            format!(
                "removed {} from the {field}, an encoding artefact: the cell was {}, now {}",
                removed.join(" and "),
                shown(original),
                shown(&text)
            ),
        );
    }
    text
}

/// Whether the last `quote` of `text` closes nothing: the quotes (those
/// that are not apostrophes inside a word) are odd in number.
fn stray(text: &str, quote: char) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let quotes = chars
        .iter()
        .enumerate()
        .filter(|&(at, &c)| {
            c == quote
                && !(quote == '\''
                    && at > 0
                    && chars[at - 1].is_alphanumeric()
                    && chars.get(at + 1).is_some_and(|c| c.is_alphanumeric()))
        })
        .count();
    quotes % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(text: &str) -> (String, usize) {
        let mut report = Report::default();
        let text = clean("t", "description", &Cell::new(text, 1), None, &mut report);
        (text, report.notes.len())
    }

    #[test]
    fn artefacts_are_removed_and_reported() {
        assert_eq!(
            cleaned("security related parameters\u{100}\u{a0}"),
            ("security related parameters".to_owned(), 1)
        );
        assert_eq!(
            cleaned("Supported versions are\u{100}\u{a0} 'INPUT'"),
            ("Supported versions are 'INPUT'".to_owned(), 1)
        );
        assert_eq!(cleaned("a\u{a0}b"), ("a b".to_owned(), 1));
        assert_eq!(
            cleaned("the payment initiation\""),
            ("the payment initiation".to_owned(), 1)
        );
        assert_eq!(
            cleaned("not allowed for 'PSD2'"),
            ("not allowed for 'PSD2'".to_owned(), 0)
        );
        assert_eq!(
            cleaned("the TPP's token"),
            ("the TPP's token".to_owned(), 0)
        );
        assert_eq!(cleaned("\u{a0}"), (String::new(), 0));
        assert_eq!(cleaned("  Plain  "), ("Plain".to_owned(), 0));
    }

    #[test]
    fn statuses_are_numbers_of_three_digits() {
        assert_eq!(parse_status("400"), Some(400));
        assert_eq!(parse_status("400 Bad Request"), Some(400));
        assert_eq!(parse_status("4000"), None);
        assert_eq!(parse_status("4xx"), None);
        assert_eq!(parse_status("099"), None);
    }
}
