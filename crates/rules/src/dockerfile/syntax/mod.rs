//! A Dockerfile's syntax: the parser, instructions and their forms, the shell words of
//! `RUN`, JSON (exec) form, image references, the variables arguments name, and what
//! the parser validates.

pub(crate) mod instruction;
pub mod json_form;
pub(crate) mod parser;
pub mod shell;
pub(crate) mod tree;
mod validate;
pub(crate) mod variables;
