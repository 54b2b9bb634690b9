//! The dictionary event coder: CAMEO, PLOVER, Goldstein and quad class.
