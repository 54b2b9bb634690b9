//! Finds actor mentions and resolves them to a country, sector and name.
