//! Sentence and token segmentation with byte offsets.
