//! Assembles the standard stages into a checked pipeline.
