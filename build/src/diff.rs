//! What changed between two versions of a catalogue, and whether clients
//! notice: the engine of `errcat diff` and of errcat's own guard on its
//! published codes.
//!
//! Each change has a [`Class`], as `buf breaking` classifies changes to a
//! protobuf schema: [`Breaking`](Class::Breaking) for clients (a code
//! removed, renumbered or reused, a status, token or placeholder changed),
//! [`WireText`](Class::WireText) (a description reworded: clients match
//! these texts) and [`Compatible`](Class::Compatible) (codes added, rows
//! deprecated, scenarios and docs changed).
//!
//! Either side is a list of [`Published`] codes: made from a catalogue
//! ([`Published::of`]) or read from a snapshot file ([`snapshot`]), which
//! also remembers the codes removed on purpose (tombstones), so that their
//! numbers are never given to another error.
//!
//! ```
//! use errcat_build::diff::{Class, Published, diff};
//!
//! let old = vec![Published::new("LED-0001", "NOT_FOUND", 404, "No ledger '{name}'")];
//! let mut new = old.clone();
//! new[0].status = 410;
//! new.push(Published::new("LED-0002", "GONE", 410, "Closed"));
//!
//! let changes = diff(&old, &new);
//! assert_eq!(changes.len(), 2);
//! assert_eq!((changes[0].class, changes[0].rule.name()), (Class::Breaking, "status-changed"));
//! assert_eq!((changes[1].class, changes[1].rule.name()), (Class::Compatible, "code-added"));
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;

use errcat_core::log_safe::LogSafe;

use crate::validate::Catalogue;

pub mod snapshot;

/// What clients, logs and servers may depend on about one code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The code: `GEN-1201-100001`.
    pub code: String,
    /// The error token, as published: `MISSING_INPUT`.
    pub token: String,
    /// The HTTP status.
    pub status: u16,
    /// The placeholders' names, in order of first appearance: the order of
    /// the typed constructor's arguments.
    pub placeholders: Vec<String>,
    /// Whether the row is deprecated.
    pub deprecated: bool,
    /// The description as written, placeholders in braces.
    pub description: String,
    /// A tombstone: removed on purpose, its number reserved for what it
    /// meant. Only a snapshot has them.
    pub removed: bool,
    /// The scenario, when the side knows it (a snapshot does not).
    pub scenario: Option<String>,
    /// Where the code is documented, when the side knows it.
    pub docs: Option<String>,
    /// The NextGenPSD2 message code, when the row has one (and the side
    /// records it).
    pub berlin_group: Option<String>,
    /// The AIP-193 reason, when the side records it.
    pub reason: Option<String>,
}

impl Published {
    /// A code with these fields; its placeholders are read from the
    /// description's braces, and it is neither deprecated nor removed.
    pub fn new(code: &str, token: &str, status: u16, description: &str) -> Published {
        let placeholders = crate::template::Template::parse(description)
            .map(|template| template.names)
            .unwrap_or_default();
        Published {
            code: code.to_owned(),
            token: token.to_owned(),
            status,
            placeholders,
            deprecated: false,
            description: description.to_owned(),
            removed: false,
            scenario: None,
            docs: None,
            berlin_group: None,
            reason: None,
        }
    }

    /// The codes of a catalogue, in its order. The reason is recorded when
    /// the catalogue speaks AIP-193, where clients read it.
    pub fn of(catalogue: &Catalogue) -> Vec<Published> {
        let aip = catalogue.metadata.speaks(errcat_core::formats::AIP_193);
        catalogue
            .rows
            .iter()
            .map(|row| Published {
                code: row.code.clone(),
                token: row.token.clone(),
                status: row.status,
                placeholders: row.template.names.clone(),
                deprecated: row.deprecated.is_some(),
                description: row.description.clone(),
                removed: false,
                scenario: Some(row.scenario.clone()),
                docs: Some(row.docs.clone()),
                berlin_group: row.berlin_group.clone(),
                reason: aip.then(|| row.reason.clone()),
            })
            .collect()
    }

    /// What a client or a log reader takes the code to mean.
    fn same_meaning(&self, other: &Published) -> bool {
        self.status == other.status
            && self.token == other.token
            && self.placeholders == other.placeholders
    }
}

/// How much a change matters to the catalogue's users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Breaks clients, logs or servers that depend on what was published.
    Breaking,
    /// Changes a text that travels on the wire (the description):
    /// clients that match it see the difference.
    WireText,
    /// Nothing that depended on the old version breaks.
    Compatible,
}

impl Class {
    /// The class's name in machine-readable output: `breaking`,
    /// `wire-text`, `compatible`.
    pub const fn name(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::WireText => "wire-text",
            Class::Compatible => "compatible",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which rule a change falls under, as `buf breaking` names its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A code was removed (breaking).
    CodeRemoved,
    /// A code was removed and its row is back under another number
    /// (breaking).
    CodeRenumbered,
    /// A code removed on purpose (a tombstone) names another error now
    /// (breaking).
    CodeReused,
    /// The HTTP status changed (breaking).
    StatusChanged,
    /// The error token changed (breaking).
    TokenChanged,
    /// A placeholder was added to the description (breaking).
    PlaceholderAdded,
    /// A placeholder was removed from the description (breaking).
    PlaceholderRemoved,
    /// The placeholders are in another order (breaking).
    PlaceholdersReordered,
    /// The description's words changed (wire text).
    DescriptionChanged,
    /// A code was added (compatible).
    CodeAdded,
    /// A code removed on purpose is back with the meaning it had
    /// (compatible).
    CodeRestored,
    /// A row was deprecated (compatible).
    CodeDeprecated,
    /// A row is no longer deprecated (compatible).
    CodeUndeprecated,
    /// The scenario changed (compatible).
    ScenarioChanged,
    /// Where the code is documented changed (compatible).
    DocsChanged,
    /// The NextGenPSD2 message code changed (breaking: TPP clients branch
    /// on it).
    BerlinGroupChanged,
    /// The AIP-193 reason changed (breaking: clients branch on it; a
    /// renamed variant changes its default reason).
    ReasonChanged,
    /// A wire format the API spoke is gone (breaking).
    FormatRemoved,
    /// The format a request that does not choose gets is another one
    /// (breaking).
    DefaultFormatChanged,
    /// The API speaks a format more (compatible).
    FormatAdded,
}

impl Rule {
    /// The rule's name in machine-readable output: `code-removed`.
    pub const fn name(self) -> &'static str {
        match self {
            Rule::CodeRemoved => "code-removed",
            Rule::CodeRenumbered => "code-renumbered",
            Rule::CodeReused => "code-reused",
            Rule::StatusChanged => "status-changed",
            Rule::TokenChanged => "token-changed",
            Rule::PlaceholderAdded => "placeholder-added",
            Rule::PlaceholderRemoved => "placeholder-removed",
            Rule::PlaceholdersReordered => "placeholders-reordered",
            Rule::DescriptionChanged => "description-changed",
            Rule::CodeAdded => "code-added",
            Rule::CodeRestored => "code-restored",
            Rule::CodeDeprecated => "code-deprecated",
            Rule::CodeUndeprecated => "code-undeprecated",
            Rule::ScenarioChanged => "scenario-changed",
            Rule::DocsChanged => "docs-changed",
            Rule::BerlinGroupChanged => "berlin-group-changed",
            Rule::ReasonChanged => "reason-changed",
            Rule::FormatRemoved => "format-removed",
            Rule::DefaultFormatChanged => "default-format-changed",
            Rule::FormatAdded => "format-added",
        }
    }

    /// The class of every change under this rule.
    ///
    /// ```
    /// use errcat_build::diff::{Class, Rule};
    /// assert_eq!(Rule::CodeReused.class(), Class::Breaking);
    /// assert_eq!(Rule::DescriptionChanged.class().name(), "wire-text");
    /// ```
    pub const fn class(self) -> Class {
        match self {
            Rule::CodeRemoved
            | Rule::CodeRenumbered
            | Rule::CodeReused
            | Rule::StatusChanged
            | Rule::TokenChanged
            | Rule::PlaceholderAdded
            | Rule::PlaceholderRemoved
            | Rule::PlaceholdersReordered
            | Rule::BerlinGroupChanged
            | Rule::ReasonChanged
            | Rule::FormatRemoved
            | Rule::DefaultFormatChanged => Class::Breaking,
            Rule::DescriptionChanged => Class::WireText,
            Rule::CodeAdded
            | Rule::CodeRestored
            | Rule::CodeDeprecated
            | Rule::CodeUndeprecated
            | Rule::ScenarioChanged
            | Rule::DocsChanged
            | Rule::FormatAdded => Class::Compatible,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One difference between the old and the new version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// How much it matters: the rule's class.
    pub class: Class,
    /// Which rule it falls under.
    pub rule: Rule,
    /// The code it is about, as the old version has it (the new one's for
    /// an added code).
    pub code: String,
    /// What changed and what to do about it, for people; texts from the
    /// files are escaped.
    pub message: String,
}

impl Change {
    fn new(rule: Rule, code: &str, message: String) -> Change {
        Change {
            class: rule.class(),
            rule,
            code: code.to_owned(),
            message,
        }
    }
}

/// Every change from `old` to `new`: first those to the old codes, in the
/// old order, then the new codes, in the new order.
pub fn diff(old: &[Published], new: &[Published]) -> Vec<Change> {
    let now: HashMap<&str, &Published> = new
        .iter()
        .map(|entry| (entry.code.as_str(), entry))
        .collect();
    let before: HashSet<&str> = old.iter().map(|entry| entry.code.as_str()).collect();
    let mut renumbered: HashSet<&str> = HashSet::new();
    let mut changes = Vec::new();
    for was in old {
        let code = LogSafe(&was.code);
        let raw = was.code.as_str();
        if was.removed {
            if let Some(is) = now.get(raw) {
                changes.push(if was.same_meaning(is) {
                    Change::new(
                        Rule::CodeRestored,
                        raw,
                        format!(
                            "`{code}` is back, with the status, token and placeholders it was published with"
                        ),
                    )
                } else {
                    Change::new(
                        Rule::CodeReused,
                        raw,
                        format!(
                            "`{code}` was removed on purpose ({} {}) and is now reused ({} {}): old logs and clients would read the new error as the old one; give the new row a code of its own",
                            was.status,
                            LogSafe(&was.token),
                            is.status,
                            LogSafe(&is.token)
                        ),
                    )
                });
            }
            continue;
        }
        let Some(is) = now.get(raw) else {
            let successor = new.iter().find(|is| {
                !before.contains(is.code.as_str())
                    && !renumbered.contains(is.code.as_str())
                    && is.token == was.token
                    && is.description == was.description
            });
            changes.push(match successor {
                Some(is) => {
                    renumbered.insert(&is.code);
                    Change::new(
                        Rule::CodeRenumbered,
                        raw,
                        format!(
                            "`{code}` looks renumbered from `{code}` to `{}` (same token `{}` and description \"{}\"): a published code keeps its number; restore `{code}`, and if `{}` is to replace it, keep both and mark `{code}` `deprecated`",
                            LogSafe(&is.code),
                            LogSafe(&was.token),
                            LogSafe(&was.description),
                            LogSafe(&is.code)
                        ),
                    )
                }
                None => Change::new(
                    Rule::CodeRemoved,
                    raw,
                    format!(
                        "`{code}` ({} {}) was removed: logs, clients and servers still carry it; keep its row and mark it `deprecated = \"what to use instead\"` rather than deleting it",
                        was.status,
                        LogSafe(&was.token)
                    ),
                ),
            });
            continue;
        };
        compare(was, is, &mut changes);
    }
    for is in new {
        if !before.contains(is.code.as_str()) && !renumbered.contains(is.code.as_str()) {
            changes.push(Change::new(
                Rule::CodeAdded,
                &is.code,
                format!(
                    "`{}` is new ({} {})",
                    LogSafe(&is.code),
                    is.status,
                    LogSafe(&is.token)
                ),
            ));
        }
    }
    changes
}

/// The changes to one code that both versions have.
fn compare(was: &Published, is: &Published, changes: &mut Vec<Change>) {
    let code = LogSafe(&was.code);
    let raw = was.code.as_str();
    if is.status != was.status {
        changes.push(Change::new(
            Rule::StatusChanged,
            raw,
            format!(
                "`{code}` changed its status from {} to {}: clients branch on the status",
                was.status, is.status
            ),
        ));
    }
    if is.token != was.token {
        changes.push(Change::new(
            Rule::TokenChanged,
            raw,
            format!(
                "`{code}` changed its error token from `{}` to `{}`: clients branch on the token",
                LogSafe(&was.token),
                LogSafe(&is.token)
            ),
        ));
    }
    for name in &is.placeholders {
        if !was.placeholders.contains(name) {
            changes.push(Change::new(
                Rule::PlaceholderAdded,
                raw,
                format!(
                    "`{code}` gained the placeholder `{{{}}}`: servers that build it must now pass a value; add a new code for the new text instead",
                    LogSafe(name)
                ),
            ));
        }
    }
    for name in &was.placeholders {
        if !is.placeholders.contains(name) {
            changes.push(Change::new(
                Rule::PlaceholderRemoved,
                raw,
                format!(
                    "`{code}` lost the placeholder `{{{}}}`: servers that pass it no longer build and clients that read it find nothing; add a new code for the new text instead",
                    LogSafe(name)
                ),
            ));
        }
    }
    let same_names = was.placeholders.len() == is.placeholders.len()
        && was
            .placeholders
            .iter()
            .all(|name| is.placeholders.contains(name));
    if same_names && was.placeholders != is.placeholders {
        changes.push(Change::new(
            Rule::PlaceholdersReordered,
            raw,
            format!(
                "`{code}` reorders its placeholders from {} to {}: its constructor takes them in that order, so existing calls would swap their values silently",
                list(&was.placeholders),
                list(&is.placeholders)
            ),
        ));
    }
    if is.description != was.description {
        changes.push(Change::new(
            Rule::DescriptionChanged,
            raw,
            format!(
                "`{code}` has a new description: \"{}\" becomes \"{}\"; clients that match the text will see it",
                LogSafe(&was.description),
                LogSafe(&is.description)
            ),
        ));
    }
    match (was.deprecated, is.deprecated) {
        (false, true) => changes.push(Change::new(
            Rule::CodeDeprecated,
            raw,
            format!("`{code}` is now deprecated: fine, it still parses, renders and decodes"),
        )),
        (true, false) => changes.push(Change::new(
            Rule::CodeUndeprecated,
            raw,
            format!("`{code}` is no longer deprecated"),
        )),
        _ => {}
    }
    if matches!((&was.scenario, &is.scenario), (Some(before), Some(after)) if before != after) {
        changes.push(Change::new(
            Rule::ScenarioChanged,
            raw,
            format!("`{code}` has a new scenario"),
        ));
    }
    if let (Some(before), Some(after)) = (&was.berlin_group, &is.berlin_group) {
        if before != after {
            changes.push(Change::new(
                Rule::BerlinGroupChanged,
                raw,
                format!(
                    "`{code}` changed its NextGenPSD2 message code from `{}` to `{}`: TPP clients branch on it",
                    LogSafe(before),
                    LogSafe(after)
                ),
            ));
        }
    }
    if let (Some(before), Some(after)) = (&was.reason, &is.reason) {
        if before != after {
            changes.push(Change::new(
                Rule::ReasonChanged,
                raw,
                format!(
                    "`{code}` changed its AIP-193 reason from `{}` to `{}`: clients branch on it (a renamed variant changes its default reason: set `reason = \"{}\"` to keep it)",
                    LogSafe(before),
                    LogSafe(after),
                    LogSafe(before)
                ),
            ));
        }
    }
    if let (Some(before), Some(after)) = (&was.docs, &is.docs) {
        if before != after {
            changes.push(Change::new(
                Rule::DocsChanged,
                raw,
                format!(
                    "`{code}` is documented elsewhere: \"{}\" becomes \"{}\"",
                    LogSafe(before),
                    LogSafe(after)
                ),
            ));
        }
    }
}

/// Every change to the wire formats an API speaks, from the `formats` of
/// its old version to those of its new one: a format gone or a new first
/// format (what a request that does not choose gets) is breaking, a format
/// added is compatible. The changes name no code.
///
/// ```
/// use errcat_build::diff::{Class, formats};
/// let old = ["oauth".to_owned(), "problem".to_owned()];
/// let new = ["berlin-group".to_owned(), "oauth".to_owned()];
/// let changes = formats(&old, &new);
/// let rules: Vec<&str> = changes.iter().map(|change| change.rule.name()).collect();
/// assert_eq!(rules, ["default-format-changed", "format-removed", "format-added"]);
/// assert_eq!(changes[2].class, Class::Compatible);
/// ```
pub fn formats(old: &[String], new: &[String]) -> Vec<Change> {
    let mut changes = Vec::new();
    if let (Some(was), Some(is)) = (old.first(), new.first()) {
        if was != is {
            changes.push(Change::new(
                Rule::DefaultFormatChanged,
                "",
                format!(
                    "a request that does not choose now gets `{}` instead of `{}`: clients that send no `Accept` read another body",
                    LogSafe(is),
                    LogSafe(was)
                ),
            ));
        }
    }
    for name in old.iter().filter(|name| !new.contains(name)) {
        changes.push(Change::new(
            Rule::FormatRemoved,
            "",
            format!(
                "the API no longer speaks `{}`: clients that ask for it get another body",
                LogSafe(name)
            ),
        ));
    }
    for name in new.iter().filter(|name| !old.contains(name)) {
        changes.push(Change::new(
            Rule::FormatAdded,
            "",
            format!("the API also speaks `{}`", LogSafe(name)),
        ));
    }
    changes
}

/// What a snapshot becomes once the changes are accepted: the new codes,
/// then a tombstone for every old code that is not among them (old
/// tombstones included), in the old order. Scenarios and docs are not
/// recorded.
pub fn next_snapshot(old: &[Published], new: &[Published]) -> Vec<Published> {
    let now: HashSet<&str> = new.iter().map(|entry| entry.code.as_str()).collect();
    let tombstones = old
        .iter()
        .filter(|was| !now.contains(was.code.as_str()))
        .map(|was| Published {
            removed: true,
            ..was.clone()
        });
    new.iter()
        .cloned()
        .chain(tombstones)
        .map(|entry| Published {
            scenario: None,
            docs: None,
            ..entry
        })
        .collect()
}

fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("`{{{}}}`", LogSafe(name)))
        .collect::<Vec<_>>()
        .join(", ")
}
