//! The catalogue loader of errcat's build script: the same source files, so
//! the derive reads a catalogue exactly as errcat's build does.

#![allow(dead_code)]

#[path = "../../../codegen/diagnostic.rs"]
pub mod diagnostic;
#[path = "../../../codegen/load.rs"]
pub mod load;
#[path = "../../../codegen/names.rs"]
pub mod names;
#[path = "../../../src/phf.rs"]
pub mod phf_runtime;
#[path = "../../../codegen/template.rs"]
pub mod template;
#[path = "../../../codegen/validate.rs"]
pub mod validate;
