//! The catalogue the codes are checked against: the rows a catalogue's
//! module hands over as the tokens of its `__errcat_catalogue!` macro (see
//! errcat-build's `render/derive.rs`), parsed back here.

use std::collections::HashMap;

use std::cell::OnceCell;

use errcat_core::suggest::Index;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Result, Token};

/// One row, as much of it as the derive needs.
pub struct Row {
    pub code: String,
    /// The code enum's variant.
    pub name: String,
    /// The description template, for messages.
    pub description: String,
    /// The placeholder names, in order of first appearance.
    pub placeholders: Vec<String>,
    pub deprecated: bool,
}

pub struct Catalogue {
    /// The API's name, for messages.
    pub name: String,
    pub rows: Vec<Row>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// "Did you mean" over the codes and over the names, built at the first
    /// mistake: a derive may name many codes of a large catalogue wrongly.
    nearest_codes: OnceCell<Index>,
    nearest_names: OnceCell<Index>,
}

impl Catalogue {
    pub fn by_code(&self, code: &str) -> Option<&Row> {
        self.by_code.get(code).map(|&index| &self.rows[index])
    }

    pub fn by_name(&self, name: &str) -> Option<&Row> {
        self.by_name.get(name).map(|&index| &self.rows[index])
    }

    /// The code closest to a wrong one (errcat-core's rule, as everywhere).
    pub fn nearest_code(&self, wrong: &str) -> Option<&str> {
        let index = self
            .nearest_codes
            .get_or_init(|| Index::new(self.rows.iter().map(|row| row.code.as_str())));
        index.closest(wrong).map(|at| self.rows[at].code.as_str())
    }

    /// The variant name closest to a wrong one.
    pub fn nearest_name(&self, wrong: &str) -> Option<&str> {
        let index = self
            .nearest_names
            .get_or_init(|| Index::new(self.rows.iter().map(|row| row.name.as_str())));
        index.closest(wrong).map(|at| self.rows[at].name.as_str())
    }
}

/// One line of the rows' literal: code, variant, `deprecated` or `-`,
/// placeholders separated by `,`, description, separated by tabs.
fn row(line: &str) -> Option<Row> {
    let mut fields = line.splitn(5, '\t');
    let code = fields.next()?.to_owned();
    let name = fields.next()?.to_owned();
    let deprecated = fields.next()? == "deprecated";
    let placeholders = fields
        .next()?
        .split(',')
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
    let description = fields.next()?.to_owned();
    Some(Row {
        code,
        name,
        description,
        placeholders,
        deprecated,
    })
}

/// `catalogue = "Name"; rows = r#"..."#;`, as errcat-build's
/// `render/derive.rs` writes them.
impl Parse for Catalogue {
    fn parse(input: ParseStream<'_>) -> Result<Catalogue> {
        keyword(input, "catalogue")?;
        let name: LitStr = input.parse()?;
        input.parse::<Token![;]>()?;
        keyword(input, "rows")?;
        let literal: LitStr = input.parse()?;
        input.parse::<Token![;]>()?;
        let text = literal.value();
        let rows = text
            .lines()
            .filter(|line| !line.is_empty())
            .map(|line| {
                row(line).ok_or_else(|| {
                    syn::Error::new(
                        literal.span(),
                        format!("a catalogue row errcat-macros cannot read: {line:?}; use the same version of errcat-build and errcat"),
                    )
                })
            })
            .collect::<Result<Vec<Row>>>()?;
        let index_by = |key: fn(&Row) -> &String| -> HashMap<String, usize> {
            rows.iter()
                .enumerate()
                .map(|(index, row)| (key(row).clone(), index))
                .collect()
        };
        let by_code = index_by(|row| &row.code);
        let by_name = index_by(|row| &row.name);
        Ok(Catalogue {
            name: name.value(),
            rows,
            by_code,
            by_name,
            nearest_codes: OnceCell::new(),
            nearest_names: OnceCell::new(),
        })
    }
}

/// `word =`
pub fn keyword(input: ParseStream<'_>, word: &str) -> Result<()> {
    let ident: Ident = input.parse()?;
    if ident != word {
        return Err(syn::Error::new(ident.span(), format!("expected `{word}`")));
    }
    input.parse::<Token![=]>()?;
    Ok(())
}
