//! The embedded event store (SQLite): documents, events, dyad timelines.
