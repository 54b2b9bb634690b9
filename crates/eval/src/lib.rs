//! Scores attache against the development gold sets in ../shared.
