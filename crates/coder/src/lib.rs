//! The dictionary event coder: who did what to whom, in CAMEO, with PLOVER, Goldstein and quad
//! class, and the dictionary entry that fired.

pub mod codes;
pub mod dict;
pub mod petrarch;
