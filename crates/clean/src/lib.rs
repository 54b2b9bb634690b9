//! First-cut cleaning: strips markup and scraped clutter, keeping offsets into the input.
